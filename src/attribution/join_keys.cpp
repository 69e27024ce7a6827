#include "attribution/join_keys.h"

#include <algorithm>
#include <cstdint>

#include "encoding/cookie_header.h"
#include "encoding/query_string.h"

namespace edgepost {
namespace {

void add_key(std::vector<std::string>& keys, std::string_view name, std::string_view value) {
  if (!is_valid_join_value(value) || value.size() < min_join_value_length) return;
  std::string key = std::string(name) + ":" + std::string(value);
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

}  // namespace

bool is_valid_join_value(std::string_view v) {
  if (v.empty() || v.size() > max_join_value_length) return false;
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') return false;
  }
  return true;
}

void cap_join_keys(std::vector<std::string>& keys) {
  size_t bytes = 0;
  size_t kept = 0;
  while (kept < keys.size() && kept < max_join_keys_per_request && bytes + keys[kept].size() <= max_join_keys_bytes)
    bytes += keys[kept++].size();
  keys.resize(kept);
}

std::vector<std::string> capture_join_keys(const config& settings, std::string_view query,
                                           std::string_view cookie_header) {
  std::vector<std::string> keys;
  for (const auto& name : settings.join_cookies)
    if (const auto v = find_cookie(cookie_header, name)) add_key(keys, name, *v);
  for (const auto& name : settings.join_params)
    if (query_mentions(query, name))
      if (const auto v = find_query_parameter(query, name)) add_key(keys, name, *v);
  return keys;
}

std::string join_marker(std::string_view token, const std::vector<std::string>& keys) {
  // FNV-1a, 64 bits: cheap, deterministic, good enough to tell "same keys, same click" apart.
  uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
    h ^= 0xFF;
    h *= 0x100000001b3ULL;
  };
  mix(token);
  for (const auto& k : keys) mix(k);
  constexpr char hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = hex[h & 15];
  return out;
}

join_key_decision decide_join_key(const join_key_situation& s, unix_seconds now) {
  if (s.waiting_since && s.taken_after_order_for && now - *s.waiting_since > *s.taken_after_order_for)
    return {join_key_verdict::refused,
            "an order has waited at this checkout identifier for longer than JOIN_GRACE_SECONDS: seen after the sale, it takes no click"};
  if (s.stored_expires_at && *s.stored_expires_at > now) return {join_key_verdict::kept, {}};
  if (s.click_keys >= max_join_keys_per_click_per_shard)
    return {join_key_verdict::refused, "this click holds as many join keys as one click may in a shard"};
  if (s.shard_keys >= max_join_keys_per_shard)
    return {join_key_verdict::refused, "this order shard holds as many join keys as it may: new ones are not taken until old ones expire"};
  return {join_key_verdict::takes, {}};
}

}  // namespace edgepost
