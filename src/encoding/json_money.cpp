#include "encoding/json_money.h"

namespace edgepost {

std::optional<micros> decimal_string_field(json_object o, std::string_view name) {
  const auto text = string_field(o, name);
  if (!text) return std::nullopt;
  micros v = 0;
  if (parse_decimal_amount(*text).get(v) != error_code::success) return std::nullopt;
  return v;
}

}  // namespace edgepost
