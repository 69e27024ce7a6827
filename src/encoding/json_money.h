// Money read from JSON: a decimal string field ("19.99"), never a JSON number, which providers
// also send for the same amounts but which has been through a double by the time it is read.
#pragma once
#include <optional>
#include <string_view>

#include "encoding/json_reader.h"
#include "money/money.h"

namespace edgepost {

std::optional<micros> decimal_string_field(json_object o, std::string_view name);

}  // namespace edgepost
