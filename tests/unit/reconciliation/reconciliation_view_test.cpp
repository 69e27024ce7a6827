#include <catch2/catch.hpp>

#include <string>

#include "ledger/ledger.h"
#include "reconciliation/reconciliation_rows.h"
#include "reconciliation/reconciliation_view.h"
#include "reconciliation/report_import.h"

using namespace edgepost;

namespace {

unix_seconds day(const char* d) { return *parse_calendar_day(d); }
const unix_seconds now = day("2026-11-30") + 3600;

ledger_query plan(const char* from, const char* to) {
  return plan_ledger_query(std::string("from=") + from + "&to=" + to, now, false);
}

ledger_side ours(const char* id, const char* state, micros net, const char* sale_day) {
  return {id, state, "USD", net, day(sale_day)};
}

report_order theirs(const char* id, micros sales, const char* first_day) { return {id, "USD", sales, 1, day(first_day)}; }

std::vector<unix_seconds> days_between(const char* from, const char* to) {
  std::vector<unix_seconds> out;
  for (unix_seconds d = day(from); d <= day(to); d += 86400) out.push_back(d);
  return out;
}

}  // namespace

TEST_CASE("an order missing at Rakuten counts only on a day a report covered, outside its lag") {
  reconciliation_input in;
  in.ours = {ours("A", "accepted", 10'000'000, "2026-11-20"), ours("B", "accepted", 10'000'000, "2026-11-28"),
             ours("C", "accepted", 10'000'000, "2026-11-10")};
  in.covered = days_between("2026-11-15", "2026-11-29");
  const auto matches = reconcile(plan("2026-11-01", "2026-11-30"), in);
  // A: covered, 9 days before the last covered day; B: 1 day before it, inside the 2-day lag; C: no
  // report covered its day.
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].order_id == "A");
  CHECK(matches[0].status == match_status::missing_at_rakuten);
}

TEST_CASE("each match counts on edgepost's sale day, both sides read beyond the range") {
  reconciliation_input in;
  // Sold just before the range's first day, recorded by Rakuten on it: the match belongs to the day before.
  in.ours = {ours("EDGE", "accepted", 5'000'000, "2026-11-09"), ours("IN", "accepted", 5'000'000, "2026-11-10")};
  in.theirs = {theirs("EDGE", 5'000'000, "2026-11-10"), theirs("IN", 5'000'000, "2026-11-11")};
  in.covered = days_between("2026-11-01", "2026-11-29");
  const auto matches = reconcile(plan("2026-11-10", "2026-11-12"), in);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].order_id == "IN");
  CHECK(matches[0].status == match_status::matched);
}

TEST_CASE("the switch-over report says go only with 20 orders at Rakuten, at most 2 in 100 missed, no amount apart") {
  struct row {
    int both, rakuten_only, differ;
    const char* verdict;
  };
  const row rows[] = {{19, 0, 0, "no_go"}, {20, 0, 0, "go"}, {49, 1, 0, "go"}, {48, 2, 0, "no_go"}, {30, 0, 1, "no_go"}};
  for (const auto& r : rows) {
    INFO(r.both << " both, " << r.rakuten_only << " only at Rakuten, " << r.differ << " apart");
    reconciliation_input in;
    in.shadow = true;
    in.covered = days_between("2026-11-01", "2026-11-29");
    int n = 0;
    auto id = [&n] { return "O-" + std::to_string(++n); };
    for (int i = 0; i < r.both; ++i) {
      const std::string o = id();
      in.ours.push_back({o, "shadowed", "USD", 1'000'000, day("2026-11-20")});
      in.theirs.push_back({o, "USD", 1'000'000, 1, day("2026-11-20")});
    }
    for (int i = 0; i < r.rakuten_only; ++i) in.theirs.push_back({id(), "USD", 1'000'000, 1, day("2026-11-20")});
    for (int i = 0; i < r.differ; ++i) {
      const std::string o = id();
      in.ours.push_back({o, "shadowed", "USD", 1'000'000, day("2026-11-20")});
      in.theirs.push_back({o, "USD", 2'000'000, 1, day("2026-11-20")});
    }
    const ledger_query p = plan("2026-11-01", "2026-11-30");
    stats_days stats;
    REQUIRE(count_stats(p, "[]").get(stats) == error_code::success);
    const std::string answer = format_reconciliation(p, stats, 0, in, "");
    CHECK(answer.find(std::string("\"verdict\":\"") + r.verdict + "\"") != std::string::npos);
    CHECK(answer.find("\"both\":" + std::to_string(r.both) + ",") != std::string::npos);
  }
}

TEST_CASE("a status filter names the sets, and refuses a name it does not know") {
  CHECK(parse_match_filter("").statuses.size() == 4);
  const match_filter two = parse_match_filter("status=matched,only_at_rakuten&from=2026-11-01");
  CHECK(two.error.empty());
  CHECK(two.statuses == std::vector<match_status>{match_status::matched, match_status::only_at_rakuten});
  CHECK_FALSE(parse_match_filter("status=matched,lost").error.empty());
}

TEST_CASE("an uploaded report replaces its own days, and a pull the days it asked for") {
  const std::string csv = "Order ID,Sales,Transaction Date\nA-1,10.00,11/24/26\nA-2,\"1,000.50\",11/26/26\nA-1,-2.50,11/25/26\n";
  const report_import upload = import_report(csv, "upload", now);
  REQUIRE_FALSE(upload.refusal.is_refusal());
  CHECK(upload.from == "2026-11-24");
  CHECK(upload.to == "2026-11-26");
  CHECK(upload.days == std::vector<std::string>{"2026-11-24", "2026-11-25", "2026-11-26"});
  CHECK(upload.summary_json == R"({"rows":3,"orders":2,"from":"2026-11-24","to":"2026-11-26","skipped":[]})");
  std::vector<report_order> stored;
  REQUIRE(read_report_orders(upload.orders_json).get(stored) == error_code::success);
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].order_id == "A-1");
  CHECK(stored[0].sales == 7'500'000);
  CHECK(stored[1].sales == 1'000'500'000);

  const report_pull pull = plan_report_pull("https://ran-reporting.example/v1/reports?token=T&start_date=x&tz=EST&reportid=7", now);
  CHECK(pull.url ==
        "https://ran-reporting.example/v1/reports?token=T&reportid=7&start_date=2026-11-17&end_date=2026-11-30"
        "&date_type=transaction&tz=GMT&include_summary=N");
  const report_import pulled = import_pulled_report(pull, 200, "Order ID,Sales,Transaction Date\n", now);
  REQUIRE_FALSE(pulled.refusal.is_refusal());
  CHECK(pulled.days.size() == 14);  // a day without rows is a day nothing happened at Rakuten
  CHECK(import_pulled_report(pull, 401, "", now).refusal.code == "report_fetch_failed");
  CHECK(import_pulled_report(pull, 0, "", now).refusal.status == 502);
  CHECK(import_pulled_report(pull, 200, "<html>Invalid token</html>", now).refusal.code == "report_fetch_failed");
  // Cut short by the shell's read, a report would lose rows: it is refused instead.
  std::string huge = "Order ID,Sales,Transaction Date\n";
  huge.resize(max_report_bytes + 1, '\n');
  const report_import cut = import_pulled_report(pull, 200, huge, now);
  CHECK(cut.refusal.code == "report_fetch_failed");
  CHECK(cut.refusal.message.find("larger than 32 MiB") != std::string::npos);
}

TEST_CASE("a report is refused when it is not one, naming the line, or spans more than 400 days") {
  const report_import broken = import_report("Order ID,Sales,Transaction Date\nA-1,ten,11/24/26\n", "upload", now);
  CHECK(broken.refusal.status == 400);
  CHECK(broken.refusal.code == "invalid_report");
  CHECK(broken.refusal.message.rfind("line 2: ", 0) == 0);
  const report_import long_one =
      import_report("Order ID,Sales,Transaction Date\nA-1,1,1/1/25\nA-2,1,2/6/26\n", "upload", now);
  CHECK(long_one.refusal.message.find("more than 400 days") != std::string::npos);
  CHECK_FALSE(import_report("Order ID,Sales,Transaction Date\nA-1,1,1/1/25\nA-2,1,2/4/26\n", "upload", now).refusal.is_refusal());
}
