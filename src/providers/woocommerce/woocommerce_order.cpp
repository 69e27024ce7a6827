#include "providers/woocommerce/woocommerce_order.h"

#include "encoding/json_money.h"

namespace edgepost {
namespace {

// WooCommerce's *_gmt dates are UTC without a zone designator.
std::optional<unix_seconds> gmt_date(json_object o, std::string_view name) {
  const auto text = string_field(o, name);
  if (!text || text->empty()) return std::nullopt;
  if (const auto t = parse_rfc3339(*text)) return t;
  return parse_rfc3339(std::string(*text) + "Z");
}

std::string number_of(json_object order) {
  if (const auto n = string_field(order, "number"); n && !n->empty()) return std::string(*n);
  if (const auto id = integer_field(order, "id")) return std::to_string(*id);
  return {};
}

}  // namespace

bool is_woocommerce_ping(std::string_view body, std::string_view signature_header) {
  return signature_header.empty() && body.substr(0, 11) == "webhook_id=" && body.size() < 64;
}

provider_reading read_woocommerce_webhook(std::string_view topic, std::string_view body) {
  if (topic != "order.created" && topic != "order.updated")
    return ignored_reading("edgepost does not use the " + std::string(topic) + " topic");
  json_document doc;
  if (!doc.parse(body)) return unreadable_reading("the body is not valid JSON");
  const auto order = as_object(doc.root());
  if (!order) return unreadable_reading("the body must be a JSON object");
  const std::string number = number_of(*order);
  const auto status = string_field(*order, "status");
  const auto currency = string_field(*order, "currency");
  const auto created = gmt_date(*order, "date_created_gmt");
  if (number.empty() || number.size() > max_order_id_length || !status || !currency || !created)
    return unreadable_reading("a WooCommerce order needs number, status, currency and date_created_gmt");

  order_event base;
  base.order_id = number;
  base.order_key = number;
  base.currency = std::string(*currency);
  base.created_at = gmt_date(*order, "date_paid_gmt").value_or(*created);
  if (const auto key = string_field(*order, "order_key"); key && !key->empty())
    base.join_keys.push_back("woocommerce_order:" + std::string(*key));

  provider_reading r;
  const bool paid_status = *status == "processing" || *status == "completed" || *status == "refunded";
  if (paid_status || *status == "cancelled") {
    order_event paid = base;
    paid.status = order_status::paid;
    if (const auto lines_element = field(*order, "line_items")) {
      if (const auto lines = as_array(*lines_element)) {
        for (json_element e : *lines) {
          const auto line = as_object(e);
          if (!line) continue;
          line_item li;
          li.sku = std::string(string_field(*line, "sku").value_or(""));
          if (li.sku.empty())
            li.sku = "product-" + std::to_string(integer_field(*line, "product_id").value_or(0));
          li.name = std::string(string_field(*line, "name").value_or(li.sku));
          li.quantity = integer_field(*line, "quantity").value_or(0);
          // `price` is a JSON number (a float); `subtotal` is the same money as a string.
          const auto subtotal = decimal_string_field(*line, "subtotal");
          if (li.quantity < 1 || !subtotal) return unreadable_reading("a line item needs quantity and subtotal");
          li.unit_price = *subtotal / li.quantity;
          paid.items.push_back(std::move(li));
        }
      }
    }
    if (paid.items.empty()) return unreadable_reading("the order has no line items");
    paid.discount = decimal_string_field(*order, "discount_total").value_or(0);
    // A cancelled order that was never paid sends nothing; one that was is reversed below.
    if (paid_status || gmt_date(*order, "date_paid_gmt")) r.orders.push_back(paid);
    r.answer.code = "paid";
  }
  if (const auto refunds_element = field(*order, "refunds")) {
    if (const auto refunds = as_array(*refunds_element)) {
      for (json_element e : *refunds) {
        const auto refund = as_object(e);
        const auto id = refund ? integer_field(*refund, "id") : std::nullopt;
        const auto total = refund ? decimal_string_field(*refund, "total") : std::nullopt;  // "-10.00"
        if (!id || !total) continue;
        order_event o = base;
        o.status = order_status::refunded;
        o.refund_id = std::to_string(*id);
        o.refund_amount = *total < 0 ? -*total : *total;
        o.created_at = gmt_date(*order, "date_modified_gmt").value_or(base.created_at);
        o.join_keys.clear();
        r.orders.push_back(std::move(o));
      }
    }
  }
  if (*status == "cancelled" && !r.orders.empty()) {
    order_event o = base;
    o.status = order_status::cancelled;
    o.created_at = gmt_date(*order, "date_modified_gmt").value_or(base.created_at);
    o.join_keys.clear();
    r.orders.push_back(std::move(o));
    r.answer.code = "cancelled";
  }
  if (r.orders.empty()) return ignored_reading("the order is " + std::string(*status) + ": nothing to track yet");
  return r;
}

}  // namespace edgepost
