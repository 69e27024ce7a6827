// WooCommerce webhooks (the order REST resource, woocommerce.github.io/woocommerce-rest-api-docs):
//   order.created / order.updated with status processing or completed → a paid order
//   order.updated with refunds[]        → each refund, once (by refund id; amounts only)
//   order.updated with status cancelled → a cancellation
// `ord` is the order number. Join key: the order key ("woocommerce_order:wc_order_…"), seen in the
// order-received URL (redirect, checkout JSON or page view); it is secret to the buyer, unlike
// the guessable order number.
#pragma once
#include <string_view>

#include "providers/provider_reading.h"

namespace edgepost {

provider_reading read_woocommerce_webhook(std::string_view topic, std::string_view body);

// The setup ping WooCommerce sends, unsigned, when a webhook is saved: "webhook_id=<n>".
bool is_woocommerce_ping(std::string_view body, std::string_view signature_header);

}  // namespace edgepost
