#include "providers/response_joins.h"

#include <algorithm>

#include "attribution/join_keys.h"
#include "encoding/cookie_header.h"
#include "encoding/query_string.h"

namespace edgepost {
namespace {

constexpr size_t max_identifier_length = 128;

bool is_alphanumeric(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Stops taking keys at the per-request limit, so a text stuffed with identifiers costs one scan.
void add(std::vector<std::string>& keys, std::string key) {
  if (keys.size() >= max_join_keys_per_request) return;
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

// Every identifier "<prefix><alphanumerics>" in `text` (Stripe ids and WooCommerce order keys
// are alphanumeric after their prefix), added as "<name>:<identifier>".
void scan(std::string_view text, std::string_view prefix, std::string_view name, std::vector<std::string>& keys) {
  size_t at = 0;
  while ((at = text.find(prefix, at)) != std::string_view::npos) {
    size_t end = at + prefix.size();
    while (end < text.size() && is_alphanumeric(text[end]) && end - at < max_identifier_length) ++end;
    if (end > at + prefix.size()) add(keys, std::string(name) + ":" + std::string(text.substr(at, end - at)));
    at = end;
  }
}

void scan_stripe_sessions(std::string_view text, std::vector<std::string>& keys) {
  scan(text, "cs_test_", "stripe_session", keys);
  scan(text, "cs_live_", "stripe_session", keys);
}

}  // namespace

void stripe_request_join_keys(std::string_view, std::string_view query, std::string_view,
                              std::vector<std::string>& keys) {
  if (query_mentions(query, "session_id"))
    if (const auto id = find_query_parameter(query, "session_id")) scan_stripe_sessions(*id, keys);
}

void stripe_response_join_keys(std::string_view text, std::vector<std::string>& keys) {
  scan_stripe_sessions(text, keys);
}

void woocommerce_request_join_keys(std::string_view path, std::string_view query, std::string_view,
                                   std::vector<std::string>& keys) {
  if (path.find("order-received") != std::string_view::npos)
    if (const auto key = find_query_parameter(query, "key")) scan(*key, "wc_order_", "woocommerce_order", keys);
}

void woocommerce_response_join_keys(std::string_view text, std::vector<std::string>& keys) {
  scan(text, "wc_order_", "woocommerce_order", keys);
}

void shopify_request_join_keys(std::string_view, std::string_view, std::string_view cookie_header,
                               std::vector<std::string>& keys) {
  if (const auto cart = find_cookie(cookie_header, "cart"); cart && is_valid_join_value(*cart))
    add(keys, "shopify_cart:" + std::string(*cart));
}

}  // namespace edgepost
