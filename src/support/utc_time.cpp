#include "support/utc_time.h"

#include <algorithm>


namespace edgepost {
namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 of a proleptic Gregorian date. Shifting the year to start in March
// puts the leap day last, so the day-of-year formula (153*m+2)/5 covers every month.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = floor_div(y, 400);
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t y, int m) {
  static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : lengths[m - 1];
}

bool read_digits(std::string_view text, size_t at, size_t count, int& out) {
  if (at + count > text.size()) return false;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

// printf would pull a formatting engine into the wasm module for six numbers.
void append_zero_padded(std::string& out, int value, int width) {
  char digits[12];
  int n = 0;
  unsigned v = value < 0 ? 0u : static_cast<unsigned>(value);
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 && n < 11);
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += digits[--n];
}

}  // namespace

civil_time civil_from_unix(unix_seconds t) {
  t = std::clamp(t, earliest_time, latest_time);
  const int64_t days = floor_div(t, 86400);
  const int64_t seconds_of_day = t - days * 86400;
  const int64_t z = days + 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  civil_time c;
  c.day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(year_of_era + era * 400 + (c.month <= 2));
  c.hour = static_cast<int>(seconds_of_day / 3600);
  c.minute = static_cast<int>(seconds_of_day / 60 % 60);
  c.second = static_cast<int>(seconds_of_day % 60);
  return c;
}

unix_seconds unix_from_civil(const civil_time& c) {
  return days_from_civil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
}

std::optional<unix_seconds> parse_calendar_day(std::string_view text) {
  civil_time c;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!read_digits(text, 0, 4, c.year) || !read_digits(text, 5, 2, c.month) || !read_digits(text, 8, 2, c.day))
    return std::nullopt;
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > days_in_month(c.year, c.month)) return std::nullopt;
  const unix_seconds t = unix_from_civil(c);
  if (!is_supported_time(t)) return std::nullopt;
  return t;
}

std::optional<unix_seconds> parse_rfc3339(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  const auto day = parse_calendar_day(text.substr(0, 10));
  if (!day) return std::nullopt;
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  int hour, minute, second;
  if (!read_digits(text, 11, 2, hour) || text[13] != ':' || !read_digits(text, 14, 2, minute) || text[16] != ':' ||
      !read_digits(text, 17, 2, second))
    return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;  // 60: a leap second, folded below
  size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const size_t digits_start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == digits_start) return std::nullopt;
  }
  int64_t offset_seconds = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int oh, om;
    if (!read_digits(text, at + 1, 2, oh) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !read_digits(text, at + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_seconds = (oh * 3600 + om * 60) * (text[at] == '+' ? 1 : -1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  if (second == 60) second = 59;
  const unix_seconds t = *day + hour * 3600 + minute * 60 + second - offset_seconds;
  if (!is_supported_time(t)) return std::nullopt;
  return t;
}

std::string format_rakuten_time(unix_seconds t) {
  const civil_time c = civil_from_unix(t);
  std::string out;
  append_zero_padded(out, c.year, 4);
  append_zero_padded(out, c.month, 2);
  append_zero_padded(out, c.day, 2);
  out += '_';
  append_zero_padded(out, c.hour, 2);
  append_zero_padded(out, c.minute, 2);
  return out;
}

std::string format_calendar_day(unix_seconds t) {
  const civil_time c = civil_from_unix(t);
  std::string out;
  append_zero_padded(out, c.year, 4);
  out += '-';
  append_zero_padded(out, c.month, 2);
  out += '-';
  append_zero_padded(out, c.day, 2);
  return out;
}

std::string format_rfc3339(unix_seconds t) {
  const civil_time c = civil_from_unix(t);
  std::string out = format_calendar_day(t);
  out += 'T';
  append_zero_padded(out, c.hour, 2);
  out += ':';
  append_zero_padded(out, c.minute, 2);
  out += ':';
  append_zero_padded(out, c.second, 2);
  out += 'Z';
  return out;
}

}  // namespace edgepost
