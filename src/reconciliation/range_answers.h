// The admin routes that read a range of days (operations ledger_plan, stats, reconciliation,
// orders_csv): the range a query names, and the answers made of the rows the shards and the report
// store hand back for it.
#pragma once
#include <string_view>

#include "encoding/core_answer.h"
#include "support/utc_time.h"

namespace edgepost {

// 200 {status, days, states, wide_from, wide_to} (the days reconciliation reads both sides over),
// or 400 {status, body} for a bad query.
core_answer answer_ledger_plan(std::string_view query, unix_seconds now, bool with_states);

// 200 with the stats, or 400 invalid_query.
core_answer answer_stats(std::string_view query, unix_seconds now, std::string_view grouped_rows,
                         int64_t quarantined);

struct reconciliation_rows_in {
  std::string_view grouped, sides, report_orders, covered, last_import;
  int64_t quarantined = 0;
};
// `view`: days, dashboard, orders, or csv (CSV text). 200, 400 invalid_query, or a bad call when
// the rows cannot be read.
core_answer answer_reconciliation(std::string_view query, unix_seconds now, std::string_view view,
                                  const reconciliation_rows_in& rows, bool shadow);

// 200 with the CSV of the ledger rows.
core_answer answer_orders_csv(std::string_view rows);

}  // namespace edgepost
