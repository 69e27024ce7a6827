// POST /_edgepost/consent (README, "Consent"): the page of a landing whose consent was undecided
// sends back its click token once the consent platform reports an answer; the clicks are stored
// then, each only if this request's own consent cookie now grants its network.
#pragma once
#include <string_view>

#include "config/config.h"
#include "encoding/core_answer.h"
#include "support/utc_time.h"

namespace edgepost {

// The body holds one token of at most five clicks; a larger one is refused (413).
constexpr int64_t consent_body_bytes = 4096;

// The body is `token=<token>` (form-encoded) or {"token": "<token>"} (JSON). 204 with the cookies
// to set (none without consent): {"status", "set_cookies", "consent": {"<network>": "<state>"},
// "stored": n, "landing_counts": ["recovered", …] and "landing_day" for the stats}; 400 with {"error", "message"} for a body without a token, or a token that is
// forged, malformed or over an hour old; 413 for a body over consent_body_bytes.
core_answer answer_consent_grant(const config& settings, std::string_view cookie_header, std::string_view content_type,
                                 std::string_view body, unix_seconds now);

}  // namespace edgepost
