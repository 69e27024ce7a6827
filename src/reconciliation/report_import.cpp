#include "reconciliation/report_import.h"

#include "encoding/json_writer.h"
#include "reconciliation/rakuten_report.h"
#include "reconciliation/reconciliation_rows.h"

namespace edgepost {
namespace {

constexpr std::string_view pull_parameters[] = {"start_date", "end_date", "date_type", "tz", "include_summary"};

bool is_pull_parameter(std::string_view pair) {
  const std::string_view name = pair.substr(0, pair.find('='));
  for (auto p : pull_parameters)
    if (p == name) return true;
  return false;
}

}  // namespace

report_import import_report(std::string_view csv, std::string_view source, unix_seconds now, unix_seconds from,
                            unix_seconds to) {
  report_import out;
  const report_reading reading = read_rakuten_report(csv);
  if (reading.refusal) {
    out.refusal = refusal(400, "invalid_report",
                          "line " + std::to_string(reading.refusal->line) + ": " + reading.refusal->reason);
    return out;
  }
  const rakuten_report& r = reading.report;
  if (source != "pull") {
    from = r.from;
    to = r.to;
  }
  const bool any_days = source == "pull" || !r.orders.empty();
  if (any_days && (to - from) / 86400 + 1 > max_report_days) {
    out.refusal = refusal(400, "invalid_report",
                          "the report spans more than " + std::to_string(max_report_days) +
                              " days; export at most a year at a time");
    return out;
  }
  out.from = any_days ? format_calendar_day(from) : "";
  out.to = any_days ? format_calendar_day(to) : "";
  if (any_days)
    for (unix_seconds day = from; day <= to; day += 86400) out.days.push_back(format_calendar_day(day));

  json_writer summary;
  summary.begin_object();
  summary.member("rows", r.rows).member("orders", static_cast<int64_t>(r.orders.size()));
  if (any_days) summary.member("from", out.from).member("to", out.to);
  else summary.key("from").raw("null").key("to").raw("null");
  summary.key("skipped").begin_array();
  for (const auto& s : r.skipped) summary.begin_object().member("line", s.line).member("reason", s.reason).end_object();
  summary.end_array().end_object();
  out.summary_json = summary.take();

  json_writer report;
  report.begin_object().member("source", source).member("imported_at", format_rfc3339(now));
  if (any_days) report.member("from", out.from).member("to", out.to);
  else report.key("from").raw("null").key("to").raw("null");
  report.member("rows", r.rows).member("orders", static_cast<int64_t>(r.orders.size())).end_object();
  out.report_json = report.take();
  out.orders_json = write_report_orders(r.orders);
  return out;
}

report_pull plan_report_pull(std::string_view report_url, unix_seconds now) {
  report_pull p;
  p.to = now - (now % 86400 + 86400) % 86400;
  p.from = p.to - (report_pull_days - 1) * 86400;
  const size_t question = report_url.find('?');
  p.url = std::string(report_url.substr(0, question));
  char separator = '?';
  std::string_view query = question == std::string_view::npos ? std::string_view() : report_url.substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty() && !is_pull_parameter(pair)) {
      p.url += separator;
      p.url += pair;
      separator = '&';
    }
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  p.url += separator;
  p.url += "start_date=" + format_calendar_day(p.from) + "&end_date=" + format_calendar_day(p.to) +
           "&date_type=transaction&tz=GMT&include_summary=N";
  return p;
}

report_import import_pulled_report(const report_pull& pull, int status, std::string_view body, unix_seconds now) {
  if (status < 200 || status > 299) {
    report_import out;
    out.refusal = refusal(502, "report_fetch_failed",
                          status == 0 ? "Rakuten's report could not be reached (no answer)"
                                      : "Rakuten answered the report request with HTTP " + std::to_string(status));
    return out;
  }
  if (body.size() > max_report_bytes) {
    report_import out;
    out.refusal = refusal(502, "report_fetch_failed",
                          "Rakuten's report is larger than 32 MiB; save a report with fewer columns or a shorter range");
    return out;
  }
  report_import out = import_report(body, "pull", now, pull.from, pull.to);
  if (out.refusal.is_refusal())
    out.refusal = refusal(502, "report_fetch_failed", "Rakuten's answer is not a report: " + out.refusal.message);
  return out;
}

}  // namespace edgepost
