// Join keys the providers' checkouts reveal in traffic edgepost already proxies, for a shopper
// whose attribution cookie is valid. No origin change is needed for any of them:
//   Stripe Checkout   the session id (cs_test_…/cs_live_…) in the origin's redirect to
//                     checkout.stripe.com, in a JSON response, or as ?session_id= on the success page
//   WooCommerce       the order key (wc_order_…) in the order-received URL: a redirect, the checkout's
//                     JSON answer, or the order-received page view itself
//   Shopify           the cart token, from Shopify's `cart` cookie
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config.h"

namespace edgepost {

std::vector<std::string> provider_request_join_keys(const config& settings, std::string_view path,
                                                    std::string_view query, std::string_view cookie_header);

// From the origin's answer: its Location header and (for JSON answers) its body.
std::vector<std::string> response_join_keys(const config& settings, std::string_view location,
                                            std::string_view body);

bool watches_responses(const config& settings);

}  // namespace edgepost
