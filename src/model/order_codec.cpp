#include "model/order_codec.h"

#include "encoding/json_writer.h"

namespace edgepost {
namespace {

std::string_view status_name(order_status s) {
  return s == order_status::paid ? "paid" : s == order_status::refunded ? "refunded" : "cancelled";
}

std::optional<order_status> status_from_name(std::string_view name) {
  if (name == "paid") return order_status::paid;
  if (name == "refunded") return order_status::refunded;
  if (name == "cancelled") return order_status::cancelled;
  return std::nullopt;
}

// Amounts are written as decimal strings by format_decimal_amount.
bool read_stored_amount(json_object o, std::string_view name, micros& out) {
  const auto text = string_field(o, name);
  if (!text) return !field(o, name).has_value();  // absent: keep the default
  return parse_decimal_amount(*text).get(out) == error_code::success;
}

}  // namespace

bool read_stored_time(json_object o, std::string_view name, unix_seconds& out) {
  const auto value = integer_field(o, name);
  out = value.value_or(0);
  return !value || is_supported_time(*value);
}

void write_line_items(json_writer& out, const std::vector<line_item>& items) {
  out.begin_array();
  for (const auto& item : items) {
    out.begin_object();
    out.member("sku", item.sku).member("name", item.name).member("quantity", item.quantity);
    out.member("unit_price", format_decimal_amount(item.unit_price));
    out.end_object();
  }
  out.end_array();
}

error_code read_line_items(json_element element, std::vector<line_item>& items) {
  const auto list = as_array(element);
  if (!list) return error_code::malformed_json;
  for (json_element item_element : *list) {
    const auto item = as_object(item_element);
    if (!item) return error_code::malformed_json;
    line_item li;
    li.sku = std::string(string_field(*item, "sku").value_or(""));
    li.name = std::string(string_field(*item, "name").value_or(li.sku));
    li.quantity = integer_field(*item, "quantity").value_or(0);
    if (li.quantity < 0 || li.quantity > max_quantity) return error_code::invalid_field;
    if (!read_stored_amount(*item, "unit_price", li.unit_price)) return error_code::invalid_field;
    items.push_back(std::move(li));
  }
  return error_code::success;
}

void write_order_event(json_writer& out, const order_event& o) {
  out.begin_object();
  out.member("order_id", o.order_id);
  out.member("status", status_name(o.status));
  out.member("currency", o.currency);
  out.member("created_at", format_rfc3339(o.created_at));
  out.key("items");
  write_line_items(out, o.items);
  out.member("discount", format_decimal_amount(o.discount));
  if (!o.refund_id.empty()) out.member("refund_id", o.refund_id);
  if (o.refund_amount >= 0) out.member("refund_amount", format_decimal_amount(o.refund_amount));
  if (!o.order_key.empty() && o.order_key != o.order_id) out.member("order_key", o.order_key);
  if (!o.join_keys.empty()) {
    out.key("join_keys").begin_array();
    for (const auto& k : o.join_keys) out.string(k);
    out.end_array();
  }
  if (!o.links.empty()) {
    out.key("links").begin_array();
    for (const auto& k : o.links) out.string(k);
    out.end_array();
  }
  if (o.renewal) out.member("renewal", true);
  if (o.trial) out.member("trial", true);
  if (!o.trial_key.empty()) out.member("trial_key", o.trial_key);
  if (o.pays_trial) out.member("pays_trial", true);
  if (o.after_trial) out.member("after_trial", true);
  if (!o.alias_of.empty()) out.member("alias_of", o.alias_of);
  out.end_object();
}

result<order_event> read_order_event(json_element element) {
  const auto root = as_object(element);
  if (!root) return error_code::malformed_json;
  order_event o;
  const auto order_id = string_field(*root, "order_id");
  const auto status = status_from_name(string_field(*root, "status").value_or(""));
  const auto created_at = parse_rfc3339(string_field(*root, "created_at").value_or(""));
  if (!order_id || !status || !created_at) return error_code::missing_field;
  o.order_id = std::string(*order_id);
  o.status = *status;
  o.created_at = *created_at;
  o.currency = std::string(string_field(*root, "currency").value_or(""));
  if (const auto items_element = field(*root, "items"))
    if (const error_code e = read_line_items(*items_element, o.items); e != error_code::success) return e;
  if (!read_stored_amount(*root, "discount", o.discount) || !read_stored_amount(*root, "refund_amount", o.refund_amount))
    return error_code::invalid_field;
  o.refund_id = std::string(string_field(*root, "refund_id").value_or(""));
  o.order_key = std::string(string_field(*root, "order_key").value_or(o.order_id));
  for (const auto& [name, list] : {std::pair{"join_keys", &o.join_keys}, std::pair{"links", &o.links}}) {
    const auto keys_element = field(*root, name);
    if (!keys_element) continue;
    const auto keys = as_array(*keys_element);
    if (!keys) return error_code::malformed_json;
    for (json_element key_element : *keys) {
      const auto key = as_string(key_element);
      if (!key) return error_code::malformed_json;
      list->emplace_back(*key);
    }
  }
  for (const auto& [name, flag] : {std::pair{"renewal", &o.renewal}, std::pair{"trial", &o.trial},
                                   std::pair{"pays_trial", &o.pays_trial}, std::pair{"after_trial", &o.after_trial}})
    if (const auto value = field(*root, name)) *flag = as_boolean(*value).value_or(false);
  o.trial_key = std::string(string_field(*root, "trial_key").value_or(""));
  o.alias_of = std::string(string_field(*root, "alias_of").value_or(""));
  return o;
}

void write_click(json_writer& out, const click& c) {
  out.begin_object();
  if (!c.network.empty()) out.member("network", c.network);
  out.member("site_id", c.site_id).member("landed_at", c.landed_at);
  out.member("landed_at_utc", format_rfc3339(c.landed_at));
  out.member("mid", c.mid).member("eaid", c.eaid);
  out.end_object();
}

// The click id is checked even here: it is sent as `tr` and must never break the postback's query.
std::optional<click> read_click(json_element element) {
  const auto o = as_object(element);
  if (!o) return std::nullopt;
  click c;
  const auto site_id = string_field(*o, "site_id");
  const auto landed_at = integer_field(*o, "landed_at");
  if (!site_id || !landed_at || !is_valid_site_id(*site_id) || !is_supported_time(*landed_at)) return std::nullopt;
  c.site_id = std::string(*site_id);
  c.landed_at = *landed_at;
  if (const auto network = string_field(*o, "network")) {
    if (!is_valid_network_name(*network)) return std::nullopt;
    c.network = std::string(*network);
  }
  c.mid = std::string(string_field(*o, "mid").value_or(""));
  c.eaid = std::string(string_field(*o, "eaid").value_or(""));
  return c;
}

result<click> read_click(std::string_view json) {
  json_document doc;
  if (!doc.parse(json)) return error_code::malformed_json;
  auto c = read_click(doc.root());
  if (!c) return error_code::invalid_field;
  return std::move(*c);
}

}  // namespace edgepost
