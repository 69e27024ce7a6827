#include "providers/square/square_money.h"

#include "money/currency.h"

namespace edgepost {

std::optional<square_money> money_at(json_object o, std::string_view name) {
  const auto e = field(o, name);
  const auto money = e ? as_object(*e) : std::nullopt;
  const auto minor = money ? integer_field(*money, "amount") : std::nullopt;
  const auto currency = money ? string_field(*money, "currency") : std::nullopt;
  if (!minor || !currency || *minor < 0) return std::nullopt;
  square_money out;
  if (micros_from_minor_units(*minor, *currency).get(out.amount) != error_code::success) return std::nullopt;
  out.currency = std::string(*currency);
  return out;
}

}  // namespace edgepost
