#include "monitoring/monitor_answers.h"

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "monitoring/checks.h"
#include "networks/network_table.h"
#include "reconciliation/reconciliation_rows.h"
#include "reconciliation/reconciliation_view.h"

namespace edgepost {
namespace {

core_answer write_answer(const monitor_state* changed, const std::vector<notification>& notifications) {
  json_writer out;
  out.begin_object();
  if (changed) out.member("state", write_monitor_state(*changed));
  out.key("notifications").begin_array();
  for (const auto& n : notifications) {
    out.begin_object().member("id", n.id).member("type", n.event_type);
    out.member("webhook", n.webhook_body).member("slack", n.slack_body).end_object();
  }
  out.end_array().end_object();
  return {changed ? 1 : 0, out.take()};
}

// The check's days read from the rows; false when a row cannot be read (the shell's bug).
bool read_check_input(const check_rows& rows, const scheduled_plan& p, const config& settings, unix_seconds now,
                      check_input& in) {
  const ledger_query plan = plan_ledger_query("from=" + p.from + "&to=" + p.to, now, false);
  reconciliation_input both;
  both.shadow = settings.mode_for(networks()[0].name) == delivery_mode::shadow;  // the report is the first network's
  if (!plan.error.empty() || count_stats(plan, rows.grouped).get(in.stats) != error_code::success ||
      read_ledger_sides(rows.sides).get(both.ours) != error_code::success ||
      read_report_orders(rows.report_orders).get(both.theirs) != error_code::success ||
      read_days(rows.covered).get(both.covered) != error_code::success)
    return false;
  in.matches = reconcile(plan, both);
  in.complete_days = complete_days(both.covered);
  in.last_sale_at = rows.last_sale_at;
  return true;
}

}  // namespace

core_answer answer_monitor_plan(const monitor_state& state, const config& settings, unix_seconds now) {
  const scheduled_plan p = plan_scheduled_run(state, settings, now);
  json_writer out;
  out.begin_object().key("plan").begin_object().member("from", p.from).member("to", p.to);
  out.member("pull_due", p.pull_due).member("weekly_due", p.weekly_due);
  // The pull goes first, so the checks see what it imported.
  out.key("steps").begin_array();
  if (p.pull_due) out.string("pull");
  out.string("checks");
  if (p.weekly_due) out.string("weekly");
  out.end_array().end_object().key("notifications").begin_array().end_array().end_object();
  return {0, out.take()};
}

core_answer answer_monitor_view(const monitor_state& state, const config& settings) {
  json_writer out;
  out.begin_object().key("view").raw(format_alerts(state));
  // A channel without its settings is not_configured, whatever it answered before.
  out.key("configured").begin_object();
  out.member("webhook", !settings.alert_webhook_url.empty() && !settings.alert_webhook_secret.empty());
  out.member("slack", !settings.alert_slack_webhook_url.empty()).end_object();
  out.key("notifications").begin_array().end_array().end_object();
  return {0, out.take()};
}

core_answer answer_monitor_test(monitor_state& state, const config& settings, unix_seconds now) {
  const std::vector<notification> n{test_notification(state, settings, now)};
  return write_answer(&state, n);
}

core_answer answer_monitor_signals(monitor_state& state, std::string_view signals_json, const config& settings,
                                   unix_seconds now) {
  std::vector<std::string> signals;
  json_document doc;
  const auto list = doc.parse(signals_json) ? as_array(doc.root()) : std::nullopt;
  if (!list) return bad_call("the signals are not a JSON array");
  for (json_element e : *list)
    if (const auto text = as_string(e)) signals.emplace_back(*text);
  const std::string before = write_monitor_state(state);
  const auto observations = observations_from_signals(state, signals);
  const std::vector<notification> notifications = observe(state, observations, settings, now);
  const bool changed = !notifications.empty() || write_monitor_state(state) != before;
  return write_answer(changed ? &state : nullptr, notifications);
}

core_answer answer_monitor_checks(monitor_state& state, const check_rows& rows, const config& settings,
                                  unix_seconds now) {
  const scheduled_plan p = plan_scheduled_run(state, settings, now);
  check_input in;
  if (!read_check_input(rows, p, settings, now, in)) return bad_call("the rows handed to the checks could not be read");
  if (rows.pull_status) {
    in.pull_status = rows.pull_status;
    in.pull_imported = rows.pull_imported;
    state.last_pull_at = now;
  }
  const std::vector<notification> n = observe(state, scheduled_observations(state, in, now), settings, now);
  return write_answer(&state, n);
}

core_answer answer_monitor_weekly(monitor_state& state, const check_rows& rows, const config& settings,
                                  unix_seconds now) {
  const scheduled_plan p = plan_scheduled_run(state, settings, now);
  check_input in;
  if (!read_check_input(rows, p, settings, now, in)) return bad_call("the rows handed to the checks could not be read");
  const std::vector<notification> n{weekly_summary(in, settings, now)};
  state.last_weekly_day = p.to;
  return write_answer(&state, n);
}

}  // namespace edgepost
