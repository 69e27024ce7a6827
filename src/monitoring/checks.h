// The scheduled run's checks (the design card's contract, "Reconciliation and monitoring"): what a
// Cron Trigger's run does, and what it finds. The shell asks plan_scheduled_run what is due, pulls
// the report when it is, hands the stats and reconciliation of the check's days to
// scheduled_observations, and sends the weekly summary on Mondays.
//
// The rates are counted per UTC sale day, the ledger's unit: the one-day window is today so far,
// which is why a shop with thousands of orders a day reaches min_trials within the hour and one
// with a handful waits for the seven-day window. Only decided orders are trials: an attributed
// order still being retried is no failure yet, and one still waiting for its click is neither.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "ledger/ledger.h"
#include "monitoring/monitor.h"
#include "reconciliation/matching.h"

namespace edgepost {

// The days a check reads: the longest window (7 days) and its 28-day baseline, today included.
constexpr int64_t check_days = 7 + 28 + 1;
// no_orders: none for this long, when the 28 days before averaged at least this many a day.
constexpr int64_t no_orders_busy_per_day = 5;
constexpr int64_t no_orders_busy_hours = 24;
constexpr int64_t no_orders_quiet_per_day = 2;
constexpr int64_t no_orders_quiet_hours = 72;

struct scheduled_plan {
  std::string from, to;  // the check's days
  bool pull_due = false;    // RAKUTEN_REPORT_URL is set and a day has passed since the last pull
  bool weekly_due = false;  // a Monday whose summary has not gone out
};
scheduled_plan plan_scheduled_run(const monitor_state& state, const config& settings, unix_seconds now);

struct check_input {
  stats_days stats;                        // every day from plan.from to plan.to
  std::vector<order_match> matches;        // reconcile() over the same days
  std::vector<unix_seconds> complete_days; // the days whose report is complete
  unix_seconds last_sale_at = 0;           // the latest sale any shard holds; 0 when none
  // The pull this run made: nullopt when none; otherwise Rakuten's status (0: no answer) and
  // whether it was imported.
  std::optional<int> pull_status;
  bool pull_imported = false;
};

// The observations of this run (and the pull counter in `state`).
std::vector<observation> scheduled_observations(monitor_state& state, const check_input& in, unix_seconds now);

// Monday's summary: the last 7 days against the 7 before (edgepost.report.weekly).
notification weekly_summary(const check_input& in, const config& settings, unix_seconds now);

}  // namespace edgepost
