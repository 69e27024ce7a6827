#include "requests/shell_limits.h"

#include "encoding/json_writer.h"
#include "model/items_fetch.h"
#include "model/order_shard.h"
#include "reconciliation/reconciliation_view.h"
#include "reconciliation/report_import.h"
#include "requests/admin_session.h"
#include "requests/consent_grant.h"

namespace edgepost {
namespace {

// A provider API read made while its webhook waits (a charge's refunds): the provider's own
// webhook timeout is longer (Stripe waits for about 20 s), so the answer still reaches it.
constexpr int64_t provider_fetch_timeout_ms = 10'000;
// The origin's JSON answers watched for checkout identifiers: a checkout's answer is small; a
// larger one is not read.
constexpr int64_t watched_json_bytes = 65'536;
// A request body over its limit is read to its end and dropped, up to this many times the limit,
// rather than cancelled, so the client's keep-alive connection stays usable; a larger one is cut.
constexpr int64_t drain_limit_factor = 16;
// Orders one admin list answers, and rows one CSV export holds.
constexpr int64_t order_list_limit = 100;
constexpr int64_t orders_export_limit = 200'000;
// A report pull waits this long for Rakuten: a 14-day report is generated on request.
constexpr int64_t report_timeout_ms = 60'000;
// The sign-in form holds one token.
constexpr int64_t sign_in_body_bytes = 4096;
// Rakuten's verdict is in the first bytes of its answer; more is never read or kept.
constexpr int64_t postback_answer_bytes = 2048;
// One alarm run of an order shard works through at most due_batch × alarm_batches due orders,
// due_batch at a time; what is left is due at once, so the next run follows immediately.
constexpr int64_t shard_due_batch = 32;
constexpr int64_t shard_alarm_batches = 16;
// Attempts one order makes in a row (its sale, then refunds that waited for it); an order with
// more is continued by the alarm.
constexpr int64_t attempts_per_run = 8;
// An order whose event failed in the shell (not a refusal of the core's), or a click that could
// not be handed to an order waiting for it, is tried again this much later, instead of keeping
// the alarm busy.
constexpr int64_t shell_retry_seconds = 60;
// Orders one admin re-queue of a range touches in one shard.
constexpr int64_t requeue_limit = 1'000'000;
// The alert desk: notifications sent per run, how long one attempt may take, and how long an
// attempt that was cut off (a restart) counts as still out before it is sent again.
constexpr int64_t alert_due_batch = 20;
constexpr int64_t alert_timeout_ms = 10'000;
constexpr int64_t alert_sending_expiry_seconds = 60;
// Rows one export or import call moves between the route and an object.
constexpr int64_t export_batch_rows = 500;
// Landing counts (the stats' consent and refused clicks) are gathered in the isolate and written to a
// shard at most this often: a statistic a few seconds late, rather than a write per landing.
constexpr int64_t landing_count_flush_ms = 2000;

}  // namespace

void write_shell_limits(json_writer& out, const config& settings) {
  out.begin_object();
  out.member("max_body_bytes", settings.max_body_bytes).member("order_shards", int64_t{order_shard_count});
  out.member("drain_limit_factor", drain_limit_factor);
  out.member("provider_api_pages", int64_t{max_provider_api_pages});
  out.member("provider_fetch_timeout_ms", provider_fetch_timeout_ms).member("watched_json_bytes", watched_json_bytes);
  out.member("order_list_limit", order_list_limit).member("orders_export_limit", orders_export_limit);
  out.member("report_max_bytes", static_cast<int64_t>(max_report_bytes)).member("report_timeout_ms", report_timeout_ms);
  out.member("sign_in_body_bytes", sign_in_body_bytes).member("postback_answer_bytes", postback_answer_bytes);
  out.member("consent_body_bytes", consent_body_bytes);
  out.member("shard_due_batch", shard_due_batch).member("shard_alarm_batches", shard_alarm_batches);
  out.member("attempts_per_run", attempts_per_run).member("shell_retry_seconds", shell_retry_seconds);
  out.member("requeue_limit", requeue_limit);
  out.member("alert_due_batch", alert_due_batch).member("alert_timeout_ms", alert_timeout_ms);
  out.member("alert_sending_expiry_seconds", alert_sending_expiry_seconds);
  out.member("landing_count_flush_ms", landing_count_flush_ms);
  out.member("session_random_bytes", admin_session_random_bytes).member("export_batch_rows", export_batch_rows);
  out.end_object();
}

void write_shell_errors(json_writer& out) {
  struct shell_error {
    std::string_view code;
    int64_t status;
    std::string_view message;
  };
  // core_failed is 503 so the sender (a provider's webhook) sends the event again; every event is
  // idempotent, so a retry never counts twice.
  static constexpr shell_error errors[] = {
      {"core_failed", 503, "edgepost could not handle this request; send it again"},
      {"internal", 500, "edgepost could not serve this route"},
      {"order_quarantined", 500,
       "the stored record of this order could not be read; it is listed under state=quarantined until an operator mends it"},
      {"unknown_order", 404, "no order with this ord is stored"},
      {"not_configured", 404,
       "no alert channel is configured: set ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET, or ALERT_SLACK_WEBHOOK_URL"},
  };
  out.begin_object();
  for (const auto& e : errors) out.key(e.code).begin_object().member("status", e.status).member("message", e.message).end_object();
  out.end_object();
}

}  // namespace edgepost
