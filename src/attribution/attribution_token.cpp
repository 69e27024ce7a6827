#include "attribution/attribution_token.h"

#include <charconv>

#include "crypto/crypto.h"
#include "encoding/base64.h"

namespace edgepost {
namespace {

constexpr std::string_view token_prefix = "v1.";
constexpr std::string_view mac_label = "edgepost-click-v1.";
constexpr int64_t allowed_clock_skew_seconds = 300;
constexpr size_t max_token_length = 1024;

std::string mac_text(std::string_view encoded_payload, std::string_view secret) {
  std::string message;
  message.reserve(mac_label.size() + encoded_payload.size());
  message.append(mac_label).append(encoded_payload);
  const sha256_digest mac = hmac_sha256(secret, message);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()),
                       base64_alphabet::url_safe);
}

bool split_fields(std::string_view payload, std::string_view (&fields)[4]) {
  for (int i = 0; i < 3; ++i) {
    const size_t bar = payload.find('|');
    if (bar == std::string_view::npos) return false;
    fields[i] = payload.substr(0, bar);
    payload.remove_prefix(bar + 1);
  }
  if (payload.find('|') != std::string_view::npos) return false;
  fields[3] = payload;
  return true;
}

}  // namespace

std::string sign_attribution_token(const click& c, std::string_view secret) {
  std::string payload;
  payload.append(c.site_id).append("|").append(std::to_string(c.landed_at)).append("|");
  payload.append(c.mid).append("|").append(c.eaid);
  const std::string encoded = base64_encode(payload, base64_alphabet::url_safe);
  std::string token;
  token.append(token_prefix).append(encoded).append(".").append(mac_text(encoded, secret));
  return token;
}

result<click> verify_attribution_token(std::string_view token, const token_secrets& secrets, unix_seconds now,
                                       int64_t lifetime_seconds) {
  if (token.size() > max_token_length || token.substr(0, token_prefix.size()) != token_prefix)
    return error_code::token_malformed;
  token.remove_prefix(token_prefix.size());
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos) return error_code::token_malformed;
  const std::string_view encoded_payload = token.substr(0, dot);
  const std::string_view presented_mac = token.substr(dot + 1);

  bool authentic = !secrets.current.empty() &&
                   equal_in_constant_time(mac_text(encoded_payload, secrets.current), presented_mac);
  if (!authentic && !secrets.previous.empty())
    authentic = equal_in_constant_time(mac_text(encoded_payload, secrets.previous), presented_mac);
  if (!authentic) return error_code::bad_signature;

  const auto payload = base64_decode(encoded_payload, base64_alphabet::url_safe);
  if (!payload) return error_code::token_malformed;
  std::string_view fields[4];
  if (!split_fields(*payload, fields)) return error_code::token_malformed;

  click c;
  c.site_id = std::string(fields[0]);
  const auto landed = fields[1];
  if (std::from_chars(landed.data(), landed.data() + landed.size(), c.landed_at).ec != std::errc{})
    return error_code::token_malformed;
  c.mid = std::string(fields[2]);
  c.eaid = std::string(fields[3]);
  if (!is_valid_site_id(c.site_id) || !is_supported_time(c.landed_at)) return error_code::token_malformed;

  if (c.landed_at > now + allowed_clock_skew_seconds) return error_code::token_expired;
  if (now - c.landed_at > lifetime_seconds) return error_code::token_expired;
  return c;
}

}  // namespace edgepost
