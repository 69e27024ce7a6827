// An alert notification's delivery to one channel, with the postback's discipline: retried on the
// merchant's RETRY_SCHEDULE while the answer may change, and a 410 Gone switches the channel off
// (Standard Webhooks: the receiver asks not to be sent to again). Slack answers 404 or 403 when an
// incoming webhook was removed: that will not change either, so it is given up, not retried.
#pragma once
#include <cstdint>
#include <string>

#include "config/config.h"

namespace edgepost {

enum class alert_delivery_outcome { delivered, retry, given_up, channel_disabled };
std::string_view alert_delivery_outcome_name(alert_delivery_outcome o);

struct alert_delivery_verdict {
  alert_delivery_outcome outcome = alert_delivery_outcome::retry;
  int64_t retry_in_seconds = 0;  // for retry
};

// `attempts_made` counts this one; `status` 0 for no answer.
alert_delivery_verdict judge_alert_delivery(int status, int64_t attempts_made, const config& settings, uint32_t jitter);

}  // namespace edgepost
