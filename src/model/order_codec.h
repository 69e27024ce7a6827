// The stored form of order events and clicks: what edgepost wrote itself (order records, the
// arrival handed to an order's record, the Stripe continuation), read back trusting its own
// writing. The public orders API's limits are checked once, at intake (intake/generic_order.h);
// reading never applies them again, so a limit tightened later can never make a stored order
// unreadable. Only the shape is checked: a field of the wrong type, or a value edgepost never
// writes, fails the read.
//
// The JSON schema is the generic orders API's (so a stored sale reads like the order a merchant
// sent), less the cookie and the explicit click, which a record keeps resolved.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "encoding/json_reader.h"
#include "model/click.h"
#include "model/order.h"
#include "support/result.h"

namespace edgepost {

class json_writer;

// A time edgepost wrote: absent reads as 0; anything outside the supported range is not its writing.
bool read_stored_time(json_object o, std::string_view name, unix_seconds& out);

void write_line_items(json_writer& out, const std::vector<line_item>& items);
// Appends the lines to `items`.
error_code read_line_items(json_element element, std::vector<line_item>& items);

void write_order_event(json_writer& out, const order_event& o);
result<order_event> read_order_event(json_element element);

void write_click(json_writer& out, const click& c);
std::optional<click> read_click(json_element element);
result<click> read_click(std::string_view json);

}  // namespace edgepost
