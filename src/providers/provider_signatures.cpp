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

error_code verify_stripe_signature(std::string_view header, std::string_view body, std::string_view secret,
                                   unix_seconds now, int64_t tolerance_seconds) {
  if (header.empty()) return error_code::missing_signature;
  std::string_view timestamp;
  std::string_view rest = header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.substr(0, 2) == "t=") timestamp = item.substr(2);
  }
  int64_t t = 0;
  if (timestamp.empty() ||
      std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), t).ec != std::errc{})
    return error_code::bad_signature;
  if (t < now - tolerance_seconds || t > now + tolerance_seconds) return error_code::stale_timestamp;
  std::string signed_payload;
  signed_payload.reserve(timestamp.size() + 1 + body.size());
  signed_payload.append(timestamp).append(".").append(body);
  const std::string expected = to_hex(hmac_sha256(secret, signed_payload));
  bool matched = false;
  rest = header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.substr(0, 3) == "v1=") matched |= equal_in_constant_time(item.substr(3), expected);
  }
  return matched ? error_code::success : error_code::bad_signature;
}

error_code verify_base64_body_hmac(std::string_view header, std::string_view body, std::string_view secret) {
  if (header.empty()) return error_code::missing_signature;
  const sha256_digest mac = hmac_sha256(secret, body);
  const std::string expected =
      base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()), base64_alphabet::standard);
  return equal_in_constant_time(header, expected) ? error_code::success : error_code::bad_signature;
}

}  // namespace edgepost
