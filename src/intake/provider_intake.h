// Provider webhooks in front of the state machine: verify the provider's signature, read the
// event, resolve the click each order carries, and address each order event to its order's
// shard. What a webhook leaves out is read from the provider's API (providers/provider_api.h): an
// order whose lines are not in it (a Stripe Checkout Session, a Square payment) is stored at once
// with a one-line stand-in and where its lines are (model/items_fetch.h); its shard reads them
// afterwards and read_items_page judges each page. A refund event without its refunds (Stripe's
// charge.refunded) is answered only once they are listed: the outcome asks the shell for a page and
// the answer comes back through continue_provider_webhook, page after page.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "intake/intake_outcome.h"
#include "model/items_fetch.h"
#include "support/utc_time.h"

namespace edgepost {

struct provider_headers {
  std::string_view signature;  // the provider table's signature header (Stripe-Signature, …)
  std::string_view topic;      // its topic header (X-Shopify-Topic, …), when it has one
  std::string_view url;        // the URL the webhook was sent to (Square signs it)
};

intake_outcome accept_provider_webhook(const config& settings, std::string_view provider_name,
                                         const provider_headers& headers, std::string_view body, unix_seconds now);

// `status` 0 when the fetch failed outright.
intake_outcome continue_provider_webhook(const config& settings, std::string_view continuation, int status,
                                           std::string_view body, unix_seconds now);

// The Authorization header of an items_fetch's page (its provider's API credential).
std::string items_authorization(const config& settings, const items_fetch& pending);

// One page of an order's lines came back (`status` 0: no answer): what it means for the order.
items_page read_items_page(const config& settings, const items_fetch& pending, std::string_view currency, int status,
                           std::string_view body);

}  // namespace edgepost
