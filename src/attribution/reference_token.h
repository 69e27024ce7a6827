// The attribution token in a form Stripe accepts as a Payment Link's client_reference_id
// (letters, digits, '-' and '_', at most 200 characters):
//   "ep1_" + base64url(payload) + "_" + base64url(MAC)      (MAC always 43 characters)
//   "ep2_" + …                                               (a v2 cookie: several networks' clicks)
// payload and MAC are those of the attribution cookie (attribution_token.h), so the cookie's
// secrets, rotation and lifetime apply unchanged. A cookie too long for 200 characters (several
// networks' clicks with long ids) has no reference: its pages are not tagged.
#pragma once
#include <string>
#include <string_view>

#include "attribution/attribution_token.h"

namespace edgepost {

std::string reference_from_attribution_token(std::string_view cookie_token);
// The cookie form of a reference, ready for verify_attribution_token; empty when it is not one.
std::string attribution_token_from_reference(std::string_view reference);

}  // namespace edgepost
