// Importing a Rakuten report, uploaded or pulled: the file read (reconciliation/rakuten_report.h),
// the days it replaces in the report store, its orders in their stored form, and the answers —
// the summary for the caller, or the refusal naming the line. A pull asks RAKUTEN_REPORT_URL for
// the trailing days with the parameters the design card's contract names; that URL carries
// Rakuten's token, so it only ever goes to the shell's fetch, never into an answer or a log.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "support/reply.h"
#include "support/utc_time.h"

namespace edgepost {

// Days a daily pull asks for, up to today: late batches and cancellations are seen.
constexpr int64_t report_pull_days = 14;
// The largest report a pull takes (the shell reads one byte more, so a larger one is seen as
// such): 200,000 rows of an export are about 25 MB. A larger file is refused, not cut short, so
// an import never replaces days with part of their rows.
constexpr size_t max_report_bytes = 32 * 1048576;
// The days one import may cover: a year and a month, so a whole year's export is taken at once.
constexpr int64_t max_report_days = 400;

struct report_import {
  reply refusal;             // set: nothing is stored (400 invalid_report, 502 report_fetch_failed)
  std::string summary_json;  // {"rows","orders","from","to","skipped":[{"line","reason"}]}
  std::string report_json;   // the import as the reconciliation answer shows it ("report")
  std::string orders_json;   // reconciliation/reconciliation_rows.h's stored form
  std::string from, to;      // the days the import replaces (empty: none)
  std::vector<std::string> days;  // each of them, from to to
};

// `source` upload: the days replaced are the report's first to last transaction day. pull: the days
// asked for, `from` to `to`, even those without a row (nothing happened at Rakuten on them).
report_import import_report(std::string_view csv, std::string_view source, unix_seconds now, unix_seconds from = 0,
                            unix_seconds to = 0);

struct report_pull {
  std::string url;  // secret
  unix_seconds from = 0, to = 0;
};
// The trailing report_pull_days days up to `now`'s day, as parameters of the report's own URL
// (replacing any of the same names it already has).
report_pull plan_report_pull(std::string_view report_url, unix_seconds now);

// What the pull's answer means: imported, or a 502 report_fetch_failed naming Rakuten's status.
report_import import_pulled_report(const report_pull& pull, int status, std::string_view body, unix_seconds now);

}  // namespace edgepost
