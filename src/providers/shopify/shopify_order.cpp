#include "providers/shopify/shopify_order.h"

#include "attribution/reference_token.h"
#include "encoding/json_money.h"
#include "encoding/query_string.h"

namespace edgepost {
namespace {

std::optional<std::string> id_text(json_object o, std::string_view name) {
  const auto e = field(o, name);
  if (!e) return std::nullopt;
  if (const auto i = as_integer(*e)) return std::to_string(*i);
  uint64_t u = 0;
  if (e->get_uint64().get(u) == simdjson::SUCCESS) return std::to_string(u);
  if (const auto s = as_string(*e)) return std::string(*s);
  return std::nullopt;
}

// subtotal_set.shop_money: the string form of an amount Shopify also sends as a float.
std::optional<json_object> shop_money(json_object o, std::string_view set_name) {
  const auto set_element = field(o, set_name);
  const auto set = set_element ? as_object(*set_element) : std::nullopt;
  const auto money_element = set ? field(*set, "shop_money") : std::nullopt;
  return money_element ? as_object(*money_element) : std::nullopt;
}

std::string sku_of(json_object line) {
  if (const auto sku = string_field(line, "sku"); sku && !sku->empty()) return std::string(*sku);
  if (const auto variant = id_text(line, "variant_id")) return *variant;
  return id_text(line, "id").value_or("ITEM");
}

std::string ord_from_name(json_object order) {
  std::string name(string_field(order, "name").value_or(""));
  if (!name.empty() && name.front() == '#') name.erase(0, 1);
  bool valid = !name.empty() && name.size() <= max_order_id_length;
  for (char c : name)
    if (static_cast<unsigned char>(c) <= 0x20) valid = false;
  if (valid) return name;
  return id_text(order, "order_number").value_or(id_text(order, "id").value_or(""));
}

provider_reading read_order(json_object order, order_status status) {
  const auto id = id_text(order, "id");
  const auto currency = string_field(order, "currency");
  const auto created = time_field(order, "created_at");
  if (!id || !currency || !created) return unreadable_reading("a Shopify order needs id, currency and created_at");
  order_event o;
  o.order_id = ord_from_name(order);
  o.order_key = "shopify:" + *id;
  o.status = status;
  o.currency = std::string(*currency);
  o.created_at = *created;
  if (const auto cancelled = time_field(order, "cancelled_at"); status == order_status::cancelled && cancelled)
    o.created_at = *cancelled;
  if (const auto lines_element = field(order, "line_items")) {
    if (const auto lines = as_array(*lines_element)) {
      for (json_element e : *lines) {
        const auto line = as_object(e);
        if (!line) continue;
        line_item li;
        li.sku = sku_of(*line);
        li.name = std::string(string_field(*line, "name").value_or(string_field(*line, "title").value_or(li.sku)));
        li.quantity = integer_field(*line, "quantity").value_or(0);
        const auto price = decimal_string_field(*line, "price");
        if (!price || li.quantity < 1) return unreadable_reading("a Shopify line item needs quantity and price");
        li.unit_price = *price;
        o.items.push_back(std::move(li));
      }
    }
  }
  if (o.items.empty() && status == order_status::paid) return unreadable_reading("a paid Shopify order has no line items");
  o.discount = decimal_string_field(order, "total_discounts").value_or(0);

  if (const auto notes_element = field(order, "note_attributes")) {
    if (const auto notes = as_array(*notes_element)) {
      for (json_element e : *notes) {
        const auto note = as_object(e);
        if (note && string_field(*note, "name") == std::optional<std::string_view>(shopify_cart_attribute))
          o.attribution = attribution_token_from_reference(string_field(*note, "value").value_or(""));
      }
    }
  }
  if (const auto cart = string_field(order, "cart_token"); cart && !cart->empty())
    o.join_keys.push_back("shopify_cart:" + std::string(*cart));
  if (const auto landing = string_field(order, "landing_site"); landing && !landing->empty()) {
    const auto site_id = find_query_parameter(query_of_url(*landing), "ranSiteID");
    if (site_id && is_valid_site_id(*site_id)) {
      click inferred{*site_id, o.created_at, "", ""};
      if (const auto mid = find_query_parameter(query_of_url(*landing), "ranMID"); mid && is_valid_mid(*mid))
        inferred.mid = *mid;
      o.fallback_click = std::move(inferred);
    }
  }
  provider_reading r;
  r.answer.code = status == order_status::paid ? "paid" : "cancelled";
  r.orders.push_back(std::move(o));
  return r;
}

provider_reading read_refund(json_object refund) {
  const auto id = id_text(refund, "id");
  const auto order_id = id_text(refund, "order_id");
  const auto created = time_field(refund, "created_at");
  if (!id || !order_id || !created) return unreadable_reading("a Shopify refund needs id, order_id and created_at");
  order_event o;
  o.order_key = "shopify:" + *order_id;
  o.status = order_status::refunded;
  o.refund_id = *id;
  o.created_at = *created;
  if (const auto lines_element = field(refund, "refund_line_items")) {
    if (const auto lines = as_array(*lines_element)) {
      for (json_element e : *lines) {
        const auto line = as_object(e);
        const auto item_element = line ? field(*line, "line_item") : std::nullopt;
        const auto item = item_element ? as_object(*item_element) : std::nullopt;
        if (!item) continue;
        line_item li;
        li.sku = sku_of(*item);
        li.name = std::string(string_field(*item, "name").value_or(string_field(*item, "title").value_or(li.sku)));
        li.quantity = integer_field(*line, "quantity").value_or(0);
        if (li.quantity < 1) continue;  // a restock-only or shipping-only line
        const auto money = shop_money(*line, "subtotal_set");
        const auto subtotal = money ? decimal_string_field(*money, "amount") : std::nullopt;
        if (money && o.currency.empty()) o.currency = std::string(string_field(*money, "currency_code").value_or(""));
        const auto price = decimal_string_field(*item, "price");
        if (subtotal) li.unit_price = *subtotal / li.quantity;
        else if (price) li.unit_price = *price;
        else return unreadable_reading("a Shopify refund line needs subtotal_set or its line item's price");
        o.items.push_back(std::move(li));
      }
    }
  }
  if (o.items.empty()) return ignored_reading("the refund returns no items (shipping or adjustment only)");
  if (o.currency.empty()) {
    if (const auto tx_element = field(refund, "transactions"))
      if (const auto txs = as_array(*tx_element))
        for (json_element e : *txs)
          if (const auto tx = as_object(e); tx && o.currency.empty())
            o.currency = std::string(string_field(*tx, "currency").value_or(""));
  }
  if (o.currency.empty()) return unreadable_reading("a Shopify refund needs its currency (subtotal_set or transactions)");
  provider_reading r;
  r.answer.code = "refunded";
  r.orders.push_back(std::move(o));
  return r;
}

}  // namespace

provider_reading read_shopify_webhook(std::string_view topic, std::string_view body) {
  json_document doc;
  if (!doc.parse(body)) return unreadable_reading("the body is not valid JSON");
  const auto root = as_object(doc.root());
  if (!root) return unreadable_reading("the body must be a JSON object");
  if (topic == "orders/paid") return read_order(*root, order_status::paid);
  if (topic == "orders/cancelled") return read_order(*root, order_status::cancelled);
  if (topic == "refunds/create") return read_refund(*root);
  return ignored_reading("edgepost does not use the " + std::string(topic) + " topic");
}

}  // namespace edgepost
