#include <catch2/catch.hpp>

#include "money/money.h"

using namespace edgepost;

TEST_CASE("decimal amounts parse exactly, without floating point") {
  struct row { const char* text; micros expected; };
  const row good[] = {{"19.99", 19'990'000}, {"0.1", 100'000}, {"7.5", 7'500'000}, {"-5.00", -5'000'000},
                      {"0.000001", 1}, {"1000000", 1'000'000'000'000}, {"0", 0}, {"1000000000000", 1'000'000'000'000'000'000}};
  for (auto r : good) {
    micros v = -42;
    REQUIRE(parse_decimal_amount(r.text).get(v) == error_code::success);
    CHECK(v == r.expected);
  }
  const char* bad[] = {"", "1.", ".5", "1.2.3", "1e3", "0x10", " 1", "1,00", "1.0000001", "--1", "abc", "1000000000001"};
  for (auto text : bad) {
    micros v = 0;
    CHECK(parse_decimal_amount(text).get(v) != error_code::success);
  }
  CHECK(format_decimal_amount(19'990'000) == "19.99");
  CHECK(format_decimal_amount(-5'000'000) == "-5.00");
  CHECK(format_decimal_amount(1) == "0.000001");
}

TEST_CASE("Rakuten amounts are the line total × 100, rounded half away from zero") {
  CHECK(to_rakuten_amount(39'980'000, false) == 3998);
  CHECK(to_rakuten_amount(1'005'000, false) == 101);   // 1.005 → 100.5 → 101
  CHECK(to_rakuten_amount(1'004'999, false) == 100);
  CHECK(to_rakuten_amount(-1'005'000, false) == -101);
  CHECK(to_rakuten_amount(1'500'000'000, true) == 1500);  // JPY sent without cents
  CHECK(to_rakuten_amount(2'500'000, true) == 3);
  micros product = 0;
  CHECK(multiply_amount(19'990'000, 3).get(product) == error_code::success);
  CHECK(product == 59'970'000);
  CHECK(multiply_amount(INT64_MAX / 2, 3).get(product) == error_code::amount_out_of_range);
}
