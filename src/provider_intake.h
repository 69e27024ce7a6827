// Provider webhooks in front of the state machine: verify the provider's signature, read the
// event, resolve the click each order carries, and address each order event to its Durable
// Object. Stripe's line items are not in its webhook: the outcome then asks the shell to fetch
// a page of them and hand the answer back (continue_provider_webhook), page after page.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "utc_time.h"

namespace edgepost {

struct provider_headers {
  std::string_view signature;  // Stripe-Signature, X-Shopify-Hmac-Sha256, X-WC-Webhook-Signature
  std::string_view topic;      // X-Shopify-Topic, X-WC-Webhook-Topic (Stripe: in the body)
};

struct addressed_arrival {
  std::string object_name;   // "order:<object_key>"
  std::string arrival_json;  // for the order's Durable Object
};

struct provider_outcome {
  int status = 202;      // 2xx, or the error to answer (nothing stored)
  std::string word;      // error code, or paid | refunded | cancelled | ignored | ping
  std::string message;
  std::vector<addressed_arrival> arrivals;  // to deliver in order
  std::string fetch_url;                    // non-empty: fetch this, then continue
  std::string fetch_authorization;
  std::string continuation;
  std::string forward_to;                   // forward the webhook unchanged here, answer its status
  std::string log;
};

provider_outcome accept_provider_webhook(const config& settings, std::string_view provider,
                                         const provider_headers& headers, std::string_view body, unix_seconds now);

// `status` 0 when the fetch failed outright.
provider_outcome continue_provider_webhook(const config& settings, std::string_view continuation, int status,
                                           std::string_view body, unix_seconds now);

}  // namespace edgepost
