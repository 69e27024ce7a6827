#include "reconciliation/matching.h"

#include <algorithm>
#include <map>

namespace edgepost {
namespace {

// Both sides compared in cents: Rakuten's report has two decimals, edgepost's amounts may carry
// sub-cent unit prices.
int64_t cents(micros amount) { return divide_rounding_half_away(amount, micros_per_unit / 100); }

std::string not_sent_reason(std::string_view state) {
  if (state == "waiting_for_click" || state == "pending") return "pending";
  if (state == "unattributed" || state == "shadowed" || state == "dead" || state == "rejected" || state == "withdrawn")
    return std::string(state);
  return "unknown_order";
}

std::string mismatch_reason(const order_match& m, std::string_view report_currency) {
  if (!report_currency.empty() && report_currency != m.currency)
    return "currencies differ: edgepost sent " + m.currency + ", Rakuten recorded " + std::string(report_currency);
  const int64_t ours = cents(m.edgepost_amount), theirs = cents(m.rakuten_amount);
  std::string what = "edgepost sent " + format_decimal_amount(m.edgepost_amount) + ", Rakuten recorded " +
                     format_decimal_amount(m.rakuten_amount);
  if (theirs == 0) return what + ": Rakuten recorded nothing (a zeroed amount, or the wrong field sent)";
  if (ours == 0) return what + ": edgepost sent nothing (a zeroed amount, or the wrong field read)";
  if (ours == theirs * 100 || theirs == ours * 100)
    return what + ": a factor of 100 apart (an amount in cents where units were meant, or the other way)";
  return what;
}

}  // namespace

std::string_view match_status_name(match_status s) {
  switch (s) {
    case match_status::matched: return "matched";
    case match_status::amount_mismatch: return "amount_mismatch";
    case match_status::missing_at_rakuten: return "missing_at_rakuten";
    case match_status::only_at_rakuten: return "only_at_rakuten";
  }
  return "matched";
}

std::vector<order_match> match_orders(const std::vector<ledger_side>& ours, const rakuten_report& report,
                                      bool shadow) {
  std::map<std::string_view, const report_order*> theirs;
  for (const auto& o : report.orders) theirs[o.order_id] = &o;
  std::map<std::string_view, const ledger_side*> by_id;
  for (const auto& o : ours) by_id[o.order_id] = &o;

  std::vector<order_match> out;
  for (const auto& [id, o] : by_id) {
    const auto found = theirs.find(id);
    const bool accepted = o->state == "accepted" || (shadow && o->state == "shadowed");
    if (!accepted && found == theirs.end()) continue;
    order_match m;
    m.order_id = std::string(id);
    m.state = o->state;
    m.edgepost_amount = o->accepted_net;
    m.currency = o->currency;
    m.day = o->sale_day;
    if (found != theirs.end()) m.rakuten_currency = found->second->currency;
    if (found == theirs.end()) {
      if (o->sale_day > report.to - report_lag_days * 86400) continue;  // the report may not show it yet
      m.status = match_status::missing_at_rakuten;
    } else if (!accepted) {
      m.status = match_status::only_at_rakuten;
      m.reason = not_sent_reason(o->state);
      m.edgepost_amount = 0;
      m.rakuten_amount = found->second->sales;
    } else {
      m.rakuten_amount = found->second->sales;
      const std::string& report_currency = found->second->currency;
      const bool same = cents(m.edgepost_amount) == cents(m.rakuten_amount) &&
                        (report_currency.empty() || report_currency == m.currency);
      m.status = same ? match_status::matched : match_status::amount_mismatch;
      if (!same) m.reason = mismatch_reason(m, report_currency);
    }
    out.push_back(std::move(m));
  }
  for (const auto& [id, r] : theirs) {
    if (by_id.count(id)) continue;
    order_match m;
    m.order_id = std::string(id);
    m.status = match_status::only_at_rakuten;
    m.reason = "unknown_order";
    m.rakuten_amount = r->sales;
    m.currency = r->currency;
    m.rakuten_currency = r->currency;
    m.day = r->first_day;
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const order_match& a, const order_match& b) { return a.order_id < b.order_id; });
  return out;
}

}  // namespace edgepost
