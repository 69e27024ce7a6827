// Stripe webhook events as edgepost reads them (API objects per docs.stripe.com/api):
//   checkout.session.completed (payment_status "paid") and
//   checkout.session.async_payment_succeeded          → a paid order; in subscription mode the
//                                                        sale of the subscription's first invoice
//   invoice.paid (billing_reason subscription_create,
//     amount_paid > 0, of a subscription)              → the same sale, told by the invoice
//   credit_note.created (post_payment, issued)         → a refund of the invoice's sale, before tax
//   invoice_payment.paid, and invoice.paid naming its
//     payment_intent (before API version 2025-03-31)   → the PaymentIntent as another name of the
//                                                        invoice's sale, for the refunds that name it
//   refund.created / refund.updated (status succeeded) and
//   charge.refunded (each refund in refunds.data)      → refunds of the same order
//     (on API versions since 2022-11-15 the event carries no refunds list: with STRIPE_API_KEY
//     edgepost lists the charge's refunds, GET /v1/refunds?charge=<id>, page after page:
//     providers/stripe/stripe_api.h)
// The order id sent as `ord` is the PaymentIntent id (pi_…, 27 characters): it is in the session
// and in every refund, and it is what the merchant finds in the Stripe dashboard. A subscription's
// sale is its invoice id (in_…), which the session and the invoice both name. The Checkout
// Session id is a join key ("stripe_session:cs_…"); client_reference_id carries the signed click
// when the session came from a Payment Link edgepost tagged.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider_api.h"
#include "providers/provider_reading.h"

namespace edgepost {

provider_reading read_stripe_event(std::string_view body);

// One page of GET /v1/checkout/sessions/<id>/line_items: items appended to `items`.
api_list_page read_stripe_line_items(std::string_view body, std::string_view currency,
                                     std::vector<line_item>& items);

// One page of GET /v1/refunds?charge=<id>: each succeeded refund appended to `refunds`.
api_list_page read_stripe_refunds(std::string_view body, unix_seconds event_created,
                                  std::vector<order_event>& refunds);

}  // namespace edgepost
