// Rakuten's side of the ledger: an advertiser report CSV, as Rakuten's exports write it
// (the design card's contract, "Reconciliation and monitoring"), read into one total per Order ID.
// Tolerant of what the exports really look like — a UTF-8 BOM, a summary block before the header,
// RFC 4180 quoting, dates as m/d/yy or YYYY-MM-DD, amounts like "1,234.56" or "-12.00", one row
// per SKU line (summed per order; refunds and cancellations are negative rows), total and note rows
// without an Order ID (skipped, each named) — and strict about what it cannot read: the whole file
// is refused, naming the line, rather than half of it counted.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "money/money.h"
#include "support/utc_time.h"

namespace edgepost {

// A report is a month or two of one merchant's orders; these bound the memory a file can take
// (200,000 rows is about 25 MB of CSV, beyond any body edgepost accepts).
constexpr int64_t max_report_rows = 200'000;
constexpr size_t max_report_orders = 100'000;
// Rows before the header that are taken for the summary block; a file whose header is not among
// the first ones is not a report.
constexpr int64_t max_summary_rows = 50;

struct report_order {
  std::string order_id;  // Rakuten's Order ID: edgepost's `ord`
  std::string currency;  // empty when the report has no Currency column
  micros sales = 0;      // the order's rows summed
  int64_t rows = 0;
  unix_seconds first_day = 0;  // the earliest transaction day of its rows (UTC midnight)
};

struct report_skip {
  int64_t line = 0;
  std::string reason;
};

struct rakuten_report {
  std::vector<report_order> orders;  // ordered by order_id
  int64_t rows = 0;                  // rows counted (skipped ones not included)
  unix_seconds from = 0, to = 0;     // first and last transaction day; 0 when there are no rows
  std::vector<report_skip> skipped;
};

struct report_reading {
  rakuten_report report;
  std::optional<report_skip> refusal;  // set: the file is not such a report (400 invalid_report)
};

report_reading read_rakuten_report(std::string_view csv);

}  // namespace edgepost
