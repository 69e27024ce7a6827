#include <catch2/catch.hpp>

#include "support/utc_time.h"

using namespace edgepost;

TEST_CASE("RFC 3339 timestamps parse to Unix seconds") {
  CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_rfc3339("2026-11-24T10:02:00Z") == 1795514520);
  CHECK(parse_rfc3339("2026-11-24T10:02:00.123Z") == 1795514520);
  CHECK(parse_rfc3339("2026-11-24T12:02:00+02:00") == 1795514520);
  CHECK(parse_rfc3339("2026-11-24T05:02:00-05:00") == 1795514520);
  CHECK(parse_rfc3339("2024-02-29T00:00:00Z") == 1709164800);
  CHECK(parse_rfc3339("1969-12-31T23:59:59Z") == -1);
  CHECK_FALSE(parse_rfc3339("2025-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_rfc3339("2026-11-24T10:02:00").has_value());
  CHECK_FALSE(parse_rfc3339("2026-11-24 10:02Z").has_value());
  CHECK_FALSE(parse_rfc3339("2026-13-01T00:00:00Z").has_value());
  CHECK_FALSE(parse_rfc3339("2026-11-24T24:00:00Z").has_value());
  CHECK_FALSE(parse_rfc3339("2026-11-24T10:02:00Zjunk").has_value());
}

TEST_CASE("civil dates round-trip across eras, leap years and month ends") {
  for (unix_seconds t = -86400LL * 365 * 400; t < 86400LL * 365 * 400; t += 86400 * 7 + 3607) {
    CHECK(unix_from_civil(civil_from_unix(t)) == t);
  }
  CHECK(format_rakuten_time(1795514520) == "20261124_1002");
  CHECK(format_rakuten_time(951782400) == "20000229_0000");
  CHECK(format_rfc3339(1795514520) == "2026-11-24T10:02:00Z");
  CHECK(format_calendar_day(1795514520) == "2026-11-24");
  CHECK(parse_calendar_day("2026-11-24") == 1795478400);
  CHECK_FALSE(parse_calendar_day("2026-11-31").has_value());
}

// The outside fuzzing run: parse_rfc3339 accepted times format_rfc3339 could not write back
// (year 10000 through an offset; year 0 moved back a year).
TEST_CASE("only times of the years 1 to 9999 parse, so each formats back as it was read") {
  CHECK(parse_rfc3339("9999-12-31T23:59:59Z") == latest_time);
  CHECK_FALSE(parse_rfc3339("9999-12-31T23:59:59-01:00").has_value());
  CHECK(parse_rfc3339("0001-01-01T00:00:00Z") == earliest_time);
  CHECK_FALSE(parse_rfc3339("0001-01-01T00:00:00+01:00").has_value());
  CHECK_FALSE(parse_rfc3339("0000-06-01T00:00:00Z").has_value());
  CHECK_FALSE(parse_calendar_day("0000-01-01").has_value());
  CHECK(format_rfc3339(latest_time) == "9999-12-31T23:59:59Z");
  CHECK(format_rfc3339(INT64_MAX) == "9999-12-31T23:59:59Z");
  CHECK(format_rfc3339(INT64_MIN) == "0001-01-01T00:00:00Z");
  for (const unix_seconds t : {earliest_time, int64_t{0}, int64_t{1795514520}, latest_time})
    CHECK(parse_rfc3339(format_rfc3339(t)) == t);
}
