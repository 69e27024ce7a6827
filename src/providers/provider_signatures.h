// Webhook signatures of the payment providers, each per its documentation:
//   Stripe       Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>[,v1=…]
//                (docs.stripe.com/webhooks#verify-manually); any v1 may match; 300 s tolerance.
//   Shopify      X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(secret, body))
//                (shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook)
//   WooCommerce  X-WC-Webhook-Signature: base64(HMAC-SHA256(secret, body))
//                (woocommerce/includes/class-wc-webhook.php, generate_signature)
//   Paddle       Paddle-Signature: ts=<unix>;h1=<hex HMAC-SHA256(secret, ts + ":" + body)>[;h1=…]
//                (developer.paddle.com, "Verify webhook signatures"); the same scheme as Stripe's
#pragma once
#include <string_view>

#include "support/result.h"
#include "support/utc_time.h"

namespace edgepost {

// A header of items "<key>=<value>" holding a timestamp and one or more hex HMAC-SHA256 of
// "<timestamp><payload_separator><body>" (Stripe's, Paddle's): any may match, within the tolerance.
struct timestamped_hmac_scheme {
  char item_separator;             // Stripe ',', Paddle ';'
  std::string_view timestamp_key;  // "t=", "ts="
  std::string_view signature_key;  // "v1=", "h1="
  char payload_separator;          // '.', ':'
};
error_code verify_timestamped_hmac(std::string_view header, std::string_view body, std::string_view secret,
                                   unix_seconds now, int64_t tolerance_seconds, const timestamped_hmac_scheme& scheme);

error_code verify_stripe_signature(std::string_view header, std::string_view body, std::string_view secret,
                                   unix_seconds now, int64_t tolerance_seconds);

// Shopify and WooCommerce sign the same way: base64 of the HMAC of the raw body.
error_code verify_base64_body_hmac(std::string_view header, std::string_view body, std::string_view secret);

}  // namespace edgepost
