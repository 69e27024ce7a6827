#include "reconciliation/report_answers.h"

#include "encoding/json_writer.h"
#include "reconciliation/report_import.h"

namespace edgepost {
namespace {

core_answer write_report_import(const report_import& r) {
  json_writer out;
  out.begin_object();
  if (r.refusal.is_refusal()) {
    out.member("status", int64_t{r.refusal.status}).member("body", error_body(r.refusal.code, r.refusal.message));
    out.end_object();
    return {r.refusal.status, out.take()};
  }
  out.member("status", int64_t{200}).member("body", r.summary_json);
  out.key("store").begin_object().member("from", r.from).member("to", r.to).key("days").begin_array();
  for (const auto& d : r.days) out.string(d);
  out.end_array().member("report", r.report_json).member("orders", r.orders_json).end_object();
  out.end_object();
  return {200, out.take()};
}

}  // namespace

core_answer answer_report_import(std::string_view csv, int64_t max_body_bytes, unix_seconds now) {
  if (static_cast<int64_t>(csv.size()) > max_body_bytes) {
    report_import too_large;
    too_large.refusal = refusal(413, "too_large", "the report is larger than MAX_BODY_BYTES");
    return write_report_import(too_large);
  }
  return write_report_import(import_report(csv, "upload", now));
}

core_answer answer_report_pull_plan(std::string_view report_url, unix_seconds now) {
  json_writer out;
  out.begin_object();
  if (report_url.empty()) {
    out.member("status", int64_t{404})
        .member("body", error_body("not_configured", "RAKUTEN_REPORT_URL is not set, so there is no report to pull"));
    out.end_object();
    return {404, out.take()};
  }
  const report_pull p = plan_report_pull(report_url, now);
  out.member("status", int64_t{200}).member("url", p.url);
  out.member("from", format_calendar_day(p.from)).member("to", format_calendar_day(p.to)).end_object();
  return {200, out.take()};
}

core_answer answer_report_pulled(unix_seconds from, unix_seconds to, int status, std::string_view body,
                                 unix_seconds now) {
  report_pull p;
  p.from = from;
  p.to = to;
  return write_report_import(import_pulled_report(p, status, body, now));
}

}  // namespace edgepost
