// The signed attribution cookie: the latest click of each network the shopper came through.
// Formats (documented in the README so an origin can read them):
//
//   v1.<base64url(payload)>.<base64url(HMAC-SHA256(secret, "edgepost-click-v1." + base64url(payload)))>
//   payload = <site_id> "|" <landed_at unix seconds> "|" <mid> "|" <eaid>
//   (one click of the network table's first network, Rakuten: the form a Rakuten-only cookie keeps)
//
//   v2.<base64url(payload)>.<base64url(HMAC-SHA256(secret, "edgepost-click-v2." + base64url(payload)))>
//   payload = one entry per network, separated by "~":
//             <network> "|" <click id> "|" <landed_at unix seconds> "|" <mid> "|" <eaid>
//
// Every part is a cookie-octet and none contains ';', so the value needs no quoting. The label
// inside the MAC keeps a MAC computed for another purpose with the same secret from verifying.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "crypto/crypto.h"
#include "model/click.h"
#include "support/result.h"

namespace edgepost {

constexpr std::string_view attribution_cookie_name = "edgepost_click";

std::string sign_attribution_token(const click& c, std::string_view secret);
// At most one click per network (the caller keeps the latest); v1 when the set is one click of
// the table's first network, v2 otherwise.
std::string sign_click_set(const std::vector<click>& clicks, std::string_view secret);
std::string sign_click_set(const std::vector<click>& clicks, const hmac_sha256_key& key);

struct token_secrets {
  std::string_view current;
  std::string_view previous;  // still verifies during a rotation; may be empty
};

// The same secrets made ready once.
struct token_keys {
  const hmac_sha256_key& current;
  const hmac_sha256_key& previous;  // may be empty
};

// COOKIE_SECRET and COOKIE_SECRET_PREVIOUS as the configuration keeps them, made ready.
inline token_keys cookie_keys(const config& settings) {
  return {settings.cookie_secret.key(), settings.cookie_secret_previous.key()};
}

// Verifies the MAC with the current secret, then the previous one; then checks the lifetime:
// a click older than `lifetime_seconds`, or from more than five minutes in the future, is refused.
// Every click of a v1 or v2 cookie that is still within its lifetime, each with its network named
// (a v1 click is the table's first network's). token_expired when none is.
result<std::vector<click>> verify_click_set(std::string_view token, const token_secrets& secrets, unix_seconds now,
                                            int64_t lifetime_seconds);
result<std::vector<click>> verify_click_set(std::string_view token, const token_keys& keys, unix_seconds now,
                                            int64_t lifetime_seconds);

// The click token a landing whose consent is undecided hands its page (README, "Consent"):
//   c1.<base64url(payload)>.<base64url(HMAC-SHA256(secret, "edgepost-consent-v1." + base64url(payload)))>
// with the v2 payload. Its own prefix and label keep it from ever verifying as a cookie, and a
// cookie from verifying as it; it lives an hour from the landing.
constexpr int64_t consent_token_lifetime_seconds = 3600;
std::string sign_consent_token(const std::vector<click>& clicks, std::string_view secret);
result<std::vector<click>> verify_consent_token(std::string_view token, const token_secrets& secrets, unix_seconds now);

// The latest of verify_click_set's clicks.
result<click> verify_attribution_token(std::string_view token, const token_secrets& secrets, unix_seconds now,
                                       int64_t lifetime_seconds);
result<click> verify_attribution_token(std::string_view token, const token_keys& keys, unix_seconds now,
                                       int64_t lifetime_seconds);

}  // namespace edgepost
