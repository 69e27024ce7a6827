#include <catch2/catch.hpp>

#include <string>

#include "reconciliation/matching.h"

using namespace edgepost;

namespace {
unix_seconds day(const char* d) { return *parse_calendar_day(d); }

rakuten_report report_of(std::vector<report_order> orders, const char* to = "2026-11-30") {
  rakuten_report r;
  r.orders = std::move(orders);
  r.from = day("2026-11-01");
  r.to = day(to);
  return r;
}

ledger_side ours(const char* id, const char* state, micros net, const char* sale_day = "2026-11-20",
                 const char* currency = "USD") {
  return {id, state, currency, net, day(sale_day)};
}

report_order theirs(const char* id, micros sales, const char* currency = "USD") {
  return {id, currency, sales, 1, day("2026-11-20")};
}
}  // namespace

TEST_CASE("each ord falls in the set DESIGN.md defines") {
  struct row {
    const char* name;
    std::vector<ledger_side> ours;
    std::vector<report_order> theirs;
    const char* status;  // nullptr: in no set
    const char* reason_contains;
  };
  const row table[] = {
      {"same total", {ours("A", "accepted", 19'990'000)}, {theirs("A", 19'990'000)}, "matched", ""},
      {"same to the cent", {ours("A", "accepted", 1'004'999)}, {theirs("A", 1'000'000)}, "matched", ""},
      {"the report names no currency", {ours("A", "accepted", 5'000'000)}, {theirs("A", 5'000'000, "")}, "matched", ""},
      {"totals differ", {ours("A", "accepted", 19'990'000)}, {theirs("A", 9'990'000)}, "amount_mismatch", "recorded 9.99"},
      {"a factor of 100", {ours("A", "accepted", 19'990'000)}, {theirs("A", 1'999'000'000)}, "amount_mismatch", "factor of 100"},
      {"the other factor of 100", {ours("A", "accepted", 1'999'000'000)}, {theirs("A", 19'990'000)}, "amount_mismatch", "factor of 100"},
      {"zero at Rakuten", {ours("A", "accepted", 19'990'000)}, {theirs("A", 0)}, "amount_mismatch", "Rakuten recorded nothing"},
      {"zero sent", {ours("A", "accepted", 0)}, {theirs("A", 19'990'000)}, "amount_mismatch", "edgepost sent nothing"},
      {"currencies differ", {ours("A", "accepted", 5'000'000)}, {theirs("A", 5'000'000, "EUR")}, "amount_mismatch", "currencies differ"},
      {"accepted, not in the report", {ours("A", "accepted", 5'000'000, "2026-11-28")}, {}, "missing_at_rakuten", ""},
      {"accepted yesterday: the report may lag", {ours("A", "accepted", 5'000'000, "2026-11-29")}, {}, nullptr, ""},
      {"not sent: unattributed", {ours("A", "unattributed", 0)}, {theirs("A", 5'000'000)}, "only_at_rakuten", "unattributed"},
      {"not sent: shadow mode", {ours("A", "shadowed", 0)}, {theirs("A", 5'000'000)}, "only_at_rakuten", "shadowed"},
      {"not sent yet", {ours("A", "pending", 0)}, {theirs("A", 5'000'000)}, "only_at_rakuten", "pending"},
      {"waiting for its click", {ours("A", "waiting_for_click", 0)}, {theirs("A", 5'000'000)}, "only_at_rakuten", "pending"},
      {"dead", {ours("A", "dead", 0)}, {theirs("A", 5'000'000)}, "only_at_rakuten", "dead"},
      {"rejected", {ours("A", "rejected", 0)}, {theirs("A", 5'000'000)}, "only_at_rakuten", "rejected"},
      {"unknown to edgepost", {}, {theirs("A", 5'000'000)}, "only_at_rakuten", "unknown_order"},
      {"neither sent nor reported", {ours("A", "unattributed", 0)}, {}, nullptr, ""},
  };
  for (const auto& t : table) {
    INFO(t.name);
    const std::vector<order_match> m = match_orders(t.ours, report_of(t.theirs));
    if (!t.status) {
      CHECK(m.empty());
      continue;
    }
    REQUIRE(m.size() == 1);
    CHECK(m[0].order_id == "A");
    CHECK(match_status_name(m[0].status) == t.status);
    CHECK(m[0].reason.find(t.reason_contains) != std::string::npos);
  }
}

TEST_CASE("matching many orders keeps each once, ordered by ord, with both amounts") {
  const std::vector<ledger_side> mine = {ours("C", "accepted", 3'000'000), ours("A", "accepted", 1'000'000),
                                         ours("B", "unattributed", 0)};
  const rakuten_report report = report_of({theirs("A", 1'000'000), theirs("B", 2'000'000), theirs("D", 4'000'000)});
  const std::vector<order_match> m = match_orders(mine, report);
  REQUIRE(m.size() == 4);
  CHECK(m[0].order_id == "A");
  CHECK(m[0].status == match_status::matched);
  CHECK(m[1].order_id == "B");
  CHECK(m[1].status == match_status::only_at_rakuten);
  CHECK(m[1].rakuten_amount == 2'000'000);
  CHECK(m[2].order_id == "C");
  CHECK(m[2].status == match_status::missing_at_rakuten);
  CHECK(m[2].edgepost_amount == 3'000'000);
  CHECK(m[3].order_id == "D");
  CHECK(m[3].reason == "unknown_order");
  CHECK(m[3].day == day("2026-11-20"));
}
