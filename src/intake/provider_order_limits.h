// The one check a provider's order passes before anything is stored. A provider sends what its
// shop holds; edgepost keeps what Rakuten can be told and refuses only what no postback could
// carry, so the webhook is answered once, at intake, and never fails later in the order's record:
//   order id      1 to 40 characters without blanks (Rakuten's `ord`)          else 400
//                 (a refund or cancellation may name its order by its key alone)
//   object key    1 to 128 characters                                          else 400
//   currency      three letters, upper-cased (WooCommerce sends "usd")         else 400
//   refund id     1 to 128 characters, for a refund                            else 400
//   a line        quantity 1 to 1,000,000 and a unit price of 0 or more        else 400
//                 (a line of quantity 0 sold nothing and is dropped)
//   SKU, name     cut to 512 bytes, at a character boundary
//   lines         more than 1,000: the rest merged into line 1,000 (merged_lines_sku, quantity 1,
//                 its unit price their total), so the total stays exact to the micro-unit
#pragma once
#include <vector>

#include "model/order.h"
#include "support/reply.h"

namespace edgepost {

constexpr size_t max_provider_text_bytes = 512;
constexpr size_t max_refund_id_length = 128;
constexpr size_t max_order_key_length = 128;

// Fits `order` to those limits in place; the reply is a refusal when it cannot be stored.
reply fit_provider_order(order_event& order);

// The lines' part of those limits, for lines read after the order was stored (Stripe's line items).
reply fit_provider_lines(std::vector<line_item>& items);

}  // namespace edgepost
