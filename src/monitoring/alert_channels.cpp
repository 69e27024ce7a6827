#include "monitoring/alert_channels.h"

#include <string>

#include "encoding/json_writer.h"
#include "intake/standard_webhooks.h"
#include "monitoring/alert_delivery.h"

namespace edgepost {

core_answer answer_alert_request(const config& settings, std::string_view channel, std::string_view message_id,
                                 std::string_view body, unix_seconds now) {
  json_writer out;
  out.begin_object();
  if (channel == "webhook" && !settings.alert_webhook_url.empty()) {
    const std::string timestamp = std::to_string(now);
    out.member("url", settings.alert_webhook_url).key("headers").begin_object();
    out.member("content-type", "application/json").member("webhook-id", message_id).member("webhook-timestamp", timestamp);
    out.member("webhook-signature", sign_standard_webhook(message_id, timestamp, body, settings.alert_webhook_secret));
    out.end_object();
  } else if (channel == "slack" && !settings.alert_slack_webhook_url.empty()) {
    out.member("url", settings.alert_slack_webhook_url).key("headers").begin_object();
    out.member("content-type", "application/json").end_object();
  } else {
    return refusal_answer(404, "not_configured", "this alert channel is not configured");
  }
  out.end_object();
  return {200, out.take()};
}

core_answer answer_alert_answer(const config& settings, int64_t attempts_made, int status, uint32_t jitter) {
  const alert_delivery_verdict v = judge_alert_delivery(status, attempts_made, settings, jitter);
  json_writer out;
  out.begin_object().member("outcome", alert_delivery_outcome_name(v.outcome));
  out.member("retry_in_seconds", v.retry_in_seconds).end_object();
  return {200, out.take()};
}

}  // namespace edgepost
