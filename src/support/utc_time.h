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

struct civil_time {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0, minute = 0, second = 0;
};

civil_time civil_from_unix(unix_seconds t);
unix_seconds unix_from_civil(const civil_time& c);

// RFC 3339 date-time: "2026-11-24T10:02:00Z", with optional fraction and "+hh:mm" offset.
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
