#include <catch2/catch.hpp>

#include <string>

#include "reconciliation/dashboard_view.h"

using namespace edgepost;

namespace {
constexpr unix_seconds now = 1796173200;  // 2026-12-02T01:00:00Z
}

TEST_CASE("dashboard percentages are exact to a tenth, rounded half up, and a dash when nothing was counted") {
  CHECK(percent_text(3, 4) == "75.0%");
  CHECK(percent_text(2, 3) == "66.7%");
  CHECK(percent_text(1, 3) == "33.3%");
  CHECK(percent_text(1, 8) == "12.5%");
  CHECK(percent_text(1, 16) == "6.3%");  // 6.25 rounds up
  CHECK(percent_text(0, 5) == "0.0%");
  CHECK(percent_text(5, 5) == "100.0%");
  CHECK(percent_text(0, 0) == "–");
}

TEST_CASE("the dashboard's tiles compare the last 7 days with the 7 before, and its chart draws edgepost's three series") {
  const ledger_query plan = plan_ledger_query("from=2026-11-19&to=2026-12-02", now, false);
  // 10 orders a day, 8 attributed, 6 accepted this week; 10, 10, 10 the week before.
  std::string rows = "[";
  for (const auto& day : plan.days) {
    const bool this_week = day >= "2026-11-26";
    if (rows.size() > 1) rows += ",";
    rows += R"({"day":")" + day + R"(","state":"accepted","attributed":1,"sent":1,"currency":"USD","orders":)" +
            (this_week ? "6" : "10") + R"(,"amount":10000000})";
    if (this_week)
      rows += R"(,{"day":")" + day + R"(","state":"rejected","attributed":1,"sent":1,"currency":"USD","orders":2,"amount":0})" +
              R"(,{"day":")" + day + R"(","state":"unattributed","attributed":0,"sent":0,"currency":"USD","orders":2,"amount":0})";
  }
  rows += "]";
  stats_days stats;
  REQUIRE(count_stats(plan, rows).get(stats) == error_code::success);
  const std::string answer = format_dashboard(plan, stats, 0, reconciliation_input{}, "");
  CHECK(answer.find(R"("click_capture":{"this_week":"80.0%","previous_week":"100.0%","of":70,"of_previous":70})") !=
        std::string::npos);
  CHECK(answer.find(R"("delivery":{"this_week":"75.0%","previous_week":"100.0%","of":56,"of_previous":70})") !=
        std::string::npos);
  CHECK(answer.find(R"("rakuten_match":{"this_week":"–")") != std::string::npos);  // no report yet
  CHECK(answer.find(R"("USD":{"accepted":"70.00","rakuten":"0.00","accepted_previous_week":"70.00"})") != std::string::npos);
  size_t lines = 0;
  for (size_t at = answer.find("<polyline"); at != std::string::npos; at = answer.find("<polyline", at + 1)) ++lines;
  // No report covers any day: Rakuten's series is pending, not zero, so it is not drawn.
  CHECK(lines == 3);
  CHECK(answer.find(R"(data-series=\"recorded by Rakuten\")") == std::string::npos);
  CHECK(answer.find(R"(data-pending-days=\"14\")") != std::string::npos);
  CHECK(answer.find(R"("mode":"live")") != std::string::npos);
}

TEST_CASE("the chart draws what Rakuten recorded only over the days a report covers") {
  const ledger_query plan = plan_ledger_query("from=2026-11-19&to=2026-12-02", now, false);
  stats_days stats;
  REQUIRE(count_stats(plan, "[]").get(stats) == error_code::success);
  reconciliation_input in;
  // The report covers the first 10 days; the last 4 are pending.
  for (size_t i = 0; i < 10; ++i) in.covered.push_back(*parse_calendar_day(plan.days[i]));
  const std::string answer = format_dashboard(plan, stats, 0, in, "");
  const size_t at = answer.find(R"(data-series=\"recorded by Rakuten\")");
  REQUIRE(at != std::string::npos);
  const size_t points_at = answer.find("points=\\\"", at);
  const std::string points = answer.substr(points_at, answer.find("/>", points_at) - points_at);
  size_t n = 1;
  for (char c : points) n += c == ' ' ? 1 : 0;
  CHECK(n == 10);
  CHECK(answer.find(R"(data-series=\"recorded by Rakuten\")", at + 1) == std::string::npos);  // one run only
  CHECK(answer.find(R"(data-pending-days=\"4\")") != std::string::npos);
  // Every day covered: nothing is pending.
  for (size_t i = 10; i < plan.days.size(); ++i) in.covered.push_back(*parse_calendar_day(plan.days[i]));
  CHECK(format_dashboard(plan, stats, 0, in, "").find("data-pending-days") == std::string::npos);
}

TEST_CASE("the dashboard counts a sale another network won apart: not against delivery, in its network's row") {
  const ledger_query plan = plan_ledger_query("from=2026-11-26&to=2026-12-02", now, false);
  const std::string rows =
      R"([{"day":"2026-12-02","state":"accepted","attributed":1,"sent":1,"currency":"USD","network":"rakuten","orders":3,"amount":30000000},)"
      R"({"day":"2026-12-02","state":"observed","attributed":1,"sent":0,"currency":"USD","network":"cj","orders":5,"amount":50000000}])";
  stats_days stats;
  REQUIRE(count_stats(plan, rows).get(stats) == error_code::success);
  const std::string answer = format_dashboard(plan, stats, 0, reconciliation_input{}, "");
  CHECK(answer.find(R"("delivery":{"this_week":"100.0%")") != std::string::npos);
  CHECK(answer.find(R"("networks":{"cj":{"won":5,"sent":0,"accepted":0,"observed":5,"dead":0,"rejected":0},)"
                    R"("rakuten":{"won":3,"sent":3,"accepted":3,"observed":0,"dead":0,"rejected":0}})") != std::string::npos);
}

TEST_CASE("the dashboard shows what consent costs: clicks stored of landing clicks, and those denied, undecided, recovered") {
  const ledger_query plan = plan_ledger_query("from=2026-11-19&to=2026-12-02", now, false);
  stats_days stats;
  REQUIRE(count_stats(plan, R"([{"day":"2026-12-01","landing":"granted","clicks":6},{"day":"2026-12-01","landing":"denied","clicks":2},)"
                            R"({"day":"2026-12-02","landing":"undecided","clicks":2},{"day":"2026-12-02","landing":"recovered","clicks":1},)"
                            R"({"day":"2026-11-20","landing":"granted","clicks":4}])")
              .get(stats) == error_code::success);
  const std::string answer = format_dashboard(plan, stats, 0, reconciliation_input{}, "");
  CHECK(answer.find(R"("consent":{"this_week":"70.0%","previous_week":"100.0%","of":10,"of_previous":4,"denied":2,"undecided":2,"recovered":1})") !=
        std::string::npos);
  // Without consent counts (CONSENT off) there is no consent tile.
  REQUIRE(count_stats(plan, "[]").get(stats) == error_code::success);
  CHECK(format_dashboard(plan, stats, 0, reconciliation_input{}, "").find(R"("consent")") == std::string::npos);
}
