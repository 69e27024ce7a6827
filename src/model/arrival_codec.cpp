#include "model/arrival_codec.h"

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "model/order_codec.h"

namespace edgepost {

std::string write_arrival(const order_arrival& a) {
  json_writer out;
  out.begin_object();
  out.key("order");
  write_order_event(out, a.order);
  if (!a.clicks.empty()) {
    out.key("clicks").begin_array();
    for (const auto& c : a.clicks) write_click(out, c);
    out.end_array();
    out.member("click_source", a.click_source);
  }
  if (a.order.fallback_click) {
    out.key("fallback_click");
    write_click(out, *a.order.fallback_click);
  }
  if (a.items) {
    out.key("items");
    write_items_fetch(out, *a.items);
  }
  out.end_object();
  return out.take();
}

result<order_arrival> read_arrival(std::string_view json) {
  json_document doc;
  if (!doc.parse(json)) return error_code::malformed_json;
  const auto root = as_object(doc.root());
  if (!root) return error_code::malformed_json;
  const auto order = field(*root, "order");
  if (!order) return error_code::missing_field;
  order_arrival a;
  if (const error_code e = read_order_event(*order).get(a.order); e != error_code::success) return e;
  if (const auto list = field(*root, "clicks")) {
    const auto clicks = as_array(*list);
    if (!clicks) return error_code::invalid_field;
    for (json_element e : *clicks) {
      auto c = read_click(e);
      if (!c || a.clicks.size() >= max_clicks_per_order) return error_code::invalid_field;
      a.clicks.push_back(std::move(*c));
    }
    a.click_source = std::string(string_field(*root, "click_source").value_or("click"));
  } else if (const auto c = field(*root, "click")) {
    // One click, as arrivals were written before a cookie could carry several networks' clicks.
    auto one = read_click(*c);
    if (!one) return error_code::invalid_field;
    a.clicks.push_back(std::move(*one));
    a.click_source = std::string(string_field(*root, "click_source").value_or("click"));
  }
  if (const auto c = field(*root, "fallback_click")) {
    a.order.fallback_click = read_click(*c);
    if (!a.order.fallback_click) return error_code::invalid_field;
  }
  if (const auto items = field(*root, "items")) {
    a.items = read_items_fetch(*items);
    if (!a.items) return error_code::invalid_field;
  }
  return a;
}

}  // namespace edgepost
