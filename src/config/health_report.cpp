#include "config/health_report.h"

#include "encoding/json_writer.h"
#include "model/order_shard.h"
#include "support/once_per_isolate.h"

namespace edgepost {

EDGEPOST_ONCE_PER_ISOLATE std::string health_report_json(const config& settings, std::string_view toolchain,
                                                         std::string_view networks_json,
                                                         std::string_view providers_json) {
  json_writer out;
  out.begin_object();
  out.member("ok", settings.is_complete());
  out.key("problems").begin_array();
  for (const auto& p : settings.problems) out.string(p);
  out.end_array();
  out.key("warnings").begin_array();
  for (const auto& w : settings.warnings) out.string(w);
  out.end_array();
  out.member("mode", settings.mode == delivery_mode::live ? "live" : "shadow");
  out.member("rakuten_mid", settings.rakuten_mid);
  out.member("rakuten_endpoint", settings.rakuten_endpoint);
  out.member("origin", settings.origin.empty() ? "(the request's own URL)" : settings.origin);
  out.member("attribution_days", settings.attribution_days);
  out.member("join_grace_seconds", settings.join_grace_seconds);
  out.member("recurring_sales", settings.recurring_sales_all ? "all" : "first");
  out.member("recurring_sales_days", settings.recurring_sales_days);
  out.member("max_body_bytes", settings.max_body_bytes);
  out.member("order_shards", int64_t{order_shard_count});
  out.key("retry_schedule").begin_array();
  for (auto s : settings.retry_schedule) out.number(s);
  out.end_array();
  out.member("cookie_secret_set", !settings.cookie_secret.empty());
  out.member("cookie_secret_previous_set", !settings.cookie_secret_previous.empty());
  out.key("providers").raw(providers_json);
  out.key("networks").raw(networks_json);
  out.member("attribution_policy", settings.policy == attribution_policy::last_click ? "last_click" : "per_network");
  out.member("admin", !settings.admin_token.empty());
  out.key("reconciliation").begin_object();
  out.member("report_pull", !settings.rakuten_report_url.empty());
  out.member("alert_webhook", !settings.alert_webhook_url.empty());
  out.member("alert_slack", !settings.alert_slack_webhook_url.empty());
  out.end_object();
  out.key("core").begin_object().member("version", "0.1.0").member("toolchain", toolchain).end_object();
  out.end_object();
  return out.take();
}

}  // namespace edgepost
