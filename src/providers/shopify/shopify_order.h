// Shopify webhooks (REST resources, shopify.dev/docs/api/admin-rest/latest/resources/order):
//   orders/paid       → a paid order       orders/cancelled → a cancellation
//   refunds/create    → a refund (refund_line_items, amounts from subtotal_set: strings)
// `ord` is the order's name without '#' ("#1001" → "1001"), what the merchant sees in its admin.
// Shopify order ids exceed 2^53, so they are read as 64-bit integers and kept as text; the
// order's key is "shopify:<id>", which refunds name too.
// Click: a signed reference in the cart attribute "_edgepost" (note_attributes), then the cart
// token seen in traffic (join key "shopify_cart:<token>"), then — the last resort — a ranSiteID
// in landing_site, whose landing time is unknown and inferred as the order's time.
#pragma once
#include <string_view>

#include "providers/provider_reading.h"

namespace edgepost {

constexpr std::string_view shopify_cart_attribute = "_edgepost";
// The cart form's field that Shopify turns into that attribute (cart attributes are posted as
// attributes[<name>]).
constexpr std::string_view shopify_cart_attribute_field = "attributes[_edgepost]";

provider_reading read_shopify_webhook(std::string_view topic, std::string_view body);

}  // namespace edgepost
