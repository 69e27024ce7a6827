// What the reconciliation routes answer: edgepost's orders matched with Rakuten's report per day
// (the stats of each day beside what Rakuten recorded), the matched orders themselves as JSON or
// CSV, and in shadow mode the switch-over report with its go/no-go line.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ledger/ledger.h"
#include "reconciliation/matching.h"
#include "support/result.h"

namespace edgepost {

// An order's sale day at edgepost and its transaction day at Rakuten can differ (a sale near
// midnight, a postback retried into the next day): both sides are read this many days beyond the
// range asked for, and each match counts on edgepost's sale day.
constexpr int64_t reconciliation_margin_days = 7;

struct reconciliation_input {
  std::vector<ledger_side> ours;      // the range and the margin
  std::vector<report_order> theirs;   // the range and the margin
  std::vector<unix_seconds> covered;  // days an imported report covered
  bool shadow = false;                // MODE=shadow: the side-by-side week
};

// The matches whose day is one of the plan's. An order missing at Rakuten counts only on a day
// some report covered and at least report_lag_days before the last day one did.
std::vector<order_match> reconcile(const ledger_query& plan, const reconciliation_input& in);

// The covered days whose report is complete: at least report_lag_days before the last covered day.
std::vector<unix_seconds> complete_days(const std::vector<unix_seconds>& covered);

// GET …/reconciliation: {"from","to","days":[stats fields + rakuten_orders, matched,
// amount_mismatch, missing_at_rakuten, only_at_rakuten, rakuten_amounts, report_complete],
// "report": <the last import's summary or null>, "quarantined", and in shadow mode "switch_over"}.
std::string format_reconciliation(const ledger_query& plan, const stats_days& stats, int64_t quarantined,
                                  const reconciliation_input& in, std::string_view report_json);

// status=matched,amount_mismatch,… (every set when absent); `error` when a name is unknown.
struct match_filter {
  std::vector<match_status> statuses;
  std::string error;
};
match_filter parse_match_filter(std::string_view query_string);
std::vector<order_match> filtered(std::vector<order_match> matches, const match_filter& filter);

// The most orders one answer of GET …/reconciliation/orders lists (the CSV has them all).
constexpr size_t reconciliation_list_limit = 1000;

// GET …/reconciliation/orders: {"orders":[…],"truncated"} with at most `limit` orders.
std::string format_match_list(const std::vector<order_match>& matches, size_t limit);
// GET …/reconciliation.csv: every match, one record each, under a header row.
std::string format_match_csv(const std::vector<order_match>& matches);

}  // namespace edgepost
