// The signed attribution cookie. Format (documented in the README so an origin can read it):
//
//   v1.<base64url(payload)>.<base64url(HMAC-SHA256(secret, "edgepost-click-v1." + base64url(payload)))>
//   payload = <site_id> "|" <landed_at unix seconds> "|" <mid> "|" <eaid>
//
// Every part is a cookie-octet and none contains ';', so the value needs no quoting. The label
// inside the MAC keeps a MAC computed for another purpose with the same secret from verifying.
#pragma once
#include <string>
#include <string_view>

#include "model/click.h"
#include "support/result.h"

namespace edgepost {

constexpr std::string_view attribution_cookie_name = "edgepost_click";

std::string sign_attribution_token(const click& c, std::string_view secret);

struct token_secrets {
  std::string_view current;
  std::string_view previous;  // still verifies during a rotation; may be empty
};

// Verifies the MAC with the current secret, then the previous one; then checks the lifetime:
// a click older than `lifetime_seconds`, or from more than five minutes in the future, is refused.
result<click> verify_attribution_token(std::string_view token, const token_secrets& secrets, unix_seconds now,
                                       int64_t lifetime_seconds);

}  // namespace edgepost
