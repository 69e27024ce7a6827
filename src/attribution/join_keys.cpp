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

bool join_key_takes_click(std::optional<unix_seconds> stored_expires_at, unix_seconds now) {
  return !stored_expires_at || *stored_expires_at <= now;
}

}  // namespace edgepost
