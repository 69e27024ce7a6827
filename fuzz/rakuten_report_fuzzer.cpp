// The Rakuten report CSV parser (src/reconciliation/rakuten_report.h), directly: it is not behind
// an ABI operation yet. What must hold beyond ASan and UBSan: a file is either refused with a line
// inside the file and a reason, or read into orders that are ordered, unique, within the bounds and
// whose rows add up to the rows counted.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "reconciliation/rakuten_report.h"

namespace {
[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what);
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  const edgepost::report_reading r = edgepost::read_rakuten_report(csv);
  int64_t newlines = 1;
  for (const char c : csv) newlines += c == '\n' || c == '\r';
  if (r.refusal) {
    if (r.refusal->line < 1 || r.refusal->line > newlines) finding("a refusal names a line outside the file");
    if (r.refusal->reason.empty()) finding("a refusal without a reason");
    return 0;
  }
  if (r.report.orders.size() > edgepost::max_report_orders) finding("more orders than the bound");
  int64_t rows = 0;
  for (size_t i = 0; i < r.report.orders.size(); ++i) {
    const auto& o = r.report.orders[i];
    if (o.order_id.empty() || o.rows < 1) finding("an order without an id or rows");
    if (i > 0 && !(r.report.orders[i - 1].order_id < o.order_id)) finding("orders not ordered and unique");
    if (o.first_day < r.report.from || o.first_day > r.report.to) finding("an order's day outside the report's range");
    rows += o.rows;
  }
  if (rows != r.report.rows) finding("the orders' rows do not add up to the rows counted");
  return 0;
}
