// The body of POST /_edgepost/orders (schema in the README), validated field by
// field so a merchant's developer gets a sentence naming what is wrong.
#pragma once
#include <string>
#include <string_view>

#include "model/order.h"
#include "support/reply.h"
#include "support/result.h"

namespace edgepost {

struct parsed_order {
  order_event order;
  reply failure;  // 400 (413 for too many items) naming the field; code empty when `order` is valid
  bool ok() const { return failure.code.empty(); }
};

parsed_order parse_generic_order(std::string_view body);

}  // namespace edgepost
