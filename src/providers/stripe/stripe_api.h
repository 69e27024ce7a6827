// Stripe's API as edgepost reads it (docs.stripe.com/api): a Checkout Session's line items,
// GET /v1/checkout/sessions/<id>/line_items, and a charge's refunds, GET /v1/refunds?charge=<id>;
// lists of 100 entries a page, the next after `starting_after` (docs.stripe.com/api/pagination).
// STRIPE_API_KEY (a restricted key that may read Checkout Sessions and refunds) as a bearer token.
#pragma once
#include "providers/provider_api.h"

namespace edgepost {

extern const provider_api stripe_api;

}  // namespace edgepost
