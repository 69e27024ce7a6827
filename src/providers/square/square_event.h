// Square webhooks as edgepost reads them (developer.squareup.com, "Webhooks"; Payments and
// Refunds APIs):
//   payment.updated, status COMPLETED             → a paid order
//   refund.created / refund.updated, COMPLETED    → a refund of the payment's sale
// `ord` is the payment's Square order id (every Square payment belongs to an order), else the
// payment id. Refunds name the payment (their order may be a return's), so the payment id is kept
// as another name of the sale (model/order.h, alias_of). A payment names only its total, tax included: with
// SQUARE_ACCESS_TOKEN edgepost reads the order's lines before tax and after discounts
// (providers/square/square_api.h); without it the payment's amount_money (the total without the
// tip) is sent as one line. The click travels in the payment's note, anywhere among its words: the
// attribution cookie's value (v1.…/v2.…) or its reference form (ep1_…/ep2_…,
// attribution/reference_token.h), from a Payment Link's payment_note or CreatePayment's note.
// Signature: `x-square-hmacsha256-signature: base64(HMAC-SHA256(signature key, notification URL +
// body))`, the URL exactly as the subscription names it (which is the URL the request came to).
#pragma once
#include <string_view>

#include "providers/provider_reading.h"
#include "support/result.h"

namespace edgepost {

error_code verify_square_signature(std::string_view header, std::string_view url, std::string_view body,
                                   std::string_view secret);

provider_reading read_square_event(std::string_view body);

}  // namespace edgepost
