#include "providers/provider_signatures.h"

#include <charconv>
#include <string>

#include "crypto/crypto.h"
#include "encoding/base64.h"

namespace edgepost {
namespace {

std::string to_hex(const sha256_digest& d) {
  constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (auto b : d) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace

error_code verify_timestamped_hmac(std::string_view header, std::string_view body, std::string_view secret,
                                   unix_seconds now, int64_t tolerance_seconds, const timestamped_hmac_scheme& scheme) {
  if (header.empty()) return error_code::missing_signature;
  // Each item of the header, "<key>=<value>", in turn.
  const auto each_item = [&](auto&& visit) {
    for (std::string_view rest = header; !rest.empty();) {
      const size_t end = rest.find(scheme.item_separator);
      visit(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    }
  };
  std::string_view timestamp;
  each_item([&](std::string_view item) {
    if (item.substr(0, scheme.timestamp_key.size()) == scheme.timestamp_key) timestamp = item.substr(scheme.timestamp_key.size());
  });
  int64_t t = 0;
  if (timestamp.empty() ||
      std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), t).ptr != timestamp.data() + timestamp.size())
    return error_code::bad_signature;
  if (t < now - tolerance_seconds || t > now + tolerance_seconds) return error_code::stale_timestamp;
  std::string signed_payload;
  signed_payload.reserve(timestamp.size() + 1 + body.size());
  signed_payload.append(timestamp).append(1, scheme.payload_separator).append(body);
  const std::string expected = to_hex(hmac_sha256(secret, signed_payload));
  bool matched = false;
  each_item([&](std::string_view item) {
    if (item.substr(0, scheme.signature_key.size()) == scheme.signature_key)
      matched |= equal_in_constant_time(item.substr(scheme.signature_key.size()), expected);
  });
  return matched ? error_code::success : error_code::bad_signature;
}

error_code verify_stripe_signature(std::string_view header, std::string_view body, std::string_view secret,
                                   unix_seconds now, int64_t tolerance_seconds) {
  return verify_timestamped_hmac(header, body, secret, now, tolerance_seconds, {',', "t=", "v1=", '.'});
}

error_code verify_base64_body_hmac(std::string_view header, std::string_view body, std::string_view secret) {
  if (header.empty()) return error_code::missing_signature;
  const sha256_digest mac = hmac_sha256(secret, body);
  const std::string expected =
      base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()), base64_alphabet::standard);
  return equal_in_constant_time(header, expected) ? error_code::success : error_code::bad_signature;
}

}  // namespace edgepost
