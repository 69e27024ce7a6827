// Matching edgepost's orders with Rakuten's report, per `ord` (Rakuten's Order ID), into the four
// sets the design card's contract defines ("Reconciliation and monitoring"):
//   matched            — accepted by Rakuten's /ep and in the report with the same net total, to the
//                        cent, and the same currency when the report names one;
//   amount_mismatch    — in both, totals (or currencies) differ; a factor of exactly 100 or a zero on
//                        one side is called out, the cents and wrong-field bugs;
//   missing_at_rakuten — accepted by edgepost, its sale day at least 2 days before the report's last
//                        day (Rakuten's reports lag), not in the report;
//   only_at_rakuten    — in the report but not accepted by edgepost, with the reason edgepost did
//                        not send it.
// Orders neither accepted by edgepost nor in the report are in no set.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "money/money.h"
#include "reconciliation/rakuten_report.h"
#include "support/utc_time.h"

namespace edgepost {

enum class match_status { matched, amount_mismatch, missing_at_rakuten, only_at_rakuten };
std::string_view match_status_name(match_status s);

// One order as edgepost's ledger has it.
struct ledger_side {
  std::string order_id;
  std::string state;        // the ledger state (src/ledger/ledger.h): accepted, pending, dead, …
  std::string currency;
  micros accepted_net = 0;  // the accepted sale plus its accepted adjustments
  unix_seconds sale_day = 0;
};

struct order_match {
  std::string order_id;
  match_status status = match_status::matched;
  // only_at_rakuten: why edgepost did not send (unattributed, shadowed, pending, dead, rejected,
  // withdrawn, unknown_order); amount_mismatch: what differs, in a sentence; otherwise empty.
  std::string reason;
  std::string state;  // edgepost's ledger state; empty when edgepost does not know the order
  micros edgepost_amount = 0;
  micros rakuten_amount = 0;
  std::string currency;          // edgepost's; the report's for an order edgepost lacks
  std::string rakuten_currency;  // as the report names it (empty: the report has no Currency column)
  unix_seconds day = 0;  // edgepost's sale day; the report's first day for an order edgepost lacks
};

// The report lags: an order is missing at Rakuten only once its sale day is this far behind the
// report's last day.
constexpr int64_t report_lag_days = 2;

// Ordered by order_id. `ours` may hold any orders (accepted or not); each `ord` once. `shadow`: a
// side-by-side week (MODE=shadow), where a shadowed postback stands for one Rakuten accepted.
std::vector<order_match> match_orders(const std::vector<ledger_side>& ours, const rakuten_report& report,
                                      bool shadow = false);

}  // namespace edgepost
