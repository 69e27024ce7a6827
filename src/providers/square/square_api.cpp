#include "providers/square/square_api.h"

#include <string>

#include "encoding/json_reader.h"
#include "encoding/percent_encoding.h"
#include "providers/square/square_money.h"

namespace edgepost {
namespace {

std::string order_url(std::string_view base, std::string_view order_id, std::string_view) {
  std::string url(base);
  url += "/v2/orders/";
  append_uri_component(url, order_id);
  return url;
}

// Square writes quantities as decimal strings ("2", or "1.5" for an item sold by weight).
std::optional<int64_t> whole_quantity(std::string_view text) {
  if (text.empty() || text.size() > 7) return std::nullopt;
  int64_t q = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    q = q * 10 + (c - '0');
  }
  return q >= 1 ? std::optional<int64_t>(q) : std::nullopt;
}

api_list_page read_order_lines(std::string_view body, std::string_view currency, std::vector<line_item>& items) {
  api_list_page page;
  json_document doc;
  if (!doc.parse(body)) return page;
  const auto root = as_object(doc.root());
  const auto order_element = root ? field(*root, "order") : std::nullopt;
  const auto order = order_element ? as_object(*order_element) : std::nullopt;
  const auto lines_element = order ? field(*order, "line_items") : std::nullopt;
  const auto lines = lines_element ? as_array(*lines_element) : std::nullopt;
  if (!lines) return page;
  for (json_element e : *lines) {
    const auto line = as_object(e);
    if (!line) return page;
    const auto gross = money_at(*line, "gross_sales_money");
    const auto discount = money_at(*line, "total_discount_money");
    if (!gross || gross->currency != currency || (discount && discount->currency != currency)) return page;
    const micros net = gross->amount - (discount ? discount->amount : 0);
    if (net < 0) return page;
    line_item li;
    li.sku = std::string(string_field(*line, "catalog_object_id").value_or(""));
    if (li.sku.empty()) li.sku = std::string(string_field(*line, "uid").value_or("ITEM"));
    li.name = std::string(string_field(*line, "name").value_or(li.sku));
    if (const auto variation = string_field(*line, "variation_name"); variation && !variation->empty())
      li.name += " (" + std::string(*variation) + ")";
    // A line whose net does not divide by its quantity (or that is sold by weight) is one line of its net.
    const auto quantity = whole_quantity(string_field(*line, "quantity").value_or(""));
    li.quantity = quantity && net % *quantity == 0 ? *quantity : 1;
    li.unit_price = net / li.quantity;
    items.push_back(std::move(li));
  }
  page.ok = true;
  return page;
}

}  // namespace

const provider_api square_api = {
    .key_setting = "SQUARE_ACCESS_TOKEN",
    .base_setting = "SQUARE_API_BASE",
    .default_base = "https://connect.squareup.com",
    .authorization = bearer_authorization,
    .items_url = order_url,
    .read_items = read_order_lines,
    .refunds_url = nullptr,
    .read_refunds = nullptr,
};

}  // namespace edgepost
