// The ledger: one row per order in a SQLite-backed Durable Object per UTC day (the day of the
// sale), so the stats API, the admin lists and reconciliation never scan order objects. The core
// decides what a row says; the shell only upserts it and runs GROUP BY queries.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "model/order_record.h"
#include "support/result.h"

namespace edgepost {

// One word per order, the state a merchant reconciles by:
//   waiting_for_click | unattributed | pending | accepted | rejected | dead | shadowed | withdrawn
std::string_view ledger_state(const order_record& r);

struct ledger_row {
  std::string day;  // YYYY-MM-DD (UTC) of the sale
  std::string order_id;
  std::string object_key;  // the order's Durable Object is "order:<object_key>"
  int64_t revision = 0;
  std::string state;
  bool attributed = false;
  bool sent = false;  // at least one attempt reached the network
  std::string currency;
  micros amount = 0;  // sale total after discount
};

// nullopt-like: an empty day when the record has no sale yet (nothing to count).
ledger_row ledger_row_for(const order_record& r);
// Whether two rows say the same thing (the revision aside): an event that changes nothing the
// ledger counts — marking an attempt in flight — writes no row.
bool same_ledger_content(const ledger_row& a, const ledger_row& b);
void write_ledger_row(class json_writer& out, const ledger_row& row);

// GET …/stats?from=YYYY-MM-DD&to=YYYY-MM-DD and GET …/orders?state=…&from=…&to=…: which days
// (ledger objects) to ask. At most 92 days; `to` defaults to today, `from` to 29 days before `to`.
struct ledger_query {
  std::vector<std::string> days;
  std::vector<std::string> states;  // empty: every state
  std::string error;                // a sentence when the query is refused (400)
};
ledger_query plan_ledger_query(std::string_view query_string, unix_seconds now, bool with_states);

// Rows aggregated by each day's ledger — [{"day","state","attributed","sent","currency","orders",
// "amount"}] — into the stats answer, every day of the range present even when empty.
result<std::string> format_stats(const ledger_query& plan, std::string_view grouped_rows_json);

}  // namespace edgepost
