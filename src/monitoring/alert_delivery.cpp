#include "monitoring/alert_delivery.h"

#include "machine/order_machine.h"

namespace edgepost {

std::string_view alert_delivery_outcome_name(alert_delivery_outcome o) {
  switch (o) {
    case alert_delivery_outcome::delivered: return "delivered";
    case alert_delivery_outcome::retry: return "retry";
    case alert_delivery_outcome::given_up: return "given_up";
    case alert_delivery_outcome::channel_disabled: return "channel_disabled";
  }
  return "given_up";
}

alert_delivery_verdict judge_alert_delivery(int status, int64_t attempts_made, const config& settings, uint32_t jitter) {
  alert_delivery_verdict v;
  if (status >= 200 && status < 300) {
    v.outcome = alert_delivery_outcome::delivered;
    return v;
  }
  if (status == 410) {
    v.outcome = alert_delivery_outcome::channel_disabled;
    return v;
  }
  const bool may_pass = status == 0 || status == 408 || status == 429 || status >= 500;
  const auto delay = may_pass ? retry_delay(settings, attempts_made, jitter) : std::nullopt;
  if (!delay) {
    v.outcome = alert_delivery_outcome::given_up;
    return v;
  }
  v.retry_in_seconds = *delay;
  return v;
}

}  // namespace edgepost
