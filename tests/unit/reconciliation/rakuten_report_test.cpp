#include <catch2/catch.hpp>

#include <string>

#include "reconciliation/rakuten_report.h"
#include "support/utc_time.h"

using namespace edgepost;

namespace {
const report_order* find(const rakuten_report& r, std::string_view id) {
  for (const auto& o : r.orders)
    if (o.order_id == id) return &o;
  return nullptr;
}
unix_seconds day(const char* d) { return *parse_calendar_day(d); }
}  // namespace

// The shape of a Rakuten advertiser report as downloaded: BOM, a summary block, a blank line, the
// header, one row per SKU, quoted amounts with thousands separators, m/d/yy dates, a refund as a
// negative row, and a total row at the end.
TEST_CASE("a real-looking Rakuten report: one total per Order ID, rows summed, summary and totals skipped") {
  const std::string csv =
      "\xEF\xBB\xBF"
      "Report,Signature Orders Report\r\n"
      "Date Range,11/01/26 - 11/30/26\r\n"
      "\r\n"
      "Member ID (U1),Publisher ID,Order ID,SKU,Transaction Date,Transaction Time,Sales,# of Items,Currency\r\n"
      "u1,3831418,A-1001,SHIRT,11/24/26,10:02:00,\"1,234.56\",2,USD\r\n"
      "u1,3831418,A-1001,MUG,11/24/26,10:02:00,7.50,1,USD\r\n"
      "u1,3831418,A-1002,CAP,11/25/26,09:00:00,19.99,1,usd\r\n"
      "u1,3831418,A-1001,SHIRT,11/27/26,12:00:00,-617.28,-1,USD\r\n"
      ",,,,,,\"1,644.77\",3,\r\n";
  const report_reading r = read_rakuten_report(csv);
  REQUIRE_FALSE(r.refusal.has_value());
  CHECK(r.report.rows == 4);
  REQUIRE(r.report.orders.size() == 2);
  const report_order* a = find(r.report, "A-1001");
  REQUIRE(a);
  CHECK(a->sales == 624'780'000);  // 1,234.56 + 7.50 − 617.28
  CHECK(a->rows == 3);
  CHECK(a->currency == "USD");
  CHECK(a->first_day == day("2026-11-24"));
  const report_order* b = find(r.report, "A-1002");
  REQUIRE(b);
  CHECK(b->sales == 19'990'000);
  CHECK(b->currency == "USD");
  CHECK(r.report.from == day("2026-11-24"));
  CHECK(r.report.to == day("2026-11-27"));
  REQUIRE(r.report.skipped.size() == 1);
  CHECK(r.report.skipped[0].line == 9);
}

TEST_CASE("report headers are matched case-insensitively, and only Order ID, Sales and Transaction Date are needed") {
  const report_reading r = read_rakuten_report("order id , SALES,transaction date\nB-1,10,2026-11-24\nB-1,5.25,11/24/2026\n");
  REQUIRE_FALSE(r.refusal.has_value());
  REQUIRE(r.report.orders.size() == 1);
  CHECK(r.report.orders[0].sales == 15'250'000);
  CHECK(r.report.orders[0].currency.empty());
}

TEST_CASE("dates and amounts a report may hold, and those it may not") {
  struct row {
    const char* date;
    const char* sales;
    bool readable;
  };
  const row table[] = {
      {"11/24/26", "1,234.56", true},   {"1/5/26", "0", true},          {"2026-11-24", "-12.00", true},
      {"11/24/2026", "1,234,567.89", true}, {"2/29/28", "1", true},     {"2/30/26", "1", false},
      {"13/1/26", "1", false},          {"11-24-26", "1", false},       {"yesterday", "1", false},
      {"11/24/26", "12,34.56", false},  {"11/24/26", "1,234.5,6", false}, {"11/24/26", "$5", false},
      {"11/24/26", "", false},          {"11/24/26", "1.2345678", false}, {"11/24/26", "--1", false},
  };
  for (const auto& t : table) {
    INFO(t.date << " / " << t.sales);
    const std::string csv = std::string("Order ID,Transaction Date,Sales\nC-1,") + t.date + ",\"" + t.sales + "\"\n";
    const report_reading r = read_rakuten_report(csv);
    CHECK(r.refusal.has_value() == !t.readable);
    if (!t.readable) CHECK(r.refusal->line == 2);
  }
}

TEST_CASE("a file that is not such a report is refused, naming the line") {
  struct row {
    const char* name;
    const char* csv;
    int64_t line;
  };
  const row table[] = {
      {"no header", "just,some,columns\n1,2,3\n", 1},
      {"empty", "", 1},
      {"JSON", "{\"orders\": []}", 1},
      {"wrong field count", "Order ID,Transaction Date,Sales\nD-1,11/24/26,1\nD-2,11/24/26\n", 3},
      {"broken quoting", "Order ID,Transaction Date,Sales\nD-1,11/24/26,\"1\n", 2},
      {"currencies differ", "Order ID,Transaction Date,Sales,Currency\nD-1,11/24/26,1,USD\nD-1,11/24/26,1,EUR\n", 3},
      {"not a currency", "Order ID,Transaction Date,Sales,Currency\nD-1,11/24/26,1,dollars\n", 2},
  };
  for (const auto& t : table) {
    INFO(t.name);
    const report_reading r = read_rakuten_report(t.csv);
    REQUIRE(r.refusal.has_value());
    CHECK(r.refusal->line == t.line);
    CHECK_FALSE(r.refusal->reason.empty());
  }
}

TEST_CASE("a report's size is bounded: too many orders are refused, not held") {
  std::string csv = "Order ID,Transaction Date,Sales\n";
  for (size_t i = 0; i <= max_report_orders; ++i) csv += "E-" + std::to_string(i) + ",11/24/26,1\n";
  const report_reading r = read_rakuten_report(csv);
  REQUIRE(r.refusal.has_value());
  CHECK(r.refusal->line == static_cast<int64_t>(max_report_orders) + 2);
  CHECK(r.report.orders.empty());
}

TEST_CASE("an order's rows that add up beyond range are refused") {
  std::string csv = "Order ID,Transaction Date,Sales\n";
  for (int i = 0; i < 20; ++i) csv += "F-1,11/24/26,999999999999\n";
  const report_reading r = read_rakuten_report(csv);
  REQUIRE(r.refusal.has_value());
  CHECK(r.refusal->reason.find("beyond range") != std::string::npos);
}
