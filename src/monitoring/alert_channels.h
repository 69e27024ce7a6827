// The alert desk's deliveries (operations alert_request, alert_answer): where a notification goes
// on one channel and how, signed at each attempt so a retry's timestamp is fresh; and what one
// attempt's answer means.
#pragma once
#include <string_view>

#include "config/config.h"
#include "encoding/core_answer.h"
#include "support/utc_time.h"

namespace edgepost {

// 200 {url, headers} (the Slack URL is a secret), or 404 when the channel is not configured.
core_answer answer_alert_request(const config& settings, std::string_view channel, std::string_view message_id,
                                 std::string_view body, unix_seconds now);

// 200 {outcome, retry_in_seconds}.
core_answer answer_alert_answer(const config& settings, int64_t attempts_made, int status, uint32_t jitter);

}  // namespace edgepost
