#include "money/currency.h"

namespace edgepost {
namespace {

constexpr std::string_view zero_decimal[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "MGA",
                                             "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr std::string_view three_decimal[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};

}  // namespace

int minor_unit_exponent(std::string_view currency) {
  for (auto c : zero_decimal)
    if (c == currency) return 0;
  for (auto c : three_decimal)
    if (c == currency) return 3;
  return 2;
}

result<micros> micros_from_minor_units(int64_t minor_units, std::string_view currency) {
  int64_t factor = micros_per_unit;
  for (int i = 0; i < minor_unit_exponent(currency); ++i) factor /= 10;
  return multiply_amount(minor_units, factor);
}

}  // namespace edgepost
