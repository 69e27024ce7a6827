#include "intake/standard_webhooks.h"

#include <charconv>
#include <string>

#include "crypto/crypto.h"
#include "encoding/base64.h"

namespace edgepost {

namespace {

// base64(HMAC-SHA256(key, id "." timestamp "." body)), the signature every v1 entry carries.
std::string standard_webhook_mac(std::string_view key, std::string_view id, std::string_view timestamp,
                                 std::string_view body) {
  std::string signed_content;
  signed_content.reserve(id.size() + timestamp.size() + body.size() + 2);
  signed_content.append(id).append(".").append(timestamp).append(".").append(body);
  const sha256_digest mac = hmac_sha256(key, signed_content);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()), base64_alphabet::standard);
}

std::optional<std::string> secret_key(std::string_view secret) {
  if (secret.substr(0, 6) == "whsec_") secret.remove_prefix(6);
  auto key = base64_decode(secret, base64_alphabet::standard);
  if (!key || key->empty()) return std::nullopt;
  return key;
}

}  // namespace

std::string sign_standard_webhook(std::string_view id, std::string_view timestamp, std::string_view body,
                                  std::string_view secret) {
  const auto key = secret_key(secret);
  if (!key) return "";
  return "v1," + standard_webhook_mac(*key, id, timestamp, body);
}

error_code verify_standard_webhook(const standard_webhook_headers& headers, std::string_view body,
                                   std::string_view secret, unix_seconds now, int64_t tolerance_seconds) {
  if (headers.id.empty() || headers.timestamp.empty() || headers.signature.empty())
    return error_code::missing_signature;
  const auto key = secret_key(secret);
  if (!key) return error_code::not_configured;

  int64_t timestamp = 0;
  const auto [end, ec] =
      std::from_chars(headers.timestamp.data(), headers.timestamp.data() + headers.timestamp.size(), timestamp);
  if (ec != std::errc{} || end != headers.timestamp.data() + headers.timestamp.size())
    return error_code::bad_signature;
  // The timestamp is checked before the MAC is computed: a replay is refused cheaply. It is
  // authenticated below, so an attacker cannot refresh it.
  if (timestamp < now - tolerance_seconds || timestamp > now + tolerance_seconds) return error_code::stale_timestamp;

  const std::string expected = standard_webhook_mac(*key, headers.id, headers.timestamp, body);

  std::string_view list = headers.signature;
  bool matched = false;
  while (!list.empty()) {
    const size_t space = list.find(' ');
    const std::string_view entry = list.substr(0, space);
    list = space == std::string_view::npos ? std::string_view{} : list.substr(space + 1);
    if (entry.substr(0, 3) != "v1,") continue;
    // No early exit: every entry is compared, so timing does not reveal which one matched.
    matched |= equal_in_constant_time(entry.substr(3), expected);
  }
  return matched ? error_code::success : error_code::bad_signature;
}

}  // namespace edgepost
