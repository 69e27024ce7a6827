// Money without floating point. Amounts arrive as decimal strings ("19.99") or JSON integers
// and are held as signed 64-bit counts of micro-units (10^-6 of the currency's main unit):
// exact for every currency's minor unit (0, 2 or 3 decimals) and for sub-cent unit prices.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "support/result.h"

namespace edgepost {

using micros = int64_t;
constexpr micros micros_per_unit = 1'000'000;

// "19.99", "-5", "0.333333", "1000000". At most six decimals; at most 10^12 units in
// magnitude, so a line of 10^6 items still fits in 64 bits.
result<micros> parse_decimal_amount(std::string_view text);

// The decimal string for an amount, trailing zeros trimmed to at least two decimals: "19.99".
std::string format_decimal_amount(micros amount);

// amount × quantity; amount_out_of_range when the product would not fit.
result<micros> multiply_amount(micros amount, int64_t quantity);

// Divides rounding half away from zero, as JavaScript's Math.round does for positive values and
// as Rakuten's tag rounds line totals (it only ever rounds positive values).
int64_t divide_rounding_half_away(int64_t numerator, int64_t denominator);

// Rakuten's amtlist unit: hundredths of the currency unit (its tag multiplies by 100 for every
// currency), or whole units for currencies the merchant sends without cents.
int64_t to_rakuten_amount(micros amount, bool currency_without_cents);

}  // namespace edgepost
