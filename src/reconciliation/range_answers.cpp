#include "reconciliation/range_answers.h"

#include "encoding/json_writer.h"
#include "ledger/ledger.h"
#include "ledger/orders_export.h"
#include "reconciliation/dashboard_view.h"
#include "reconciliation/reconciliation_rows.h"
#include "reconciliation/reconciliation_view.h"

namespace edgepost {

core_answer answer_ledger_plan(std::string_view query, unix_seconds now, bool with_states) {
  const ledger_query q = plan_ledger_query(query, now, with_states);
  json_writer out;
  out.begin_object();
  if (!q.error.empty()) {
    out.member("status", int64_t{400}).member("body", error_body("invalid_query", q.error)).end_object();
    return {400, out.take()};
  }
  out.member("status", int64_t{200});
  if (const auto first = parse_calendar_day(q.days.front()), last = parse_calendar_day(q.days.back()); first && last) {
    out.member("wide_from", format_calendar_day(*first - reconciliation_margin_days * 86400));
    out.member("wide_to", format_calendar_day(*last + reconciliation_margin_days * 86400));
  }
  out.key("days").begin_array();
  for (const auto& d : q.days) out.string(d);
  out.end_array().key("states").begin_array();
  for (const auto& s : q.states) out.string(s);
  out.end_array().end_object();
  return {200, out.take()};
}

core_answer answer_stats(std::string_view query, unix_seconds now, std::string_view grouped_rows, int64_t quarantined) {
  const ledger_query q = plan_ledger_query(query, now, false);
  std::string body;
  if (!q.error.empty() || format_stats(q, grouped_rows, quarantined).get(body) != error_code::success)
    return refusal_answer(400, "invalid_query", q.error.empty() ? "the ledger rows could not be read" : q.error);
  return {200, std::move(body)};
}

core_answer answer_reconciliation(std::string_view query, unix_seconds now, std::string_view view,
                                  const reconciliation_rows_in& rows, bool shadow) {
  const ledger_query plan = plan_ledger_query(query, now, false);
  if (!plan.error.empty()) return refusal_answer(400, "invalid_query", plan.error);
  reconciliation_input in;
  in.shadow = shadow;
  stats_days stats;
  if (count_stats(plan, rows.grouped).get(stats) != error_code::success ||
      read_ledger_sides(rows.sides).get(in.ours) != error_code::success ||
      read_report_orders(rows.report_orders).get(in.theirs) != error_code::success ||
      read_days(rows.covered).get(in.covered) != error_code::success)
    return bad_call("the rows handed to reconciliation could not be read");
  if (view == "days") return {200, format_reconciliation(plan, stats, rows.quarantined, in, rows.last_import)};
  if (view == "dashboard") return {200, format_dashboard(plan, stats, rows.quarantined, in, rows.last_import)};
  const match_filter filter = parse_match_filter(query);
  if (!filter.error.empty()) return refusal_answer(400, "invalid_query", filter.error);
  const std::vector<order_match> matches = filtered(reconcile(plan, in), filter);
  if (view == "csv") return {200, format_match_csv(matches)};
  if (view == "orders") return {200, format_match_list(matches, reconciliation_list_limit)};
  return bad_call("no such reconciliation view");
}

core_answer answer_orders_csv(std::string_view rows) {
  std::string csv;
  if (format_orders_csv(rows).get(csv) != error_code::success) return bad_call("the ledger rows could not be read");
  return {200, std::move(csv)};
}

}  // namespace edgepost
