// Paddle Billing webhooks as edgepost reads them (developer.paddle.com, "Webhooks"; DESIGN,
// "Subscriptions"):
//   transaction.completed                      → a paid order, `ord` = the transaction id (txn_…);
//     its origin subscription_recurring       → a subscription's renewal (RECURRING_SALES)
//     $0, of a subscription, not recurring    → the subscription's trial (model/order.h)
//   adjustment.created / adjustment.updated,
//     action refund or chargeback, approved    → a refund of that transaction
// The click travels in the transaction's custom_data.edgepost_attribution: the attribution
// cookie's value (as the generic API's `attribution`), or its reference form, which edgepost puts
// on the page's Paddle.js checkout buttons itself. Amounts are Paddle's minor-unit strings,
// before tax. Signature: `Paddle-Signature: ts=<unix>;h1=<hex HMAC-SHA256 of "<ts>:<body>">`, keyed
// with the notification destination's secret; several h1 during a secret's rotation.
#pragma once
#include <string_view>

#include "providers/provider_reading.h"
#include "support/result.h"
#include "support/utc_time.h"

namespace edgepost {

error_code verify_paddle_signature(std::string_view header, std::string_view body, std::string_view secret,
                                   unix_seconds now, int64_t tolerance_seconds);

provider_reading read_paddle_event(std::string_view body);

// The data-custom-data a Paddle.js checkout button gets, {"edgepost_attribution":"<reference>"}:
// Paddle sends it back as the transaction's custom_data.
std::string paddle_custom_data(std::string_view reference);

}  // namespace edgepost
