// The body of POST /_edgepost/orders (schema in the README and DESIGN.md), validated field by
// field so a merchant's developer gets a sentence naming what is wrong.
#pragma once
#include <string>
#include <string_view>

#include "json_reader.h"
#include "order.h"
#include "result.h"

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
// The same, for an order inside a document already parsed (stored records, hand-overs).
parsed_order parse_generic_order(simdjson::dom::element order);

}  // namespace edgepost

namespace edgepost {
// Writes an order in the same schema parse_generic_order reads (the stored copy of a sale, so a
// late click or a cancellation can still build its postback). The cookie and explicit click are
// left out (the record keeps the resolved click); join keys are kept.
void write_generic_order(class json_writer& out, const order_event& o);
}  // namespace edgepost
