// Join keys the providers' checkouts reveal in traffic edgepost already proxies, for a shopper
// whose attribution cookie is valid. No origin change is needed for any of them:
//   Stripe Checkout   the session id (cs_test_…/cs_live_…) in the origin's redirect to
//                     checkout.stripe.com, in a JSON response, or as ?session_id= on the success page
//   WooCommerce       the order key (wc_order_…) in the order-received URL: a redirect, the checkout's
//                     JSON answer, or the order-received page view itself
//   Shopify           the cart token, from Shopify's `cart` cookie
// Each adds to `keys` what is not there yet; the provider table (provider_table.h) says which run.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace edgepost {

void stripe_request_join_keys(std::string_view path, std::string_view query, std::string_view cookie_header,
                              std::vector<std::string>& keys);
void stripe_response_join_keys(std::string_view text, std::vector<std::string>& keys);

void woocommerce_request_join_keys(std::string_view path, std::string_view query, std::string_view cookie_header,
                                   std::vector<std::string>& keys);
void woocommerce_response_join_keys(std::string_view text, std::vector<std::string>& keys);

void shopify_request_join_keys(std::string_view path, std::string_view query, std::string_view cookie_header,
                               std::vector<std::string>& keys);

}  // namespace edgepost
