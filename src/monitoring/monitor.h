// Monitoring: what edgepost tells the merchant, and when (the design card's contract,
// "Reconciliation and monitoring"). Two kinds of observation reach it: signals from the order path
// (an attempt's verdict: accepted, a failed first attempt, Access denied, a dead letter), seconds
// after the postback, and the scheduled checks (monitoring/checks.h). Each turns into alert steps
// (monitoring/alert_state.h) and, where an alert opens, resolves or is reminded, a notification in
// the two forms the channels take: a Standard Webhooks event body and a Slack message. The state
// is stored by the shell as the JSON this writes.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "monitoring/alert_state.h"
#include "support/result.h"

namespace edgepost {

// postbacks_failing opens after this many first attempts in a row were rejected or failed.
constexpr int64_t failing_first_attempts = 3;
// report_fetch_failed opens after this many daily pulls in a row failed (or at once on 401/403).
constexpr int64_t failing_pulls = 2;
// Resolved alerts kept for the alerts route's "recent".
constexpr size_t recent_alerts_kept = 20;

struct monitor_state {
  std::vector<alert> alerts;  // every open alert (one per type and network), then the recently resolved, newest first
  // First attempts refused or failed in a row, per network (names from the network table).
  std::map<std::string, int64_t, std::less<>> failed_first_attempts;
  int64_t failed_pulls = 0;           // in a row
  unix_seconds last_pull_at = 0;      // the last scheduled pull, whatever its outcome
  std::string last_weekly_day;        // YYYY-MM-DD of the last weekly summary
  int64_t tests_sent = 0;             // numbers the test alerts, so two in one second are two messages
};
std::string write_monitor_state(const monitor_state& s);
result<monitor_state> read_monitor_state(std::string_view json);  // empty text: a fresh state

struct observation {
  std::string type;
  bool seen = false;
  std::string message;  // what is wrong and what to do, in plain words
  double observed = 0, baseline = 0;
  int64_t n = 0;
  std::string network;  // for alerts about one network's deliveries, else empty
};

struct notification {
  std::string id;          // the Standard Webhooks message id: the same for every channel and retry
  std::string event_type;  // edgepost.alert.opened | edgepost.alert.resolved | edgepost.test | edgepost.report.weekly
  std::string webhook_body;
  std::string slack_body;
};

// Applies the observations to the state; the notifications to send, one per alert that opened,
// resolved or is due a reminder (a reminder goes out as edgepost.alert.opened again).
std::vector<notification> observe(monitor_state& state, const std::vector<observation>& observations,
                                  const config& settings, unix_seconds now);

// The order path's signals (machine/order_machine.h) as observations, counting failed first
// attempts in the state.
std::vector<observation> observations_from_signals(monitor_state& state, const std::vector<std::string>& signals);

// What the alerts route answers: {"open": [...], "recent": [...]}.
std::string format_alerts(const monitor_state& state);

// A test alert through every channel (edgepost.test), built as real ones are.
notification test_notification(monitor_state& state, const config& settings, unix_seconds now);

// A notification of `event_type` whose data is `data_json` (an object), with its Slack text.
notification make_notification(std::string_view event_type, std::string_view id, std::string_view data_json,
                               std::string_view slack_text, const config& settings, unix_seconds now);

}  // namespace edgepost
