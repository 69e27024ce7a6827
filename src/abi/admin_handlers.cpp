#include "abi/handlers.h"
#include "networks/network_table.h"
#include "reconciliation/range_answers.h"
#include "reconciliation/report_answers.h"

namespace edgepost::abi {

core_answer ledger_plan(const call_fields& f) {
  const auto now = integer(FIELD("ledger_plan", "now"));
  if (!now) return bad_call("the query's time is not an integer");
  return answer_ledger_plan(FIELD("ledger_plan", "query"), *now, FIELD("ledger_plan", "with_states") == "states");
}

core_answer stats(const call_fields& f) {
  const auto now = integer(FIELD("stats", "now"));
  const auto quarantined = integer(FIELD("stats", "quarantined"));
  if (!now || !quarantined) return bad_call("the query's time or the quarantined count is not an integer");
  return answer_stats(FIELD("stats", "query"), *now, FIELD("stats", "grouped"), *quarantined);
}

core_answer reconciliation(const call_fields& f) {
  const auto now = integer(FIELD("reconciliation", "now"));
  const auto quarantined = integer(FIELD("reconciliation", "quarantined"));
  if (!now || !quarantined) return bad_call("the query's time or the quarantined count is not an integer");
  const reconciliation_rows_in rows{FIELD("reconciliation", "grouped"),       FIELD("reconciliation", "sides"),
                                    FIELD("reconciliation", "report_orders"), FIELD("reconciliation", "covered"),
                                    FIELD("reconciliation", "last_import"),   *quarantined};
  return answer_reconciliation(FIELD("reconciliation", "query"), *now, FIELD("reconciliation", "view"), rows,
                               settings().mode_for(networks()[0].name) == delivery_mode::shadow);
}

core_answer orders_csv(const call_fields& f) { return answer_orders_csv(FIELD("orders_csv", "rows")); }

core_answer report_import(const call_fields& f) {
  const auto now = integer(FIELD("report_import", "now"));
  if (!now) return bad_call("the import's time is not an integer");
  return answer_report_import(FIELD("report_import", "report"), settings().max_body_bytes, *now);
}

core_answer report_pull_plan(const call_fields& f) {
  const auto now = integer(FIELD("report_pull_plan", "now"));
  if (!now) return bad_call("the pull's time is not an integer");
  return answer_report_pull_plan(settings().rakuten_report_url, *now);
}

core_answer report_pulled(const call_fields& f) {
  const auto now = integer(FIELD("report_pulled", "now"));
  const auto from = parse_calendar_day(FIELD("report_pulled", "from"));
  const auto to = parse_calendar_day(FIELD("report_pulled", "to"));
  const auto status = http_status(FIELD("report_pulled", "status"));
  if (!now || !from || !to || !status) return bad_call("the pull's time, days or HTTP status could not be read");
  return answer_report_pulled(*from, *to, *status, FIELD("report_pulled", "body"), *now);
}

}  // namespace edgepost::abi
