// Provider webhooks in front of the state machine: verify the provider's signature, read the
// event, resolve the click each order carries, and address each order event to its Durable
// Object. Stripe's line items are not in its webhook: the outcome then asks the shell to fetch
// a page of them and hand the answer back (continue_provider_webhook), page after page.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "intake/intake_outcome.h"
#include "support/utc_time.h"

namespace edgepost {

struct provider_headers {
  std::string_view signature;  // Stripe-Signature, X-Shopify-Hmac-Sha256, X-WC-Webhook-Signature
  std::string_view topic;      // X-Shopify-Topic, X-WC-Webhook-Topic (Stripe: in the body)
};

intake_outcome accept_provider_webhook(const config& settings, std::string_view provider_name,
                                         const provider_headers& headers, std::string_view body, unix_seconds now);

// `status` 0 when the fetch failed outright.
intake_outcome continue_provider_webhook(const config& settings, std::string_view continuation, int status,
                                           std::string_view body, unix_seconds now);

}  // namespace edgepost
