#include <catch2/catch.hpp>

#include "monitoring/alert_delivery.h"
#include "monitoring/checks.h"
#include "monitoring/monitor.h"

using namespace edgepost;

namespace {

constexpr unix_seconds t0 = 1796169600;  // 2026-12-02T00:00:00Z, a Wednesday

config settings() {
  config c;
  c.public_url = "https://shop.example";
  c.retry_schedule = {10, 100};
  c.retry_jitter_percent = 0;
  return c;
}

std::vector<std::string> types_of(const std::vector<notification>& n) {
  std::vector<std::string> out;
  for (const auto& x : n) out.push_back(x.event_type);
  return out;
}

// The check's 36 days with `orders` a day, each attributed and accepted, and today's as given.
check_input steady_days(int64_t per_day, int64_t accepted_today, int64_t decided_today) {
  check_input in;
  const ledger_query plan = plan_ledger_query("from=2026-10-28&to=2026-12-02", t0 + 3600, false);
  REQUIRE(count_stats(plan, "[]").get(in.stats) == error_code::success);
  for (auto& [day, s] : in.stats) {
    const bool today = day == "2026-12-02";
    s.orders = today ? decided_today : per_day;
    s.attributed = s.orders;
    s.by_state["accepted"] = today ? accepted_today : per_day;
    s.by_state["rejected"] = today ? decided_today - accepted_today : 0;
  }
  return in;
}

const observation* find(const std::vector<observation>& list, std::string_view type) {
  for (const auto& o : list)
    if (o.type == type) return &o;
  return nullptr;
}

}  // namespace

TEST_CASE("Access denied opens an alert with one notification, and an accepted postback resolves it") {
  monitor_state s;
  const config c = settings();
  auto n = observe(s, observations_from_signals(s, {"first_attempt_failed", "access_denied"}), c, t0);
  CHECK(types_of(n) == std::vector<std::string>{"edgepost.alert.opened"});
  REQUIRE(s.alerts.size() == 1);
  CHECK(s.alerts[0].type == "access_denied");
  CHECK(s.alerts[0].severity == "critical");
  CHECK(n[0].webhook_body.find(R"("dashboard":"https://shop.example/_edgepost/admin/")") != std::string::npos);
  CHECK(n[0].slack_body.find("<https://shop.example/_edgepost/admin/|Open the edgepost dashboard>") != std::string::npos);
  // Seen again within the day: no new notification.
  CHECK(observe(s, observations_from_signals(s, {"access_denied"}), c, t0 + 600).empty());
  n = observe(s, observations_from_signals(s, {"accepted"}), c, t0 + 700);
  CHECK(types_of(n) == std::vector<std::string>{"edgepost.alert.resolved"});
  CHECK_FALSE(s.alerts[0].is_open());
  // The state the shell stores reads back the same.
  monitor_state again;
  REQUIRE(read_monitor_state(write_monitor_state(s)).get(again) == error_code::success);
  CHECK(write_monitor_state(again) == write_monitor_state(s));
}

TEST_CASE("postbacks_failing opens on the third failed first attempt in a row, not the second") {
  monitor_state s;
  const config c = settings();
  CHECK(observe(s, observations_from_signals(s, {"first_attempt_failed", "first_attempt_failed"}), c, t0).empty());
  CHECK(observe(s, observations_from_signals(s, {"accepted", "first_attempt_failed", "first_attempt_failed"}), c, t0).empty());
  const auto n = observe(s, observations_from_signals(s, {"first_attempt_failed"}), c, t0);
  REQUIRE(n.size() == 1);
  CHECK(s.alerts[0].type == "postbacks_failing");
  CHECK(s.alerts[0].n == 3);
}

TEST_CASE("the scheduled run pulls once a day and sends the weekly summary on Mondays only") {
  monitor_state s;
  config c = settings();
  CHECK_FALSE(plan_scheduled_run(s, c, t0).pull_due);  // no RAKUTEN_REPORT_URL
  c.rakuten_report_url = "https://reports.example/r?token=x";
  CHECK(plan_scheduled_run(s, c, t0).pull_due);
  s.last_pull_at = t0;
  CHECK_FALSE(plan_scheduled_run(s, c, t0 + 3600).pull_due);
  CHECK(plan_scheduled_run(s, c, t0 + 86400 - 3600).pull_due);
  CHECK(plan_scheduled_run(s, c, t0).from == "2026-10-28");
  CHECK_FALSE(plan_scheduled_run(s, c, t0).weekly_due);            // Wednesday
  CHECK(plan_scheduled_run(s, c, t0 + 5 * 86400).weekly_due);      // Monday 2026-12-07
  s.last_weekly_day = "2026-12-07";
  CHECK_FALSE(plan_scheduled_run(s, c, t0 + 5 * 86400 + 7200).weekly_due);
}

TEST_CASE("a capture drop is raised from today's decided orders only with n and the drop both large enough") {
  monitor_state s;
  struct row {
    int64_t accepted_today, decided_today;
    bool raised;
  };
  // Baseline: 30 a day, all accepted. n = 19 is too few; 20 with 15 accepted is a drop of 25 points.
  const row rows[] = {{10, 19, false}, {15, 20, true}, {19, 20, false}, {200, 300, true}};
  for (const auto& r : rows) {
    INFO(r.accepted_today << " of " << r.decided_today);
    const auto obs = scheduled_observations(s, steady_days(30, r.accepted_today, r.decided_today), t0 + 3600);
    const observation* o = find(obs, "capture_drop");
    REQUIRE(o);
    CHECK(o->seen == r.raised);
    CHECK(o->n == r.decided_today);
  }
}

TEST_CASE("no orders for 24 hours is raised at 5 a day, 72 hours at 2 a day, never below") {
  monitor_state s;
  struct row {
    int64_t per_day;
    int64_t hours_silent;
    bool raised;
  };
  const row rows[] = {{5, 23, false}, {5, 24, true}, {2, 71, false}, {2, 72, true}, {1, 500, false}};
  for (const auto& r : rows) {
    INFO(r.per_day << " a day, silent " << r.hours_silent << " h");
    check_input in = steady_days(r.per_day, 0, 0);
    const unix_seconds now = t0 + 12 * 3600;
    in.last_sale_at = now - r.hours_silent * 3600;
    const auto observations = scheduled_observations(s, in, now);
    const observation* o = find(observations, "no_orders");
    REQUIRE(o);
    CHECK(o->seen == r.raised);
  }
}

TEST_CASE("a failed report pull alerts on the second in a row, or at once when Rakuten refuses the token") {
  monitor_state s;
  check_input in = steady_days(0, 0, 0);
  in.pull_status = 503;
  CHECK_FALSE(find(scheduled_observations(s, in, t0), "report_fetch_failed")->seen);
  CHECK(find(scheduled_observations(s, in, t0 + 86400), "report_fetch_failed")->seen);
  in.pull_status = 200;
  in.pull_imported = true;
  CHECK_FALSE(find(scheduled_observations(s, in, t0 + 2 * 86400), "report_fetch_failed")->seen);
  CHECK(s.failed_pulls == 0);
  in.pull_status = 401;
  in.pull_imported = false;
  CHECK(find(scheduled_observations(s, in, t0 + 3 * 86400), "report_fetch_failed")->seen);
  in.pull_status.reset();
  CHECK_FALSE(find(scheduled_observations(s, in, t0 + 4 * 86400), "report_fetch_failed"));  // no pull, no news
}

TEST_CASE("an alert delivery is retried on the schedule while the answer may change, and 410 turns the channel off") {
  const config c = settings();
  struct row {
    int status;
    int64_t attempts;
    alert_delivery_outcome outcome;
    int64_t retry_in;
  };
  const row rows[] = {{200, 1, alert_delivery_outcome::delivered, 0},   {204, 3, alert_delivery_outcome::delivered, 0},
                      {503, 1, alert_delivery_outcome::retry, 10},      {0, 2, alert_delivery_outcome::retry, 100},
                      {429, 3, alert_delivery_outcome::given_up, 0},    {410, 1, alert_delivery_outcome::channel_disabled, 0},
                      {404, 1, alert_delivery_outcome::given_up, 0},    {400, 1, alert_delivery_outcome::given_up, 0}};
  for (const auto& r : rows) {
    INFO("HTTP " << r.status << " after " << r.attempts);
    const alert_delivery_verdict v = judge_alert_delivery(r.status, r.attempts, c, 0);
    CHECK(v.outcome == r.outcome);
    CHECK(v.retry_in_seconds == r.retry_in);
  }
}

TEST_CASE("two test alerts in one second are two messages") {
  monitor_state s;
  const config c = settings();
  CHECK(test_notification(s, c, t0).id != test_notification(s, c, t0).id);
}

TEST_CASE("the weekly summary counts the last 7 days against the 7 before") {
  check_input in = steady_days(3, 2, 4);  // 3 orders a day, today 4 with 2 accepted
  order_match m;
  m.order_id = "A-1";
  m.status = match_status::matched;
  m.day = t0 - 86400;
  in.matches = {m};
  const notification n = weekly_summary(in, settings(), t0 + 3600);
  CHECK(n.event_type == "edgepost.report.weekly");
  CHECK(n.id == "msg_weekly_2026-12-02");
  CHECK(n.webhook_body.find(R"("this_week":{"orders":22,"attributed":22,"accepted":20,"recorded_by_rakuten":1})") !=
        std::string::npos);
  CHECK(n.webhook_body.find(R"("previous_week":{"orders":21,"attributed":21,"accepted":21,"recorded_by_rakuten":0})") !=
        std::string::npos);
  CHECK(n.slack_body.find("22 orders (21 the week before)") != std::string::npos);
}

TEST_CASE("the order path's signals name their network, and the alert names it too") {
  monitor_state s;
  const config c = settings();
  const auto denied = observations_from_signals(s, {"access_denied:awin"});
  REQUIRE(denied.size() == 1);
  CHECK(denied[0].type == "access_denied");
  CHECK(denied[0].network == "awin");
  CHECK(denied[0].message.find("Awin refused edgepost's credentials") != std::string::npos);
  CHECK(denied[0].message.find("RAKUTEN_MID") == std::string::npos);
  const auto rakuten = observations_from_signals(s, {"access_denied:rakuten"});
  CHECK(rakuten[0].message.find("RAKUTEN_MID") != std::string::npos);
  const auto dead = observations_from_signals(s, {"dead_letter:impact"});
  CHECK(dead[0].message.find("without Impact accepting it") != std::string::npos);
}

TEST_CASE("each network's delivery alerts are its own: Rakuten accepting again resolves none of Awin's") {
  monitor_state s;
  const config c = settings();
  observe(s, observations_from_signals(s, {"access_denied:awin", "access_denied:rakuten"}), c, t0);
  REQUIRE(s.alerts.size() == 2);
  CHECK(s.alerts[0].network != s.alerts[1].network);
  const auto resolved = observe(s, observations_from_signals(s, {"accepted:rakuten"}), c, t0 + 60);
  REQUIRE(resolved.size() == 1);
  CHECK(resolved[0].event_type == "edgepost.alert.resolved");
  CHECK(resolved[0].webhook_body.find(R"("network":"rakuten")") != std::string::npos);
  CHECK(resolved[0].slack_body.find("access_denied, Rakuten") != std::string::npos);
  const auto open = std::find_if(s.alerts.begin(), s.alerts.end(), [](const alert& a) { return a.is_open(); });
  REQUIRE(open != s.alerts.end());
  CHECK(open->network == "awin");
  // First attempts failing are counted per network: two at Awin and two at CJ open nothing.
  const auto failing =
      observations_from_signals(s, {"first_attempt_failed:awin", "first_attempt_failed:cj", "first_attempt_failed:awin",
                                    "first_attempt_failed:cj"});
  CHECK(failing.empty());
  const auto third = observations_from_signals(s, {"first_attempt_failed:cj"});
  REQUIRE(third.size() == 1);
  CHECK(third[0].network == "cj");
  CHECK(third[0].message.find("3 postbacks to CJ in a row") != std::string::npos);
  // The state keeps the counts and the alerts' networks.
  monitor_state back;
  REQUIRE(read_monitor_state(write_monitor_state(s)).get(back) == error_code::success);
  CHECK(back.failed_first_attempts == s.failed_first_attempts);
  CHECK(back.alerts[0].network == s.alerts[0].network);
}

TEST_CASE("a monitor state stored before alerts named their network reads as the first network's") {
  monitor_state s;
  REQUIRE(read_monitor_state(R"({"alerts":[{"id":"access_denied-1795510000","type":"access_denied","severity":"critical",)"
                             R"("message":"m","opened_at":1795510000,"resolved_at":0,"notified_at":1795510000,"observed":0,)"
                             R"("baseline":0,"n":1}],"failed_first_attempts":2,"failed_pulls":0,"last_pull_at":0})")
              .get(s) == error_code::success);
  CHECK(s.alerts[0].network == "rakuten");
  CHECK(s.failed_first_attempts.at("rakuten") == 2);
  CHECK(read_monitor_state(R"({"failed_first_attempts":{"nosuch":1}})").get(s) == error_code::invalid_field);
}

TEST_CASE("Slack text keeps an order id or a quoted answer as text: &, < and > are escaped, the dashboard link is not") {
  monitor_state s;
  const config c = settings();
  observation o;
  o.type = "amount_mismatch";
  o.seen = true;
  o.message = "1 order differs (for example <https://evil.example|click here> & more)";
  const auto n = observe(s, {o}, c, t0);
  REQUIRE(n.size() == 1);
  CHECK(n[0].slack_body.find("&lt;https://evil.example|click here&gt; &amp; more") != std::string::npos);
  CHECK(n[0].slack_body.find("<https://evil.example") == std::string::npos);
  CHECK(n[0].slack_body.find("<https://shop.example/_edgepost/admin/|Open the edgepost dashboard>") != std::string::npos);
  // The webhook carries the message as it is: JSON needs no markup escaping.
  CHECK(n[0].webhook_body.find("<https://evil.example|click here> & more") != std::string::npos);
}
