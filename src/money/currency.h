// Minor-unit exponents for converting a provider's integer amounts (Stripe sends 2700 for
// 27.00 USD, 2700 for 2700 JPY) into micro-units. Source: ISO 4217, and Stripe's lists of
// zero-decimal and three-decimal currencies (docs.stripe.com/currencies).
#pragma once
#include <string_view>

#include "money/money.h"
#include "support/result.h"

namespace edgepost {

int minor_unit_exponent(std::string_view upper_case_currency);

// An integer count of minor units (e.g. Stripe's amount) in micro-units.
result<micros> micros_from_minor_units(int64_t minor_units, std::string_view upper_case_currency);

}  // namespace edgepost
