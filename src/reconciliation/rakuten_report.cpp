#include "reconciliation/rakuten_report.h"

#include <algorithm>
#include <map>

#include "encoding/csv_reader.h"

namespace edgepost {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool same_name(std::string_view a, std::string_view b) {
  a = trimmed(a);
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char c = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != b[i]) return false;
  }
  return true;
}

struct columns {
  int order_id = -1, sales = -1, date = -1, currency = -1;
  size_t count = 0;
  bool complete() const { return order_id >= 0 && sales >= 0 && date >= 0; }
};

columns find_columns(const std::vector<std::string>& header) {
  columns c;
  c.count = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    const int index = static_cast<int>(i);
    if (same_name(header[i], "order id")) c.order_id = index;
    else if (same_name(header[i], "sales")) c.sales = index;
    else if (same_name(header[i], "transaction date")) c.date = index;
    else if (same_name(header[i], "currency")) c.currency = index;
  }
  return c;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  for (const char c : s) v = v * 10 + (c - '0');
  return v;
}

// "m/d/yy" (20yy), "m/d/yyyy" or "YYYY-MM-DD", GMT; nullopt for anything else or a day that
// does not exist.
std::optional<unix_seconds> read_report_day(std::string_view text) {
  text = trimmed(text);
  if (text.find('-') != std::string_view::npos) return parse_calendar_day(text);
  const size_t first = text.find('/');
  const size_t second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view m = text.substr(0, first), d = text.substr(first + 1, second - first - 1),
                         y = text.substr(second + 1);
  if (!all_digits(m) || !all_digits(d) || !all_digits(y) || m.size() > 2 || d.size() > 2 ||
      (y.size() != 2 && y.size() != 4))
    return std::nullopt;
  civil_time c;
  c.year = y.size() == 2 ? 2000 + to_int(y) : to_int(y);
  c.month = to_int(m);
  c.day = to_int(d);
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31) return std::nullopt;
  const unix_seconds t = unix_from_civil(c);
  const civil_time back = civil_from_unix(t);
  if (back.month != c.month || back.day != c.day) return std::nullopt;  // 2/30/26
  return t;
}

// "1,234.56", "-12.00", "0": major units, thousands grouped by commas or not at all.
std::optional<micros> read_report_amount(std::string_view text) {
  text = trimmed(text);
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  const size_t point = digits.find('.');
  const std::string_view whole = digits.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view{} : digits.substr(point);
  if (fraction.find(',') != std::string_view::npos) return std::nullopt;
  std::string plain = negative ? "-" : "";
  if (whole.find(',') == std::string_view::npos) {
    plain.append(whole);
  } else {
    // A first group of one to three digits, then groups of exactly three.
    size_t group_start = 0;
    for (size_t i = 0; i <= whole.size(); ++i) {
      if (i < whole.size() && whole[i] != ',') continue;
      const size_t length = i - group_start;
      if (group_start == 0 ? (length < 1 || length > 3) : length != 3) return std::nullopt;
      plain.append(whole.substr(group_start, length));
      group_start = i + 1;
    }
  }
  plain.append(fraction);
  micros amount = 0;
  if (parse_decimal_amount(plain).get(amount) != error_code::success) return std::nullopt;
  return amount;
}

bool is_blank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && trimmed(fields[0]).empty();
}

report_reading refuse(int64_t line, std::string reason) {
  report_reading r;
  r.refusal = report_skip{line, std::move(reason)};
  return r;
}

}  // namespace

report_reading read_rakuten_report(std::string_view csv) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (csv.substr(0, bom.size()) == bom) csv.remove_prefix(bom.size());
  csv_reader reader(csv);
  std::vector<std::string> fields;
  columns cols;
  for (int64_t seen = 0; !cols.complete(); ++seen) {
    const csv_reader::status s = reader.next(fields);
    if (s == csv_reader::status::malformed) return refuse(reader.line(), std::string(reader.error()));
    if (s == csv_reader::status::end || seen >= max_summary_rows)
      return refuse(1, "no header row naming Order ID, Sales and Transaction Date: this is not a Rakuten report");
    cols = find_columns(fields);
  }

  report_reading out;
  rakuten_report& report = out.report;
  std::map<std::string, report_order, std::less<>> orders;
  for (;;) {
    const csv_reader::status s = reader.next(fields);
    if (s == csv_reader::status::end) break;
    const int64_t line = reader.line();
    if (s == csv_reader::status::malformed) return refuse(line, std::string(reader.error()));
    if (is_blank(fields)) continue;
    if (fields.size() != cols.count)
      return refuse(line, std::to_string(fields.size()) + " fields where the header has " + std::to_string(cols.count));
    const std::string_view order_id = trimmed(fields[static_cast<size_t>(cols.order_id)]);
    if (order_id.empty()) {
      report.skipped.push_back({line, "no Order ID (a total or note row)"});
      continue;
    }
    if (++report.rows > max_report_rows)
      return refuse(line, "more than " + std::to_string(max_report_rows) + " rows: pull or upload a shorter range");
    const auto day = read_report_day(fields[static_cast<size_t>(cols.date)]);
    if (!day) return refuse(line, "the Transaction Date is not a date (m/d/yy or YYYY-MM-DD)");
    const auto sales = read_report_amount(fields[static_cast<size_t>(cols.sales)]);
    if (!sales) return refuse(line, "Sales is not an amount (like 1,234.56 or -12.00)");
    std::string currency;
    if (cols.currency >= 0) {
      currency = std::string(trimmed(fields[static_cast<size_t>(cols.currency)]));
      const bool valid = currency.empty() || (currency.size() == 3 && std::all_of(currency.begin(), currency.end(), [](char c) {
                                                return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
                                              }));
      if (!valid) return refuse(line, "Currency is not a three-letter code");
      for (auto& c : currency) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    auto it = orders.find(order_id);
    if (it == orders.end()) {
      if (orders.size() >= max_report_orders)
        return refuse(line, "more than " + std::to_string(max_report_orders) + " orders: pull or upload a shorter range");
      report_order o;
      o.order_id = std::string(order_id);
      o.currency = currency;
      o.first_day = *day;
      it = orders.emplace(o.order_id, std::move(o)).first;
    } else if (!currency.empty() && !it->second.currency.empty() && currency != it->second.currency) {
      return refuse(line, "the order's rows name different currencies");
    }
    report_order& o = it->second;
    if (o.currency.empty()) o.currency = currency;
    if (__builtin_add_overflow(o.sales, *sales, &o.sales)) return refuse(line, "the order's Sales add up beyond range");
    ++o.rows;
    o.first_day = std::min(o.first_day, *day);
    report.from = report.rows == 1 ? *day : std::min(report.from, *day);
    report.to = report.rows == 1 ? *day : std::max(report.to, *day);
  }
  report.orders.reserve(orders.size());
  for (auto& entry : orders) report.orders.push_back(std::move(entry.second));
  return out;
}

}  // namespace edgepost
