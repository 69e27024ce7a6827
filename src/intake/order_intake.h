// The generic orders API in front of the state machine: verify the Standard Webhooks signature,
// validate the body, and resolve which click (if any) the order carries. It answers like a
// provider webhook: an HTTP error for the caller, or one arrival addressed to the order's
// shard.
#pragma once
#include <string>
#include <string_view>

#include "config/config.h"
#include "intake/intake_outcome.h"
#include "intake/standard_webhooks.h"
#include "model/order_arrival.h"

namespace edgepost {

intake_outcome accept_generic_order(const config& settings, const standard_webhook_headers& headers,
                                    std::string_view body, unix_seconds now);

// The click carried by an order: a valid signed cookie first, then an explicit click. Sets
// `log` when a cookie was presented but refused (forged, expired, foreign secret).
void resolve_click(const config& settings, order_arrival& arrival, unix_seconds now, std::string& log);

}  // namespace edgepost
