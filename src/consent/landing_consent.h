// Whether a landing may store a network's click (README, "Consent"): the consent the merchant's
// platform recorded in the request's own cookies, read as CONSENT says, per network (TCF: each
// network's vendor id), with the merchant's exempt publishers tracked whatever the banner says.
#pragma once
#include <string_view>

#include "config/config.h"

namespace edgepost {

enum class consent_state {
  off,        // CONSENT=off: not asked, stored as always
  granted,    // stored
  exempt,     // the publisher is one of CONSENT_EXEMPT_SITES: stored
  denied,     // nothing stored
  undecided,  // the banner is not answered yet: nothing stored
};
std::string_view consent_state_name(consent_state s);
constexpr bool may_store(consent_state s) {
  return s == consent_state::off || s == consent_state::granted || s == consent_state::exempt;
}

// `publisher`: the publisher the click names, as its network's entry reads it; empty when the
// network's clicks name none (then it cannot be exempt).
consent_state consent_for_click(const config& settings, std::string_view cookie_header, std::string_view network,
                                std::string_view publisher);

}  // namespace edgepost
