// Calendar arithmetic on Unix seconds, UTC only. The core never reads a clock: every "now" is
// an argument. Civil-date conversion follows the proleptic Gregorian calendar (days counted
// from 1970-01-01, eras of 400 years = 146097 days).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edgepost {

using unix_seconds = int64_t;

// The times edgepost reads and writes: the years 1 through 9999. Every time it accepts then
// formats back as it was read (four-digit years), and no arithmetic on one can overflow.
constexpr unix_seconds earliest_time = -62135596800;  // 0001-01-01T00:00:00Z
constexpr unix_seconds latest_time = 253402300799;  // 9999-12-31T23:59:59Z
constexpr bool is_supported_time(int64_t t) { return t >= earliest_time && t <= latest_time; }

struct civil_time {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0, minute = 0, second = 0;
};

// Times outside earliest_time..latest_time are clamped to that range.
civil_time civil_from_unix(unix_seconds t);
unix_seconds unix_from_civil(const civil_time& c);

// RFC 3339 date-time: "2026-11-24T10:02:00Z", with optional fraction and "+hh:mm" offset; nullopt
// for a time outside earliest_time..latest_time.
std::optional<unix_seconds> parse_rfc3339(std::string_view text);

// "YYYY-MM-DD" (a UTC day, as used by the stats API).
std::optional<unix_seconds> parse_calendar_day(std::string_view text);

// Rakuten's time format "YYYYMMDD_HHMM" (UTC), used for `land`, `date` and rmStore's `ald`.
std::string format_rakuten_time(unix_seconds t);

// "2026-11-24T10:02:00Z"
std::string format_rfc3339(unix_seconds t);

// "2026-11-24"
std::string format_calendar_day(unix_seconds t);

}  // namespace edgepost
