#include "reconciliation/dashboard_view.h"

#include <algorithm>
#include <map>

#include "encoding/json_writer.h"

namespace edgepost {
namespace {

struct day_numbers {
  int64_t orders = 0, attributed = 0, accepted = 0, matched = 0, at_rakuten = 0, compared = 0;
  int64_t observed = 0;  // won by a network edgepost only observes: not sent, rightly
  bool reported = false;  // a report covers the day: what Rakuten recorded on it is known
  std::map<std::string, network_day, std::less<>> networks;  // the networks that won its sales
  std::map<std::string, std::pair<micros, micros>, std::less<>> amounts;  // currency → (edgepost accepted, Rakuten)
  std::map<std::string, int64_t, std::less<>> consent;  // landing clicks by consent (stats_day::consent)
};

int64_t count_of(const std::map<std::string, int64_t, std::less<>>& counts, std::string_view key) {
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

struct series {
  const char* name;
  const char* color;
  int64_t day_numbers::*value;
  bool from_report;  // drawn only over the days a report covers: elsewhere it is not known, not zero
};
constexpr series chart_series[] = {
    {"orders", "#6b7280", &day_numbers::orders, false},
    {"attributed", "#2563eb", &day_numbers::attributed, false},
    {"accepted", "#16a34a", &day_numbers::accepted, false},
    {"recorded by Rakuten", "#d97706", &day_numbers::at_rakuten, true},
};

std::string chart_svg(const std::vector<std::pair<std::string, day_numbers>>& days) {
  constexpr int64_t width = 720, height = 260, left = 44, right = 12, top = 16, bottom = 54;
  int64_t peak = 1;
  for (const auto& [day, d] : days)
    for (const auto& s : chart_series) peak = std::max(peak, d.*s.value);
  const int64_t n = static_cast<int64_t>(days.size());
  auto x = [&](int64_t i) { return left + (n > 1 ? i * (width - left - right) / (n - 1) : 0); };
  auto y = [&](int64_t v) { return top + (height - top - bottom) - v * (height - top - bottom) / peak; };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"Orders per day, last " + std::to_string(n) +
                    " days\" font-family=\"system-ui,sans-serif\" font-size=\"11\">";
  svg += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(y(0)) + "\" x2=\"" +
         std::to_string(width - right) + "\" y2=\"" + std::to_string(y(0)) + "\" stroke=\"#d1d5db\"/>";
  svg += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + std::to_string(y(peak) + 4) +
         "\" text-anchor=\"end\" fill=\"#6b7280\">" + std::to_string(peak) + "</text>";
  svg += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + std::to_string(y(0) + 4) +
         "\" text-anchor=\"end\" fill=\"#6b7280\">0</text>";
  if (n > 0) {
    svg += "<text x=\"" + std::to_string(x(0)) + "\" y=\"" + std::to_string(y(0) + 16) + "\" fill=\"#6b7280\">" +
           days.front().first + "</text>";
    svg += "<text x=\"" + std::to_string(x(n - 1)) + "\" y=\"" + std::to_string(y(0) + 16) +
           "\" text-anchor=\"end\" fill=\"#6b7280\">" + days.back().first + "</text>";
  }
  for (const auto& s : chart_series) {
    // One line per run of days the series is known on; a series from the report stops where no
    // report covers the days yet (they are pending, which a line at zero would misread as broken).
    std::string points;
    auto flush = [&] {
      if (!points.empty())
        svg += "<polyline data-series=\"" + std::string(s.name) + "\" fill=\"none\" stroke=\"" + s.color +
               "\" stroke-width=\"2\" points=\"" + points + "\"/>";
      points.clear();
    };
    for (int64_t i = 0; i < n; ++i) {
      const day_numbers& d = days[static_cast<size_t>(i)].second;
      if (s.from_report && !d.reported) {
        flush();
        continue;
      }
      if (!points.empty()) points += ' ';
      points += std::to_string(x(i)) + "," + std::to_string(y(d.*s.value));
    }
    flush();
  }
  int64_t pending = 0;
  for (const auto& [day, d] : days) pending += d.reported ? 0 : 1;
  if (pending > 0)
    svg += "<text data-pending-days=\"" + std::to_string(pending) + "\" x=\"" + std::to_string(width - right) +
           "\" y=\"" + std::to_string(top) + "\" text-anchor=\"end\" fill=\"#6b7280\">Rakuten: " +
           std::to_string(pending) + (pending == 1 ? " day" : " days") + " without a report yet</text>";
  int64_t legend_x = left;
  for (const auto& s : chart_series) {
    const std::string lx = std::to_string(legend_x), ly = std::to_string(height - 12);
    svg += "<rect x=\"" + lx + "\" y=\"" + std::to_string(height - 21) + "\" width=\"12\" height=\"4\" fill=\"" +
           s.color + "\"/><text x=\"" + std::to_string(legend_x + 16) + "\" y=\"" + ly + "\" fill=\"#374151\">" +
           s.name + "</text>";
    legend_x += 40 + static_cast<int64_t>(std::string_view(s.name).size()) * 6;
  }
  svg += "</svg>";
  return svg;
}

void write_rate_tile(json_writer& out, std::string_view name, int64_t num_this, int64_t den_this, int64_t num_before,
                     int64_t den_before) {
  out.key(name).begin_object();
  out.member("this_week", percent_text(num_this, den_this)).member("previous_week", percent_text(num_before, den_before));
  out.member("of", den_this).member("of_previous", den_before);
  out.end_object();
}

}  // namespace

std::string percent_text(int64_t num, int64_t den) {
  if (den <= 0) return "–";
  // Tenths of a percent, rounded half up: exact for any counts edgepost holds.
  const int64_t tenths = (num * 2000 + den) / (2 * den);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

std::string format_dashboard(const ledger_query& plan, const stats_days& stats, int64_t quarantined,
                             const reconciliation_input& in, std::string_view report_json) {
  std::map<std::string, day_numbers, std::less<>> numbers;
  for (const auto& [day, s] : stats) {
    day_numbers& d = numbers[day];
    d.orders = s.orders;
    d.attributed = s.attributed;
    d.accepted = s.in("accepted");
    d.observed = s.in("observed");
    if (const auto t = parse_calendar_day(day))
      d.reported = std::find(in.covered.begin(), in.covered.end(), *t) != in.covered.end();
    for (const auto& [currency, sums] : s.amounts) d.amounts[currency].first += sums.second;
    d.networks = s.networks;
    for (const auto& [state, count] : s.landings)
      if (state != "refused") d.consent[state] = count;
  }
  for (const auto& m : reconcile(plan, in)) {
    const auto it = numbers.find(format_calendar_day(m.day));
    if (it == numbers.end()) continue;
    day_numbers& d = it->second;
    if (m.status != match_status::missing_at_rakuten) {
      ++d.at_rakuten;
      d.amounts[m.rakuten_currency.empty() ? m.currency : m.rakuten_currency].second += m.rakuten_amount;
    }
    if (m.status != match_status::only_at_rakuten) ++d.compared;
    if (m.status == match_status::matched) ++d.matched;
  }
  std::vector<std::pair<std::string, day_numbers>> ordered(numbers.begin(), numbers.end());
  const size_t n = ordered.size();
  day_numbers weeks[2];  // this week, the week before
  for (size_t i = 0; i < n && i < 14; ++i) {
    const day_numbers& d = ordered[n - 1 - i].second;
    day_numbers& w = weeks[i < 7 ? 0 : 1];
    w.orders += d.orders;
    w.attributed += d.attributed;
    w.accepted += d.accepted;
    w.observed += d.observed;
    w.matched += d.matched;
    w.compared += d.compared;
    for (const auto& [currency, sums] : d.amounts) {
      w.amounts[currency].first += sums.first;
      w.amounts[currency].second += sums.second;
    }
    for (const auto& [state, count] : d.consent) w.consent[state] += count;
    for (const auto& [name, won] : d.networks) {
      network_day& into = w.networks[name];
      into.won += won.won;
      into.sent += won.sent;
      for (const auto& [state, count] : won.by_state) into.by_state[state] += count;
    }
  }
  json_writer out;
  out.begin_object();
  out.key("reconciliation").raw(format_reconciliation(plan, stats, quarantined, in, report_json));
  out.key("tiles").begin_object();
  write_rate_tile(out, "click_capture", weeks[0].attributed, weeks[0].orders, weeks[1].attributed, weeks[1].orders);
  // Delivery counts the sales edgepost tells a network of: one another network won is not its to send.
  write_rate_tile(out, "delivery", weeks[0].accepted, weeks[0].attributed - weeks[0].observed, weeks[1].accepted,
                  weeks[1].attributed - weeks[1].observed);
  write_rate_tile(out, "rakuten_match", weeks[0].matched, weeks[0].compared, weeks[1].matched, weeks[1].compared);
  if (!weeks[0].consent.empty() || !weeks[1].consent.empty()) {
    // What consent costs (README, "Consent"): the landing clicks stored (granted, exempt, or
    // recovered by the consent route) of all the landing clicks, and the ones lost.
    const auto stored = [](const day_numbers& w) {
      return count_of(w.consent, "granted") + count_of(w.consent, "exempt") + count_of(w.consent, "recovered");
    };
    const auto landed = [](const day_numbers& w) {
      return count_of(w.consent, "granted") + count_of(w.consent, "exempt") + count_of(w.consent, "denied") +
             count_of(w.consent, "undecided");
    };
    out.key("consent").begin_object();
    out.member("this_week", percent_text(stored(weeks[0]), landed(weeks[0])));
    out.member("previous_week", percent_text(stored(weeks[1]), landed(weeks[1])));
    out.member("of", landed(weeks[0])).member("of_previous", landed(weeks[1]));
    out.member("denied", count_of(weeks[0].consent, "denied")).member("undecided", count_of(weeks[0].consent, "undecided"));
    out.member("recovered", count_of(weeks[0].consent, "recovered")).end_object();
  }
  out.key("amounts").begin_object();
  for (const auto& [currency, sums] : weeks[0].amounts) {
    out.key(currency).begin_object().member("accepted", format_decimal_amount(sums.first));
    out.member("rakuten", format_decimal_amount(sums.second));
    const auto before = weeks[1].amounts.find(currency);
    out.member("accepted_previous_week", format_decimal_amount(before == weeks[1].amounts.end() ? 0 : before->second.first));
    out.end_object();
  }
  out.end_object().end_object();
  // The sales of the last 7 days per network that won them: which ones edgepost told, and which it
  // rightly left to a network it only observes.
  out.key("networks").begin_object();
  for (const auto& entry : weeks[0].networks) {
    const network_day& w = entry.second;
    auto in = [&w](std::string_view state) {
      const auto it = w.by_state.find(state);
      return it == w.by_state.end() ? int64_t{0} : it->second;
    };
    out.key(entry.first).begin_object().member("won", w.won).member("sent", w.sent).member("accepted", in("accepted"));
    out.member("observed", in("observed")).member("dead", in("dead")).member("rejected", in("rejected")).end_object();
  }
  out.end_object();
  const size_t chart_from = n > static_cast<size_t>(dashboard_chart_days) ? n - dashboard_chart_days : 0;
  out.member("chart_svg", chart_svg({ordered.begin() + static_cast<std::ptrdiff_t>(chart_from), ordered.end()}));
  out.member("mode", in.shadow ? "shadow" : "live");
  out.end_object();
  return out.take();
}

}  // namespace edgepost
