#include "intake/generic_order.h"

#include "encoding/json_reader.h"
#include "networks/network_table.h"

namespace edgepost {
namespace {

parsed_order fail(error_code code, std::string message) {
  parsed_order out;
  out.failure = refusal(code == error_code::too_large ? 413 : 400, std::string(error_name(code)), std::move(message));
  return out;
}

bool is_currency_code(std::string_view c) {
  if (c.size() != 3) return false;
  for (char ch : c)
    if (ch < 'A' || ch > 'Z') return false;
  return true;
}

// A money field: a decimal string, or a JSON integer. A JSON fraction ("19.99" unquoted) is
// refused: it has already been through a double by the time anyone reads it.
bool read_amount(json_element e, micros& out) {
  if (const auto s = as_string(e)) {
    micros v = 0;
    if (parse_decimal_amount(*s).get(v) != error_code::success) return false;
    out = v;
    return true;
  }
  if (const auto i = as_integer(e)) {
    micros v = 0;
    if (*i > 1'000'000'000'000 || *i < -1'000'000'000'000) return false;
    if (multiply_amount(*i, micros_per_unit).get(v) != error_code::success) return false;
    out = v;
    return true;
  }
  return false;
}

bool within_text_limit(std::string_view s) { return s.size() <= 512; }

parsed_order parse_order_element(json_element order) {
  const auto root = as_object(order);
  if (!root) return fail(error_code::malformed_json, "the body must be a JSON object");

  parsed_order out;
  order_event& o = out.order;

  const auto order_id = string_field(*root, "order_id");
  if (!order_id) return fail(error_code::missing_field, "order_id is required (a string)");
  if (!is_valid_order_id(*order_id))
    return fail(error_code::invalid_field, "order_id must be 1 to 40 characters without spaces or control characters");
  o.order_id = std::string(*order_id);

  const auto status = string_field(*root, "status");
  if (!status) return fail(error_code::missing_field, "status is required: paid, refunded or cancelled");
  if (*status == "paid") o.status = order_status::paid;
  else if (*status == "refunded") o.status = order_status::refunded;
  else if (*status == "cancelled") o.status = order_status::cancelled;
  else return fail(error_code::invalid_field, "status must be paid, refunded or cancelled");

  const auto currency = string_field(*root, "currency");
  if (!currency) return fail(error_code::missing_field, "currency is required (ISO 4217, e.g. USD)");
  if (!is_currency_code(*currency))
    return fail(error_code::invalid_field, "currency must be a three-letter upper-case ISO 4217 code");
  o.currency = std::string(*currency);

  const auto created_at = string_field(*root, "created_at");
  if (!created_at) return fail(error_code::missing_field, "created_at is required (RFC 3339, e.g. 2026-11-24T10:02:00Z)");
  const auto created = parse_rfc3339(*created_at);
  if (!created) return fail(error_code::invalid_field, "created_at must be an RFC 3339 date-time");
  o.created_at = *created;

  const auto items_element = field(*root, "items");
  const auto items = items_element ? as_array(*items_element) : std::nullopt;
  const bool needs_items = o.status == order_status::paid;
  if (!items && needs_items) return fail(error_code::missing_field, "items is required (a non-empty array)");
  if (items) {
    for (json_element item_element : *items) {
      if (o.items.size() == max_line_items) return fail(error_code::too_large, "at most 1000 items per order");
      const auto item = as_object(item_element);
      if (!item) return fail(error_code::invalid_field, "each item must be an object");
      line_item li;
      const auto sku = string_field(*item, "sku");
      if (!sku || sku->empty() || !within_text_limit(*sku))
        return fail(error_code::invalid_field, "each item needs a sku (1 to 512 characters)");
      li.sku = std::string(*sku);
      const auto name = string_field(*item, "name");
      if (name && !within_text_limit(*name)) return fail(error_code::invalid_field, "item name is over 512 characters");
      li.name = name ? std::string(*name) : li.sku;
      const auto quantity = integer_field(*item, "quantity");
      if (!quantity || *quantity < 1 || *quantity > max_quantity)
        return fail(error_code::invalid_field, "each item needs a whole quantity from 1 to 1000000");
      li.quantity = *quantity;
      const auto price = field(*item, "unit_price");
      if (!price) return fail(error_code::missing_field, "each item needs a unit_price (a decimal string like \"19.99\")");
      if (!read_amount(*price, li.unit_price) || li.unit_price < 0)
        return fail(error_code::invalid_field,
                    "unit_price must be a non-negative decimal string with at most 6 decimals, like \"19.99\"");
      micros line_total = 0;
      if (multiply_amount(li.unit_price, li.quantity).get(line_total) != error_code::success)
        return fail(error_code::amount_out_of_range, "an item's unit_price times quantity is too large");
      o.items.push_back(std::move(li));
    }
    if (o.items.empty() && needs_items) return fail(error_code::invalid_field, "items must not be empty");
  }

  if (const auto discount = field(*root, "discount"); discount && !is_null(*discount)) {
    if (!read_amount(*discount, o.discount) || o.discount < 0)
      return fail(error_code::invalid_field, "discount must be a non-negative decimal string, like \"5.00\"");
  }

  if (o.status == order_status::refunded) {
    const auto refund_id = string_field(*root, "refund_id");
    if (!refund_id || refund_id->empty() || refund_id->size() > 128)
      return fail(error_code::missing_field, "refund_id is required for a refund (1 to 128 characters)");
    o.refund_id = std::string(*refund_id);
    if (const auto amount = field(*root, "refund_amount"); amount && !is_null(*amount)) {
      if (!read_amount(*amount, o.refund_amount) || o.refund_amount < 0)
        return fail(error_code::invalid_field, "refund_amount must be a non-negative decimal string, like \"10.00\"");
    }
    if (o.items.empty() && o.refund_amount < 0)
      return fail(error_code::missing_field, "a refund needs the returned items or a refund_amount");
  }
  o.order_key = o.order_id;  // the orders API keys an order by its id

  if (const auto attribution = string_field(*root, "attribution")) {
    if (attribution->size() > 1024) return fail(error_code::invalid_field, "attribution is over 1024 characters");
    o.attribution = std::string(*attribution);
  }

  if (const auto click_element = field(*root, "click"); click_element && !is_null(*click_element)) {
    const auto c = as_object(*click_element);
    if (!c) return fail(error_code::invalid_field, "click must be an object with site_id and landed_at");
    click k;
    // {"network", "click_id", "landed_at"} names any network of the table; the Rakuten shape
    // {"site_id", "mid", "landed_at"} means the table's first.
    if (const auto name = string_field(*c, "network")) {
      const network* n = find_network(*name);
      if (!n) return fail(error_code::invalid_field, "click.network must name a network edgepost knows (README, \"Networks\")");
      k.network = std::string(n->name);
    } else {
      k.network = std::string(networks().front().name);
    }
    const auto id = string_field(*c, field(*c, "click_id") ? "click_id" : "site_id");
    if (!id || !network_named(k.network)->valid_click_id(*id))
      return fail(error_code::invalid_field,
                  "click.click_id (or site_id) must be the network's click id: letters, digits and -._/* (at most 128)");
    k.site_id = std::string(*id);
    const auto landed = string_field(*c, "landed_at");
    const auto landed_at = landed ? parse_rfc3339(*landed) : std::nullopt;
    if (!landed_at) return fail(error_code::invalid_field, "click.landed_at must be an RFC 3339 date-time");
    k.landed_at = *landed_at;
    if (const auto mid = string_field(*c, "mid"); mid && !mid->empty()) {
      if (!is_valid_mid(*mid)) return fail(error_code::invalid_field, "click.mid must be numeric");
      k.mid = std::string(*mid);
    }
    o.explicit_click = std::move(k);
  }

  if (const auto keys_element = field(*root, "join_keys"); keys_element && !is_null(*keys_element)) {
    const auto keys = as_array(*keys_element);
    if (!keys) return fail(error_code::invalid_field, "join_keys must be an array of \"name:value\" strings");
    for (json_element key_element : *keys) {
      const auto key = as_string(key_element);
      if (!key || key->find(':') == std::string_view::npos || key->size() > 256 || o.join_keys.size() >= 16)
        return fail(error_code::invalid_field, "join_keys must be at most 16 \"name:value\" strings");
      o.join_keys.emplace_back(*key);
    }
  }
  return out;
}

}  // namespace

parsed_order parse_generic_order(std::string_view body) {
  json_document doc;
  if (!doc.parse(body)) return fail(error_code::malformed_json, "the body is not valid JSON");
  return parse_order_element(doc.root());
}

}  // namespace edgepost
