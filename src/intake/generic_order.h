// The body of POST /_edgepost/orders (schema in the README and DESIGN.md), validated field by
// field so a merchant's developer gets a sentence naming what is wrong.
#pragma once
#include <string>
#include <string_view>

#include "model/order.h"
#include "support/result.h"

namespace edgepost {

struct order_parse_failure {
  error_code code = error_code::success;
  std::string message;
};

struct parsed_order {
  order_event order;
  order_parse_failure failure;  // code success when `order` is valid
};

parsed_order parse_generic_order(std::string_view body);

}  // namespace edgepost
