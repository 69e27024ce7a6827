// What the alert desk asks of monitoring (operations monitor_*): each answers the state to store
// (when it changed) and the notifications to send.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "encoding/core_answer.h"
#include "monitoring/monitor.h"

namespace edgepost {

// What the scheduled run does: {plan: {from, to, pull_due, weekly_due, steps}}. `steps` is the
// sequence the shell runs: pull (when due), checks, weekly (when due).
core_answer answer_monitor_plan(const monitor_state& state, const config& settings, unix_seconds now);
// The alerts route: {view, configured: {webhook, slack}}.
core_answer answer_monitor_view(const monitor_state& state, const config& settings);
// A test alert through every channel.
core_answer answer_monitor_test(monitor_state& state, const config& settings, unix_seconds now);
// The order path's signals (a JSON array of words). Most change nothing (an accepted postback with
// no alert open): then the code is 0 and no state is answered, so the order path costs monitoring
// no write.
core_answer answer_monitor_signals(monitor_state& state, std::string_view signals, const config& settings,
                                   unix_seconds now);

// The rows a scheduled check reads, as the shards and the report store handed them over.
struct check_rows {
  std::string_view grouped, sides, report_orders, covered;
  unix_seconds last_sale_at = 0;
  std::optional<int> pull_status;  // the pull this run made (0: no answer), nullopt when none
  bool pull_imported = false;
};
core_answer answer_monitor_checks(monitor_state& state, const check_rows& rows, const config& settings,
                                  unix_seconds now);
core_answer answer_monitor_weekly(monitor_state& state, const check_rows& rows, const config& settings,
                                  unix_seconds now);

}  // namespace edgepost
