// The ledger: what the stats, the admin lists and reconciliation count of each order — its sale
// day, state, attribution and amount. The shard keeps these as columns of the order's own row,
// written in the same transaction as the record they are read from, so the order and what the
// stats say of it never disagree. The core decides what the columns say; the shell stores them
// and runs GROUP BY queries over the shards.
#pragma once
#include <map>
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
  std::string state;
  bool attributed = false;
  bool sent = false;  // at least one attempt reached the network
  std::string network;  // the network the sale is credited to (the winner's); empty when unattributed
  std::string currency;
  micros amount = 0;  // sale total after discount
  // What Rakuten was told and took: the accepted sale less its accepted refunds and cancellations
  // (in shadow mode, those recorded instead of sent). Reconciliation compares it with the report.
  micros reported_amount = 0;
  unix_seconds sale_at = 0;  // when the sale was made (monitoring's "no orders for 24 hours")
};

// nullopt-like: an empty day when the record has no sale yet (nothing to count).
ledger_row ledger_row_for(const order_record& r);
void write_ledger_row(class json_writer& out, const ledger_row& row);

// GET …/stats?from=YYYY-MM-DD&to=YYYY-MM-DD and GET …/orders?state=…&from=…&to=…: which days
// to ask the shards for. At most 92 days; `to` defaults to today, `from` to 29 days before `to`.
struct ledger_query {
  std::vector<std::string> days;
  std::vector<std::string> states;  // empty: every state
  std::string error;                // a sentence when the query is refused (400)
};
ledger_query plan_ledger_query(std::string_view query_string, unix_seconds now, bool with_states);

// One day of the stats: orders, how many were attributed and sent, per ledger state, and per
// currency the amounts of all orders and of the accepted ones.
// A network's day: the sales it won, and of those, sent and by state.
struct network_day {
  int64_t won = 0, sent = 0;
  std::map<std::string, int64_t, std::less<>> by_state;
};

struct stats_day {
  int64_t orders = 0, attributed = 0, unattributed = 0, sent = 0;
  std::map<std::string, int64_t, std::less<>> by_state;
  std::map<std::string, network_day, std::less<>> networks;  // the networks that won a sale that day
  // Landing clicks by what became of them: with CONSENT on, their consent (granted, exempt, denied,
  // undecided) and "recovered", the undecided ones the consent route stored later (README,
  // "Consent"); "refused", clicks for another advertiser.
  std::map<std::string, int64_t, std::less<>> landings;
  std::map<std::string, std::pair<micros, micros>, std::less<>> amounts;  // currency → (all, accepted)
  int64_t in(std::string_view state) const;
};
using stats_days = std::map<std::string, stats_day, std::less<>>;  // by day, every day of the plan

// The shards' grouped rows (below) counted per day: order rows {day, state, attributed, sent,
// currency, network, orders, amount}, and landing rows {day, landing: <state>, clicks}.
result<stats_days> count_stats(const ledger_query& plan, std::string_view grouped_rows_json);
// A day's stats as the members of its object in the stats answer.
void write_stats_members(class json_writer& out, const stats_day& day);

// Rows grouped by the shards — [{"day","state","attributed","sent","currency","orders","amount"}],
// a day's group possibly split over several shards — into the stats answer, every day of the
// range present even when empty, with the number of quarantined records beside it.
result<std::string> format_stats(const ledger_query& plan, std::string_view grouped_rows_json, int64_t quarantined);

}  // namespace edgepost
