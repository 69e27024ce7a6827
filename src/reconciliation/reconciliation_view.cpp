#include "reconciliation/reconciliation_view.h"

#include <algorithm>
#include <map>
#include <set>

#include "encoding/csv_writer.h"
#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "encoding/query_string.h"

namespace edgepost {
namespace {

// The go/no-go rule of a side-by-side week: enough orders seen by both to judge, no order of
// Rakuten's (the pixel's) that edgepost missed beyond 2 in 100, and no amount that differs.
constexpr int64_t switch_over_min_orders = 20;
constexpr int64_t switch_over_max_missed_percent = 2;

// ISO 4217's code for "no currency", for a report without a Currency column about an order
// edgepost does not know.
constexpr std::string_view unknown_currency = "XXX";

struct day_matches {
  int64_t rakuten_orders = 0;
  int64_t counts[4] = {0, 0, 0, 0};
  std::map<std::string, micros, std::less<>> rakuten_amounts;
};

std::string_view rakuten_currency_of(const order_match& m) {
  if (!m.rakuten_currency.empty()) return m.rakuten_currency;
  if (!m.currency.empty()) return m.currency;
  return unknown_currency;
}

}  // namespace

std::vector<order_match> reconcile(const ledger_query& plan, const reconciliation_input& in) {
  rakuten_report report;
  report.orders = in.theirs;
  std::sort(report.orders.begin(), report.orders.end(),
            [](const report_order& a, const report_order& b) { return a.order_id < b.order_id; });
  const std::set<unix_seconds> covered(in.covered.begin(), in.covered.end());
  report.to = covered.empty() ? 0 : *covered.rbegin();
  report.from = covered.empty() ? 0 : *covered.begin();

  std::set<std::string, std::less<>> days(plan.days.begin(), plan.days.end());
  std::vector<order_match> out;
  for (auto& m : match_orders(in.ours, report, in.shadow)) {
    if (!days.count(format_calendar_day(m.day))) continue;
    if (m.status == match_status::missing_at_rakuten && !covered.count(m.day)) continue;  // no report says
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<unix_seconds> complete_days(const std::vector<unix_seconds>& covered) {
  const std::set<unix_seconds> days(covered.begin(), covered.end());
  std::vector<unix_seconds> out;
  if (days.empty()) return out;
  const unix_seconds last = *days.rbegin();
  for (const unix_seconds d : days)
    if (d <= last - report_lag_days * 86400) out.push_back(d);
  return out;
}

std::string format_reconciliation(const ledger_query& plan, const stats_days& stats, int64_t quarantined,
                                  const reconciliation_input& in, std::string_view report_json) {
  const std::vector<order_match> matches = reconcile(plan, in);
  std::map<std::string, day_matches, std::less<>> per_day;
  for (const auto& m : matches) {
    day_matches& d = per_day[format_calendar_day(m.day)];
    ++d.counts[static_cast<int>(m.status)];
    if (m.status == match_status::missing_at_rakuten) continue;
    ++d.rakuten_orders;
    micros& sum = d.rakuten_amounts[std::string(rakuten_currency_of(m))];
    // A report's orders are bounded (max_report_orders) and each amount fits its limits.
    if (__builtin_add_overflow(sum, m.rakuten_amount, &sum)) sum = 0;
  }
  const std::vector<unix_seconds> complete_list = complete_days(in.covered);
  const std::set<unix_seconds> complete(complete_list.begin(), complete_list.end());
  const bool any_report = !in.covered.empty();

  json_writer out;
  out.begin_object();
  out.member("from", plan.days.front()).member("to", plan.days.back());
  out.key("days").begin_array();
  int64_t totals[4] = {0, 0, 0, 0};
  for (const auto& [day, day_stats] : stats) {
    out.begin_object().member("day", day);
    write_stats_members(out, day_stats);
    const auto found = per_day.find(day);
    const day_matches none;
    const day_matches& d = found == per_day.end() ? none : found->second;
    out.member("rakuten_orders", d.rakuten_orders);
    for (int s = 0; s < 4; ++s) {
      out.member(match_status_name(static_cast<match_status>(s)), d.counts[s]);
      totals[s] += d.counts[s];
    }
    out.key("rakuten_amounts").begin_object();
    for (const auto& [currency, sum] : d.rakuten_amounts) out.member(currency, format_decimal_amount(sum));
    out.end_object();
    const auto at = parse_calendar_day(day);
    out.member("report_complete", at && complete.count(*at) > 0);
    out.end_object();
  }
  out.end_array();
  json_document report;
  if (!report_json.empty() && report.parse(report_json) && as_object(report.root())) out.key("report").raw(report_json);
  else out.key("report").raw("null");
  out.member("quarantined", quarantined);
  if (in.shadow) {
    const int64_t both = totals[static_cast<int>(match_status::matched)];
    const int64_t differ = totals[static_cast<int>(match_status::amount_mismatch)];
    const int64_t edgepost_only = totals[static_cast<int>(match_status::missing_at_rakuten)];
    const int64_t rakuten_only = totals[static_cast<int>(match_status::only_at_rakuten)];
    const int64_t seen_by_rakuten = both + differ + rakuten_only;
    std::string verdict = "go";
    std::string message;
    if (!any_report) {
      verdict = "no_go";
      message = "No Rakuten report yet: import one (or set RAKUTEN_REPORT_URL) to compare the week.";
    } else if (seen_by_rakuten < switch_over_min_orders) {
      verdict = "no_go";
      message = "Too few orders to judge yet: " + std::to_string(seen_by_rakuten) + " in Rakuten's report, at least " +
                std::to_string(switch_over_min_orders) + " are needed.";
    } else if (rakuten_only * 100 > switch_over_max_missed_percent * seen_by_rakuten) {
      verdict = "no_go";
      message = std::to_string(rakuten_only) + " orders the pixel tracked were not recorded by edgepost: see " +
                "only_at_rakuten for why, and fix that before switching the pixel off.";
    } else if (differ > 0) {
      verdict = "no_go";
      message = std::to_string(differ) + " orders have amounts that differ from the pixel's: see amount_mismatch.";
    } else {
      message = "edgepost recorded " + std::to_string(both + edgepost_only) + " orders; the pixel " +
                std::to_string(seen_by_rakuten) + ". Go: set MODE=live and remove the pixel.";
    }
    out.key("switch_over").begin_object();
    out.member("both", both).member("edgepost_only", edgepost_only).member("rakuten_only", rakuten_only);
    out.member("amounts_differ", differ).member("verdict", verdict).member("message", message);
    out.end_object();
  }
  out.end_object();
  return out.take();
}

match_filter parse_match_filter(std::string_view query_string) {
  match_filter f;
  const auto status = find_query_parameter(query_string, "status");
  if (!status || status->empty()) {
    f.statuses = {match_status::matched, match_status::amount_mismatch, match_status::missing_at_rakuten,
                  match_status::only_at_rakuten};
    return f;
  }
  std::string_view rest = *status;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    bool known = false;
    for (int s = 0; s < 4; ++s)
      if (match_status_name(static_cast<match_status>(s)) == name) {
        f.statuses.push_back(static_cast<match_status>(s));
        known = true;
      }
    if (!known) {
      f.error = "status must be matched, amount_mismatch, missing_at_rakuten or only_at_rakuten (comma separated)";
      return f;
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return f;
}

std::vector<order_match> filtered(std::vector<order_match> matches, const match_filter& filter) {
  std::erase_if(matches, [&filter](const order_match& m) {
    return std::find(filter.statuses.begin(), filter.statuses.end(), m.status) == filter.statuses.end();
  });
  return matches;
}

std::string format_match_list(const std::vector<order_match>& matches, size_t limit) {
  json_writer out;
  out.begin_object().key("orders").begin_array();
  for (size_t i = 0; i < matches.size() && i < limit; ++i) {
    const order_match& m = matches[i];
    out.begin_object();
    out.member("ord", m.order_id).member("status", match_status_name(m.status)).member("day", format_calendar_day(m.day));
    out.member("state", m.state);
    out.member("amount", format_decimal_amount(m.edgepost_amount)).member("currency", m.currency);
    if (m.status != match_status::missing_at_rakuten)
      out.member("rakuten_amount", format_decimal_amount(m.rakuten_amount)).member("rakuten_currency", m.rakuten_currency);
    if (!m.reason.empty()) out.member(m.status == match_status::only_at_rakuten ? "not_sent_because" : "message", m.reason);
    out.end_object();
  }
  out.end_array().member("truncated", matches.size() > limit).end_object();
  return out.take();
}

std::string format_match_csv(const std::vector<order_match>& matches) {
  csv_writer out;
  out.field("ord").field("status").field("day").field("edgepost_state").field("edgepost_amount").field("currency");
  out.field("rakuten_amount").field("rakuten_currency").field("reason").end_record();
  for (const auto& m : matches) {
    const bool at_rakuten = m.status != match_status::missing_at_rakuten;
    out.field(m.order_id).field(match_status_name(m.status)).field(format_calendar_day(m.day)).field(m.state);
    out.field(format_decimal_amount(m.edgepost_amount)).field(m.currency);
    out.field(at_rakuten ? format_decimal_amount(m.rakuten_amount) : "").field(m.rakuten_currency).field(m.reason);
    out.end_record();
  }
  return out.take();
}

}  // namespace edgepost
