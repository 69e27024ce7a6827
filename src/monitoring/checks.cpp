#include "monitoring/checks.h"

#include <algorithm>
#include <set>

#include "encoding/json_writer.h"
#include "monitoring/rate_drop.h"
#include "networks/network_table.h"

namespace edgepost {
namespace {

// A pull may start up to this much before the day since the last one is over: cron runs drift.
constexpr int64_t pull_slack_seconds = 3600;

unix_seconds day_start(unix_seconds t) { return t - (t % 86400 + 86400) % 86400; }

struct day_rate {
  unix_seconds day = 0;
  rate_counts counts;
};

std::string percent(double rate) { return std::to_string(static_cast<int64_t>(rate * 100 + 0.5)) + "%"; }

// The rate of the last 1 or 7 days against the 28 before (monitoring/rate_drop.h); `days` ascending.
std::optional<observation> rate_observation(std::string type, const std::vector<day_rate>& days, std::string what,
                                            std::string what_to_do) {
  if (days.size() < 2) return std::nullopt;
  auto sum = [&days](size_t from, size_t to) {
    rate_counts c;
    for (size_t i = from; i < to; ++i) {
      c.successes += days[i].counts.successes;
      c.trials += days[i].counts.trials;
    }
    return c;
  };
  const size_t n = days.size();
  // The window's size follows from the baseline before a one-day window.
  const size_t one_day_baseline_from = n > 1 + baseline_days ? n - 1 - baseline_days : 0;
  const int64_t window = rate_window_days(sum(one_day_baseline_from, n - 1).trials);
  const size_t window_from = n > static_cast<size_t>(window) ? n - static_cast<size_t>(window) : 0;
  const size_t baseline_from = window_from > static_cast<size_t>(baseline_days) ? window_from - baseline_days : 0;
  const rate_counts w = sum(window_from, n);
  const rate_counts b = sum(baseline_from, window_from);
  const rate_drop_verdict v = judge_rate_drop(w, b);
  observation o;
  o.type = std::move(type);
  o.seen = v.raised;
  o.observed = v.observed;
  o.baseline = v.baseline;
  o.n = w.trials;
  o.message = what + ": " + percent(v.observed) + " over the last " + (window == 1 ? "day" : "7 days") + " (n = " +
              std::to_string(w.trials) + ") against " + percent(v.baseline) + " over the 28 days before. " + what_to_do;
  if (!v.raised) o.message = what + " is back to its usual level.";
  return o;
}

}  // namespace

scheduled_plan plan_scheduled_run(const monitor_state& state, const config& settings, unix_seconds now) {
  scheduled_plan p;
  const unix_seconds today = day_start(now);
  p.from = format_calendar_day(today - (check_days - 1) * 86400);
  p.to = format_calendar_day(today);
  p.pull_due = !settings.rakuten_report_url.empty() && now - state.last_pull_at >= 86400 - pull_slack_seconds;
  // 1970-01-01 was a Thursday: day numbers 4, 11, … are Mondays.
  const int64_t day_number = today / 86400;
  p.weekly_due = ((day_number - 4) % 7 + 7) % 7 == 0 && state.last_weekly_day != p.to;
  return p;
}

std::vector<observation> scheduled_observations(monitor_state& state, const check_input& in, unix_seconds now) {
  std::vector<observation> out;
  std::vector<day_rate> capture, click_capture;
  for (const auto& [day, s] : in.stats) {
    const auto at = parse_calendar_day(day);
    if (!at) continue;
    capture.push_back({*at, {s.in("accepted"), s.in("accepted") + s.in("rejected") + s.in("dead")}});
    click_capture.push_back({*at, {s.attributed, s.orders - s.in("waiting_for_click")}});
  }
  if (auto o = rate_observation("capture_drop", capture, "Rakuten accepted fewer of edgepost's postbacks",
                                "See the rejected and dead orders for Rakuten's answers."))
    out.push_back(std::move(*o));
  if (auto o = rate_observation("click_capture_drop", click_capture, "Fewer orders carry an affiliate click",
                                "A checkout or site change may have stopped the click id from being captured: "
                                "land through a test affiliate link and follow an order."))
    out.push_back(std::move(*o));

  const std::set<unix_seconds> complete(in.complete_days.begin(), in.complete_days.end());
  std::vector<day_rate> gap;
  for (const unix_seconds d : complete) gap.push_back({d, {}});
  int64_t mismatches = 0;
  std::string example;
  for (const auto& m : in.matches) {
    if (m.status == match_status::amount_mismatch) {
      ++mismatches;
      if (example.empty()) example = " (for example " + m.order_id + ": " + m.reason + ")";
    }
    const auto it = std::find_if(gap.begin(), gap.end(), [&m](const day_rate& r) { return r.day == m.day; });
    if (it == gap.end() || m.status == match_status::only_at_rakuten) continue;
    ++it->counts.trials;
    if (m.status == match_status::matched) ++it->counts.successes;
  }
  if (auto o = rate_observation("reconciliation_gap", gap, "Fewer of the orders Rakuten accepted appear in its report as sent",
                                "Compare the reconciliation orders (missing_at_rakuten, amount_mismatch) with Rakuten's report."))
    out.push_back(std::move(*o));
  out.push_back({"amount_mismatch", mismatches > 0,
                 mismatches > 0 ? (mismatches == 1 ? std::string("1 order in Rakuten's report has an amount that differs")
                                                   : std::to_string(mismatches) + " orders in Rakuten's report have amounts that differ") +
                                      " from what edgepost sent" + example + ". See the reconciliation orders with status amount_mismatch."
                                : "Rakuten's report and edgepost agree on every amount again.",
                 0, 0, mismatches});
  // Each network's dead letters are its own alert, as the deliveries' signals open them.
  for (const network& n : networks()) {
    int64_t dead_here = 0;
    for (const auto& [day, s] : in.stats)
      if (const auto it = s.networks.find(n.name); it != s.networks.end())
        if (const auto d = it->second.by_state.find("dead"); d != it->second.by_state.end()) dead_here += d->second;
    out.push_back({"dead_letters", dead_here > 0,
                   std::to_string(dead_here) + " orders of the last " + std::to_string(check_days) + " days have a postback to " +
                       std::string(n.display_name) +
                       " that ran out of attempts. See the orders list (state=dead) and re-queue them once the cause is fixed.",
                   0, 0, dead_here, std::string(n.name)});
  }

  // no_orders: the 28 days before today set how quiet is too quiet.
  int64_t baseline_orders = 0;
  const unix_seconds today = day_start(now);
  for (const auto& [day, s] : in.stats) {
    const auto at = parse_calendar_day(day);
    if (at && *at < today && *at >= today - baseline_days * 86400) baseline_orders += s.orders;
  }
  const int64_t hours = baseline_orders >= no_orders_busy_per_day * baseline_days    ? no_orders_busy_hours
                        : baseline_orders >= no_orders_quiet_per_day * baseline_days ? no_orders_quiet_hours
                                                                                     : 0;
  const bool silent = hours > 0 && (in.last_sale_at == 0 || now - in.last_sale_at >= hours * 3600);
  out.push_back({"no_orders", silent,
                 silent ? "No order has reached edgepost for " + std::to_string(hours) + " hours, though the 28 days "
                              "before averaged " + std::to_string(baseline_orders / baseline_days) + " a day. Check that "
                              "the payment provider's webhooks still point at /_edgepost/webhooks/… and that checkout works."
                        : "Orders reach edgepost again.",
                 0, 0, baseline_orders});

  if (in.pull_status) {
    const int status = *in.pull_status;
    state.failed_pulls = in.pull_imported ? 0 : std::min<int64_t>(state.failed_pulls + 1, 1'000'000);
    const bool refused = status == 401 || status == 403;
    const bool seen = !in.pull_imported && (state.failed_pulls >= failing_pulls || refused);
    out.push_back({"report_fetch_failed", seen,
                   seen ? (refused ? "Rakuten refused the report request (HTTP " + std::to_string(status) +
                                         "): the token in RAKUTEN_REPORT_URL may have expired; save the report's "
                                         "Get API URL again."
                                   : "Rakuten's report could not be pulled " + std::to_string(state.failed_pulls) +
                                         " days in a row (last: HTTP " + std::to_string(status) +
                                         "). Reconciliation is out of date until it can.")
                        : "Rakuten's report is pulled again.",
                   0, 0, state.failed_pulls});
  }
  return out;
}

notification weekly_summary(const check_input& in, const config& settings, unix_seconds now) {
  struct week {
    int64_t orders = 0, attributed = 0, accepted = 0, at_rakuten = 0;
  };
  const unix_seconds today = day_start(now);
  const unix_seconds this_from = today - 6 * 86400, previous_from = today - 13 * 86400;
  week weeks[2];
  for (const auto& [day, s] : in.stats) {
    const auto at = parse_calendar_day(day);
    if (!at || *at < previous_from) continue;
    week& w = weeks[*at >= this_from ? 0 : 1];
    w.orders += s.orders;
    w.attributed += s.attributed;
    w.accepted += s.in("accepted");
  }
  for (const auto& m : in.matches)
    if (m.day >= previous_from && m.status != match_status::missing_at_rakuten) ++weeks[m.day >= this_from ? 0 : 1].at_rakuten;
  json_writer data;
  data.begin_object();
  data.member("from", format_calendar_day(this_from)).member("to", format_calendar_day(today));
  const char* names[2] = {"this_week", "previous_week"};
  for (int i = 0; i < 2; ++i) {
    data.key(names[i]).begin_object();
    data.member("orders", weeks[i].orders).member("attributed", weeks[i].attributed);
    data.member("accepted", weeks[i].accepted).member("recorded_by_rakuten", weeks[i].at_rakuten);
    data.end_object();
  }
  data.member("dashboard", settings.public_url + "/_edgepost/admin/").end_object();
  const std::string text = "edgepost weekly (" + format_calendar_day(this_from) + " to " + format_calendar_day(today) +
                           "): " + std::to_string(weeks[0].orders) + " orders (" + std::to_string(weeks[1].orders) +
                           " the week before), " + std::to_string(weeks[0].attributed) + " with an affiliate click, " +
                           std::to_string(weeks[0].accepted) + " accepted by Rakuten, " +
                           std::to_string(weeks[0].at_rakuten) + " in Rakuten's report.";
  return make_notification("edgepost.report.weekly", "msg_weekly_" + format_calendar_day(today), data.text(), text,
                           settings, now);
}

}  // namespace edgepost
