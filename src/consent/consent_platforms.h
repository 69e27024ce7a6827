// What each consent platform's own cookie says, read as the platform writes it. The platforms'
// documentation: OneTrust, "Cookie Consent: OptanonConsent cookie" (a form-encoded string whose
// `groups` lists "<group id>:<0|1>" pairs, `interactionCount` how often the banner was answered);
// Cookiebot, "The CookieConsent cookie" (a URL-encoded JavaScript object literal, not JSON:
// {stamp:'…',necessary:true,preferences:false,statistics:false,marketing:true,…}, where a stamp of
// '-1' means the visitor is where no consent is required); the IAB TCF `euconsent-v2` cookie
// (tc_string.h).
#pragma once
#include <string_view>

namespace edgepost {

enum class consent_answer { granted, denied, undecided };

// The value of OptanonConsent, as the Cookie header carries it. Undecided without `groups` or while
// `interactionCount` is 0; granted when `group` is listed with 1; denied otherwise, and for a value
// that cannot be read.
consent_answer onetrust_consent(std::string_view cookie_value, std::string_view group);

// The value of CookieConsent. granted with marketing:true or stamp:'-1'; denied otherwise, and for
// a value that cannot be read.
consent_answer cookiebot_consent(std::string_view cookie_value);

// The value of a TCF euconsent-v2 cookie: granted with purpose 1 and, when vendor_id is not 0, that
// vendor's consent; denied otherwise, and for a string that cannot be decoded.
consent_answer tcf_consent(std::string_view cookie_value, int64_t vendor_id);

}  // namespace edgepost
