// Square's Money object, {"amount": <integer in the currency's smallest unit>, "currency": "USD"}
// (developer.squareup.com, "Working with Monetary Amounts").
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "encoding/json_reader.h"
#include "money/money.h"

namespace edgepost {

struct square_money {
  micros amount = 0;
  std::string currency;
};

// The Money object at `name`, when it has a known currency and an amount of at least 0.
std::optional<square_money> money_at(json_object o, std::string_view name);

}  // namespace edgepost
