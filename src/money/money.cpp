#include "money/money.h"

#include <charconv>

namespace edgepost {
namespace {

constexpr int max_fraction_digits = 6;
constexpr micros max_units = 1'000'000'000'000;  // 10^12

}  // namespace

result<micros> parse_decimal_amount(std::string_view text) {
  if (text.empty() || text.size() > 32) return error_code::invalid_field;
  bool negative = false;
  if (text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  int64_t units = 0;
  size_t i = 0;
  size_t integer_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++integer_digits) {
    units = units * 10 + (text[i] - '0');
    if (units > max_units) return error_code::amount_out_of_range;
  }
  if (integer_digits == 0) return error_code::invalid_field;
  int64_t fraction = 0;
  int fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (++fraction_digits > max_fraction_digits) return error_code::invalid_field;
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (fraction_digits == 0) return error_code::invalid_field;
  }
  if (i != text.size()) return error_code::invalid_field;
  for (int d = fraction_digits; d < max_fraction_digits; ++d) fraction *= 10;
  const micros value = units * micros_per_unit + fraction;
  return negative ? -value : value;
}

std::string format_decimal_amount(micros amount) {
  // Written into a fixed buffer: this runs once per line of every order.
  const uint64_t magnitude = amount < 0 ? uint64_t(0) - uint64_t(amount) : uint64_t(amount);
  char buffer[32];
  char* end = buffer;
  if (amount < 0) *end++ = '-';
  end = std::to_chars(end, buffer + sizeof buffer, magnitude / micros_per_unit).ptr;
  *end++ = '.';
  uint64_t fraction = magnitude % micros_per_unit;
  char digits[max_fraction_digits];
  for (int d = max_fraction_digits - 1; d >= 0; --d, fraction /= 10) digits[d] = char('0' + fraction % 10);
  int kept = max_fraction_digits;
  while (kept > 2 && digits[kept - 1] == '0') --kept;  // at least two places: "12.50", not "12.5"
  for (int d = 0; d < kept; ++d) *end++ = digits[d];
  return std::string(buffer, end);
}

result<micros> multiply_amount(micros amount, int64_t quantity) {
  micros product = 0;
  if (__builtin_mul_overflow(amount, quantity, &product)) return error_code::amount_out_of_range;
  return product;
}

int64_t divide_rounding_half_away(int64_t numerator, int64_t denominator) {
  const int64_t quotient = numerator / denominator;
  const int64_t remainder = numerator % denominator;
  const int64_t twice = (remainder < 0 ? -remainder : remainder) * 2;
  if (twice >= (denominator < 0 ? -denominator : denominator))
    return quotient + (((numerator < 0) != (denominator < 0)) ? -1 : 1);
  return quotient;
}

int64_t to_rakuten_amount(micros amount, bool currency_without_cents) {
  return divide_rounding_half_away(amount, currency_without_cents ? micros_per_unit : micros_per_unit / 100);
}

}  // namespace edgepost
