#include "consent/landing_consent.h"

#include "consent/consent_platforms.h"
#include "encoding/cookie_header.h"

namespace edgepost {
namespace {

consent_state from_answer(consent_answer a) {
  switch (a) {
    case consent_answer::granted: return consent_state::granted;
    case consent_answer::denied: return consent_state::denied;
    case consent_answer::undecided: return consent_state::undecided;
  }
  return consent_state::denied;
}

int64_t tcf_vendor_of(const config& settings, std::string_view network) {
  for (const auto& [name, id] : settings.consent_tcf_vendors)
    if (name == network) return id;
  return 0;
}

}  // namespace

std::string_view consent_state_name(consent_state s) {
  switch (s) {
    case consent_state::off: return "off";
    case consent_state::granted: return "granted";
    case consent_state::exempt: return "exempt";
    case consent_state::denied: return "denied";
    case consent_state::undecided: return "undecided";
  }
  return "denied";
}

consent_state consent_for_click(const config& settings, std::string_view cookie_header, std::string_view network,
                                std::string_view publisher) {
  if (settings.consent == consent_source::off) return consent_state::off;
  if (!publisher.empty())
    for (const auto& site : settings.consent_exempt_sites)
      if (site == publisher) return consent_state::exempt;
  switch (settings.consent) {
    case consent_source::tcf: {
      const auto tc = find_cookie(cookie_header, "euconsent-v2");
      return tc ? from_answer(tcf_consent(*tc, tcf_vendor_of(settings, network))) : consent_state::undecided;
    }
    case consent_source::onetrust: {
      const auto value = find_cookie(cookie_header, "OptanonConsent");
      return value ? from_answer(onetrust_consent(*value, settings.consent_group)) : consent_state::undecided;
    }
    case consent_source::cookiebot: {
      const auto value = find_cookie(cookie_header, "CookieConsent");
      return value ? from_answer(cookiebot_consent(*value)) : consent_state::undecided;
    }
    case consent_source::cookie: {
      const auto value = find_cookie(cookie_header, settings.consent_cookie_name);
      if (!value) return consent_state::undecided;
      return *value == settings.consent_cookie_value ? consent_state::granted : consent_state::denied;
    }
    case consent_source::off: break;
  }
  return consent_state::off;
}

}  // namespace edgepost
