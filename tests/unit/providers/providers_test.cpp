#include <catch2/catch.hpp>

#include "support/provider_fixtures.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <sstream>

#include "model/arrival_codec.h"
#include "attribution/attribution_token.h"
#include "attribution/reference_token.h"
#include "config/config.h"
#include "intake/order_intake.h"
#include "intake/provider_intake.h"
#include "money/currency.h"
#include "providers/provider_signatures.h"
#include "attribution/join_keys.h"
#include "providers/provider_table.h"
#include "providers/shopify/shopify_order.h"
#include "model/order_shard.h"
#include "providers/stripe/stripe_event.h"
#include "providers/woocommerce/woocommerce_order.h"

using namespace edgepost;
using namespace edgepost::testing;

namespace {

config provider_settings() {
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.set("STRIPE_WEBHOOK_SECRET", "whsec_test");
  c.set("SHOPIFY_WEBHOOK_SECRET", "shpss_secret");
  c.set("WOOCOMMERCE_WEBHOOK_SECRET", "wc_secret");
  return c;
}

}  // namespace

TEST_CASE("Stripe signatures: any matching v1, within the tolerance") {
  // Expected MAC computed independently (Python's hmac) for t=1700000000, body {"a":1}.
  const std::string good = "38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";
  const std::string body = R"({"a":1})";
  CHECK(verify_stripe_signature("t=1700000000,v1=" + good, body, "whsec_test", 1700000000, 300) == error_code::success);
  CHECK(verify_stripe_signature("t=1700000000,v1=00ff,v1=" + good + ",v0=x", body, "whsec_test", 1700000100, 300) ==
        error_code::success);
  CHECK(verify_stripe_signature("t=1700000000,v1=" + good, body, "whsec_test", 1700000301, 300) ==
        error_code::stale_timestamp);
  CHECK(verify_stripe_signature("t=1700000000,v1=" + good, body + " ", "whsec_test", 1700000000, 300) ==
        error_code::bad_signature);
  CHECK(verify_stripe_signature("t=1700000001,v1=" + good, body, "whsec_test", 1700000000, 300) ==
        error_code::bad_signature);
  CHECK(verify_stripe_signature("v1=" + good, body, "whsec_test", 1700000000, 300) == error_code::bad_signature);
  CHECK(verify_stripe_signature("", body, "whsec_test", 1700000000, 300) == error_code::missing_signature);
}

TEST_CASE("Shopify and WooCommerce signatures: base64 HMAC of the raw body") {
  CHECK(verify_base64_body_hmac("xocA3LkeJ/RvNrkxep1EUtFHuj7rIoIqZYaLU26LyPQ=", R"({"id":1})", "shpss_secret") ==
        error_code::success);
  CHECK(verify_base64_body_hmac("xocA3LkeJ/RvNrkxep1EUtFHuj7rIoIqZYaLU26LyPQ=", R"({"id":2})", "shpss_secret") ==
        error_code::bad_signature);
  CHECK(verify_base64_body_hmac("", R"({"id":1})", "shpss_secret") == error_code::missing_signature);
}

TEST_CASE("the Payment Link reference carries the cookie token through Stripe's alphabet") {
  const click c{"TnL5HPStwNw-yKbFu3Ca.Y_g/*Nf1Zmzaw", 1795514520, "12345", "EAID"};
  const std::string token = sign_attribution_token(c, "0123456789abcdef");
  const std::string reference = reference_from_attribution_token(token);
  REQUIRE(reference.rfind("ep1_", 0) == 0);
  CHECK(reference.size() <= 200);
  for (char ch : reference) CHECK((isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'));
  CHECK(attribution_token_from_reference(reference) == token);
  CHECK(attribution_token_from_reference("aff_click_7f3c2a").empty());
  CHECK(attribution_token_from_reference("ep1_short").empty());
}

TEST_CASE("currency exponents convert provider minor units exactly") {
  micros v = 0;
  REQUIRE(micros_from_minor_units(2700, "USD").get(v) == error_code::success);
  CHECK(v == 27'000'000);
  REQUIRE(micros_from_minor_units(2700, "JPY").get(v) == error_code::success);
  CHECK(v == 2'700'000'000);
  REQUIRE(micros_from_minor_units(2700, "KWD").get(v) == error_code::success);
  CHECK(v == 2'700'000);
}

TEST_CASE("Stripe: the sample checkout.session.completed becomes a paid order on its PaymentIntent") {
  const provider_reading r = read_stripe_event(fixture("stripe/checkout.session.completed.json"));
  REQUIRE(r.answer.status == 200);
  REQUIRE(r.orders.size() == 1);
  const order_event& o = r.orders[0];
  CHECK(o.order_id == "pi_1PgafyB7WZ01zgkWSjxsAJo3");
  CHECK(o.status == order_status::paid);
  CHECK(o.currency == "USD");
  REQUIRE(o.items.size() == 1);  // the one-line fallback until line items are fetched
  CHECK(o.items[0].unit_price == 30'000'000);
  CHECK(o.discount == 3'000'000);
  CHECK(o.attribution.empty());  // client_reference_id "aff_click_7f3c2a" is not edgepost's
  CHECK(o.join_keys == std::vector<std::string>{"stripe_session:cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY"});
  CHECK(r.items_source.rfind("cs_test_", 0) == 0);
}

TEST_CASE("Stripe: line items, refunds and events edgepost does not use") {
  std::vector<line_item> items;
  const api_list_page page = read_stripe_line_items(fixture("stripe/checkout.session.line_items.json"), "USD", items);
  REQUIRE(page.ok);
  CHECK_FALSE(page.has_more);
  REQUIRE(items.size() == 1);
  CHECK(items[0].sku == "prod_QXg1hqf4jFNsqG");
  CHECK(items[0].quantity == 3);
  CHECK(items[0].unit_price == 10'000'000);

  const provider_reading refund = read_stripe_event(fixture("stripe/refund.created.json"));
  REQUIRE(refund.orders.size() == 1);
  CHECK(refund.orders[0].refund_id == "re_1Pgc72B7WZ01zgkWqPvrRrPE");
  CHECK(refund.orders[0].refund_amount == 27'000'000);
  CHECK(refund.orders[0].order_id == "pi_1PgafyB7WZ01zgkWSjxsAJo3");
  const provider_reading charge = read_stripe_event(fixture("stripe/charge.refunded.json"));
  REQUIRE(charge.orders.size() == 1);
  CHECK(charge.orders[0].refund_id == refund.orders[0].refund_id);  // the same refund: sent once
  CHECK(charge.orders[0].order_key == "pi_1PgafyB7WZ01zgkWSjxsAJo3");
  // A subscription invoice's charge names its invoice (API versions before 2025-03-31): the refund
  // is the invoice's, whose id is the sale's ord and key.
  const provider_reading invoice_charge = read_stripe_event(
      replaced(fixture("stripe/charge.refunded.json"), "\"object\": \"charge\",", "\"object\": \"charge\", \"invoice\": \"in_1Pgc6tB7WZ01zgkWu9fdqL6I\","));
  REQUIRE(invoice_charge.orders.size() == 1);
  CHECK(invoice_charge.orders[0].order_id == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(invoice_charge.orders[0].order_key == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(invoice_charge.orders[0].status == order_status::refunded);

  const std::string async_paid = replaced(fixture("stripe/checkout.session.completed.json"),
                                          "\"checkout.session.completed\"", "\"checkout.session.async_payment_succeeded\"");
  const provider_reading later = read_stripe_event(async_paid);
  REQUIRE(later.orders.size() == 1);
  CHECK(later.orders[0].status == order_status::paid);
  CHECK(later.orders[0].order_id == "pi_1PgafyB7WZ01zgkWSjxsAJo3");

  const std::string unpaid =
      replaced(fixture("stripe/checkout.session.completed.json"), "\"payment_status\": \"paid\"", "\"payment_status\": \"unpaid\"");
  CHECK(read_stripe_event(unpaid).answer.code == "ignored");
  CHECK(read_stripe_event(R"({"type":"customer.created","data":{"object":{}}})").answer.code == "ignored");
  CHECK(read_stripe_event("{").answer.status == 400);
}

TEST_CASE("Shopify: orders/paid keeps 64-bit ids exact and names the order as the merchant does") {
  std::string body = fixture("shopify/order-with-attribution-fields.json");
  body = replaced(body, "\"id\": 450789469", "\"id\": 9007199254740993");  // 2^53 + 1
  body = replaced(body, "\"landing_site\": \"http://www.example.com?source=abc\"",
                  "\"landing_site\": \"/?ranSiteID=LS1&ranMID=12345\"");
  const provider_reading r = read_shopify_webhook("orders/paid", body);
  REQUIRE(r.orders.size() == 1);
  const order_event& o = r.orders[0];
  CHECK(o.order_key == "shopify:9007199254740993");
  CHECK(o.order_id == "1001");
  CHECK(o.currency == "USD");
  CHECK(o.items.size() == 3);
  CHECK(o.items[0].sku == "IPOD2008GREEN");
  CHECK(o.items[0].unit_price == 199'000'000);
  CHECK(o.discount == 10'000'000);
  CHECK(o.join_keys == std::vector<std::string>{"shopify_cart:68778783ad298f1c80c3bafcddeea02f"});
  REQUIRE(o.fallback_click.has_value());
  CHECK(o.fallback_click->site_id == "LS1");
  CHECK(o.fallback_click->landed_at == o.created_at);
  CHECK(read_shopify_webhook("orders/paid", fixture("shopify/orders-paid.json")).orders[0].order_id == "1002");
}

TEST_CASE("Shopify: refunds/create reads amounts from the string money fields") {
  const provider_reading r = read_shopify_webhook("refunds/create", fixture("shopify/refunds-create.json"));
  REQUIRE(r.orders.size() == 1);
  const order_event& o = r.orders[0];
  CHECK(o.order_key == "shopify:450789469");
  CHECK(o.refund_id == "509562969");
  CHECK(o.currency == "USD");
  REQUIRE(o.items.size() == 2);
  CHECK(o.items[0].sku == "IPOD2008BLACK");
  CHECK(o.items[0].unit_price == 195'660'000);
  CHECK(o.items[1].unit_price == 195'670'000);
  CHECK(read_shopify_webhook("products/update", "{}").answer.code == "ignored");
}

TEST_CASE("WooCommerce: paid orders, each refund, and the setup ping") {
  const provider_reading paid = read_woocommerce_webhook("order.updated", fixture("woocommerce/order-updated-processing.json"));
  REQUIRE(paid.orders.size() == 1);
  CHECK(paid.orders[0].order_id == "727");
  CHECK(paid.orders[0].items.size() == 2);
  CHECK(paid.orders[0].items[0].sku == "product-93");
  CHECK(paid.orders[0].items[0].unit_price == 3'000'000);
  CHECK(paid.orders[0].join_keys == std::vector<std::string>{"woocommerce_order:wc_order_58d2d042d1d"});

  const provider_reading refunded = read_woocommerce_webhook("order.updated", fixture("woocommerce/order-updated-with-refunds.json"));
  REQUIRE(refunded.orders.size() == 3);  // the (completed) sale and its two refunds
  CHECK(refunded.orders[1].refund_id == "726");
  CHECK(refunded.orders[1].refund_amount == 10'000'000);
  CHECK(refunded.orders[2].refund_amount == 9'000'000);

  CHECK(is_woocommerce_ping("webhook_id=15", ""));
  CHECK_FALSE(is_woocommerce_ping("webhook_id=15", "sig"));
  CHECK_FALSE(is_woocommerce_ping("{\"id\":1}", ""));
}

TEST_CASE("checkout identifiers are found in redirects, JSON and page views") {
  const config c = provider_settings();
  CHECK(response_join_keys(c, "https://checkout.stripe.com/c/pay/cs_test_a1B2#frag", "") ==
        std::vector<std::string>{"stripe_session:cs_test_a1B2"});
  CHECK(response_join_keys(c, "", R"({"redirect":"https:\/\/s\/checkout\/order-received\/727\/?key=wc_order_58d2"})") ==
        std::vector<std::string>{"woocommerce_order:wc_order_58d2"});
  CHECK(response_join_keys(c, "", R"({"id":"cs_live_X1","again":"cs_live_X1"})") ==
        std::vector<std::string>{"stripe_session:cs_live_X1"});
  CHECK(response_join_keys(c, "/cart", "{}").empty());
  CHECK(provider_request_join_keys(c, "/success", "session_id=cs_test_Z9", "") ==
        std::vector<std::string>{"stripe_session:cs_test_Z9"});
  CHECK(provider_request_join_keys(c, "/checkout/order-received/1/", "key=wc_order_K", "cart=c1-abc") ==
        std::vector<std::string>{"woocommerce_order:wc_order_K", "shopify_cart:c1-abc"});
  config off = c;
  off.set("STRIPE_WEBHOOK_SECRET", "");
  CHECK(response_join_keys(off, "https://checkout.stripe.com/c/pay/cs_test_a1B2", "").empty());
}

// Found by the request fuzzer: any bytes of Shopify's cart cookie became a join key.
TEST_CASE("a cart cookie that is not a plain identifier is no join key") {
  const config c = provider_settings();
  CHECK(provider_request_join_keys(c, "/", "", "cart=c1-abc") == std::vector<std::string>{"shopify_cart:c1-abc"});
  CHECK(provider_request_join_keys(c, "/", "", "cart=c1=[r344\x9E/").empty());
  CHECK(provider_request_join_keys(c, "/", "", "cart=" + std::string(200, 'a')).empty());
}

TEST_CASE("provider intake: verified, read, addressed, and a Stripe order stored with where its lines are") {
  config c = provider_settings();
  const std::string body = fixture("woocommerce/order-updated-processing.json");
  const std::string bad = accept_provider_webhook(c, "woocommerce", {"nope", "order.updated"}, body, 0).answer.code;
  CHECK(bad == "bad_signature");
  CHECK(accept_provider_webhook(c, "woocommerce", {"", ""}, "webhook_id=3", 0).answer.code == "ping");
  c.set("STRIPE_API_KEY", "sk_test");
  c.set("STRIPE_API_BASE", "http://127.0.0.1:9");
  // A Stripe event signed at t=1700000000 (OpenSSL directly, not the code under test).
  const std::string event = fixture("stripe/checkout.session.completed.json");
  const std::string signed_payload = "1700000000." + event;
  unsigned char mac[32];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), "whsec_test", 10, reinterpret_cast<const unsigned char*>(signed_payload.data()),
       signed_payload.size(), mac, &mac_length);
  std::string hex;
  for (unsigned i = 0; i < mac_length; ++i) {
    hex += "0123456789abcdef"[mac[i] >> 4];
    hex += "0123456789abcdef"[mac[i] & 15];
  }
  const intake_outcome first = accept_provider_webhook(c, "stripe", {"t=1700000000,v1=" + hex, ""}, event, 1700000010);
  // Stored at once with its one-line stand-in and where its lines are: the answer waits for no API call.
  REQUIRE(first.answer.status == 202);
  CHECK(first.fetch_url.empty());
  REQUIRE(first.arrivals.size() == 1);
  CHECK(first.arrivals[0].order_key == "pi_1PgafyB7WZ01zgkWSjxsAJo3");
  CHECK(first.arrivals[0].shard == order_shard_for("pi_1PgafyB7WZ01zgkWSjxsAJo3"));
  order_arrival arrival;
  REQUIRE(read_arrival(first.arrivals[0].arrival_json).get(arrival) == error_code::success);
  REQUIRE(arrival.items);
  const std::string first_page =
      "http://127.0.0.1:9/v1/checkout/sessions/cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY/line_items?limit=100";
  CHECK(arrival.items->url == first_page);
  CHECK(arrival.items->source_id == "cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY");
  REQUIRE(arrival.order.items.size() == 1);
  CHECK(arrival.order.items[0].sku == "ORDER");
  CHECK(items_authorization(c, *arrival.items) == "Bearer sk_test");

  const items_page done = read_items_page(c, *arrival.items, "USD", 200, fixture("stripe/checkout.session.line_items.json"));
  CHECK(done.outcome == items_page_outcome::complete);
  REQUIRE(done.items.size() == 1);
  CHECK(done.items[0].sku == "prod_QXg1hqf4jFNsqG");
  CHECK(done.items[0].name == "T-shirt");
  CHECK(done.items[0].quantity == 3);
  CHECK(done.items[0].unit_price == 10'000'000);
  // A failure that may pass is read again by the order's schedule; one that will not
  // change keeps the one-line stand-in, so the sale is never lost.
  struct row {
    int status;
    const char* body;
    items_page_outcome outcome;
  };
  const row rows[] = {{500, "oops", items_page_outcome::retry},  {503, "", items_page_outcome::retry},
                      {429, "", items_page_outcome::retry},      {0, "TimeoutError", items_page_outcome::retry},
                      {404, "{}", items_page_outcome::give_up},  {401, "{}", items_page_outcome::give_up},
                      {200, "not json", items_page_outcome::give_up},
                      {200, R"({"object":"list","data":[],"has_more":false})", items_page_outcome::give_up}};
  for (const auto& r : rows) {
    INFO("HTTP " << r.status << " " << r.body);
    const items_page failed = read_items_page(c, *arrival.items, "USD", r.status, r.body);
    CHECK(failed.outcome == r.outcome);
    CHECK(failed.items.empty());
    CHECK(!failed.problem.empty());
  }
}

TEST_CASE("Stripe's line items are read page by page, at most 10, and fitted to edgepost's limits") {
  config c = provider_settings();
  c.set("STRIPE_API_KEY", "sk_test");
  c.set("STRIPE_API_BASE", "http://api");
  items_fetch pending{"cs_1", "http://api/v1/checkout/sessions/cs_1/line_items?limit=100", {}, 0, 0, 0, 0};
  auto line = [](std::string id, std::string name, int quantity, int cents) {
    return R"({"id":")" + id + R"(","description":")" + name + R"(","quantity":)" + std::to_string(quantity) +
           R"(,"price":{"id":"price_)" + id + R"(","product":"prod_)" + id + R"(","unit_amount":)" + std::to_string(cents) +
           "}}";
  };
  const items_page one = read_items_page(
      c, pending, "USD", 200, R"({"object":"list","has_more":true,"data":[)" + line("li_1", "A", 2, 150) + "]}");
  REQUIRE(one.outcome == items_page_outcome::next_page);
  CHECK(one.next_url == "http://api/v1/checkout/sessions/cs_1/line_items?limit=100&starting_after=li_1");
  REQUIRE(one.items.size() == 1);
  pending.fetched = one.items;
  pending.pages = 1;
  const items_page two = read_items_page(
      c, pending, "USD", 200, R"({"object":"list","has_more":false,"data":[)" + line("li_2", std::string(600, 'n'), 1, 99) + "]}");
  REQUIRE(two.outcome == items_page_outcome::complete);
  REQUIRE(two.items.size() == 2);
  CHECK(two.items[0].unit_price == 1'500'000);
  CHECK(two.items[1].name.size() == 512);  // cut, as a provider's order is at intake
  // The tenth page is the last read, whatever Stripe says of more.
  pending.pages = 9;
  const items_page tenth = read_items_page(
      c, pending, "USD", 200, R"({"object":"list","has_more":true,"data":[)" + line("li_3", "C", 1, 100) + "]}");
  CHECK(tenth.outcome == items_page_outcome::complete);
  // A quantity no shop sells cannot be sent: the stand-in goes out instead.
  pending.pages = 0;
  pending.fetched.clear();
  const items_page absurd = read_items_page(
      c, pending, "USD", 200, R"({"object":"list","has_more":false,"data":[)" + line("li_4", "D", 2000000, 1) + "]}");
  CHECK(absurd.outcome == items_page_outcome::give_up);
  CHECK(absurd.problem.find("do not fit") != std::string::npos);
}

TEST_CASE("the origin's answers yield at most 8 join keys") {
  const config c = provider_settings();
  std::string body = "[";
  for (int i = 0; i < 5000; ++i) body += "\"cs_live_" + std::to_string(i) + "\",";
  body += "0]";
  const auto keys = response_join_keys(c, "", body);
  CHECK(keys.size() == max_join_keys_per_request);
  CHECK(keys[0] == "stripe_session:cs_live_0");
}

namespace {
// Stripe-Signature for `body` at time t, computed with OpenSSL (not the code under test).
std::string stripe_signature(const std::string& secret, int64_t t, const std::string& body) {
  const std::string payload = std::to_string(t) + "." + body;
  unsigned char mac[32];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(payload.data()),
       payload.size(), mac, &mac_length);
  std::string hex;
  for (unsigned i = 0; i < mac_length; ++i) {
    hex += "0123456789abcdef"[mac[i] >> 4];
    hex += "0123456789abcdef"[mac[i] & 15];
  }
  return "t=" + std::to_string(t) + ",v1=" + hex;
}
}  // namespace

// The shape Stripe sends on current API versions: charge.refunded without refunds.data.
TEST_CASE("Stripe: charge.refunded without its refunds listed asks the API for them, each refund once") {
  config c = provider_settings();
  std::string event = fixture("stripe/charge.refunded.json");
  event = replaced(event, "\"refunds\"", "\"refunds_left_out\"");
  const int64_t t = 1700000000;
  const std::string signature = stripe_signature("whsec_test", t, event);
  const provider_headers headers{signature, "", ""};

  const intake_outcome without_key = accept_provider_webhook(c, "stripe", headers, event, t + 5);
  CHECK(without_key.answer.code == "ignored");
  CHECK(without_key.fetch_url.empty());
  CHECK(without_key.arrivals.empty());

  c.set("STRIPE_API_KEY", "sk_test");
  c.set("STRIPE_API_BASE", "http://127.0.0.1:9");
  const intake_outcome first = accept_provider_webhook(c, "stripe", headers, event, t + 5);
  REQUIRE(first.answer.code == "fetching");
  CHECK(first.fetch_url == "http://127.0.0.1:9/v1/refunds?charge=ch_1PgafuB7WZ01zgkWXYmPNZs8&limit=100");
  CHECK(first.fetch_authorization == "Bearer sk_test");

  const std::string refund =
      R"({"id":"re_A","object":"refund","amount":700,"currency":"usd","payment_intent":"pi_1PgafyB7WZ01zgkWSjxsAJo3","status":"succeeded","created":1700000001})";
  const std::string pending =
      R"({"id":"re_B","object":"refund","amount":100,"currency":"usd","payment_intent":"pi_1PgafyB7WZ01zgkWSjxsAJo3","status":"pending","created":1700000002})";
  const intake_outcome page1 = continue_provider_webhook(
      c, first.continuation, 200, R"({"object":"list","data":[)" + refund + "," + pending + R"(],"has_more":true})", t + 6);
  REQUIRE(page1.answer.code == "fetching");
  CHECK(page1.fetch_url == "http://127.0.0.1:9/v1/refunds?charge=ch_1PgafuB7WZ01zgkWXYmPNZs8&limit=100&starting_after=re_B");
  const std::string refund_c =
      R"({"id":"re_C","object":"refund","amount":300,"currency":"usd","payment_intent":"pi_1PgafyB7WZ01zgkWSjxsAJo3","status":"succeeded","created":1700000003})";
  const intake_outcome done = continue_provider_webhook(
      c, page1.continuation, 200, R"({"object":"list","data":[)" + refund_c + R"(],"has_more":false})", t + 7);
  REQUIRE(done.answer.status == 202);
  REQUIRE(done.arrivals.size() == 2);
  CHECK(done.arrivals[0].order_key == "pi_1PgafyB7WZ01zgkWSjxsAJo3");
  CHECK(done.arrivals[0].shard == order_shard_for("pi_1PgafyB7WZ01zgkWSjxsAJo3"));
  CHECK(done.arrivals[0].arrival_json.find(R"("refund_id":"re_A","refund_amount":"7.00")") != std::string::npos);
  CHECK(done.arrivals[1].arrival_json.find(R"("refund_id":"re_C","refund_amount":"3.00")") != std::string::npos);

  const intake_outcome failed = continue_provider_webhook(c, first.continuation, 500, "oops", t + 6);
  CHECK(failed.answer.status == 502);
  CHECK(failed.answer.code == "provider_api_failed");
  CHECK(failed.arrivals.empty());
}

TEST_CASE("each provider's join keys begin with the name its table entry gives, and only those are provider keys") {
  config c;
  c.set("STRIPE_WEBHOOK_SECRET", "whsec_x");
  c.set("WOOCOMMERCE_WEBHOOK_SECRET", "wc_secret");
  c.set("SHOPIFY_WEBHOOK_SECRET", "shpss_x");
  const auto keys = provider_request_join_keys(c, "/checkout/order-received/7/",
                                               "session_id=cs_test_a1B2c3&key=wc_order_Ab12Cd34",
                                               "cart=c1-0123456789abcdef0123456789");
  REQUIRE(keys.size() == 3);
  for (const auto& k : keys) {
    INFO(k);
    CHECK(is_provider_join_key(k));
  }
  CHECK(keys[0].rfind("stripe_session:", 0) == 0);
  CHECK(keys[1].rfind("woocommerce_order:", 0) == 0);
  CHECK(keys[2].rfind("shopify_cart:", 0) == 0);
  CHECK_FALSE(is_provider_join_key("order_ref:0123456789abcdef"));  // a merchant's JOIN_PARAMS key
  // A provider's key is bounded by JOIN_GRACE_SECONDS after its order; the merchant's own keys are not.
  c.join_grace_seconds = 600;
  CHECK(join_key_window_after_order(keys[0], c) == std::optional<int64_t>{600});
  CHECK_FALSE(join_key_window_after_order("order_ref:0123456789abcdef", c).has_value());
  CHECK_FALSE(is_provider_join_key("stripe_session"));
  CHECK_FALSE(is_provider_join_key("stripe_sessions:cs_test_a"));
}

namespace {

// The invoice.paid fixture with some of its invoice's own members (at their indentation in the
// file, so a line's member of the same name is left alone) replaced, each `from` → `to`.
std::string invoice_event_with(std::initializer_list<std::pair<std::string, std::string>> changes) {
  std::string body = fixture("stripe/invoice.paid.json");
  for (const auto& [from, to] : changes) {
    const std::string needle = "\n      " + from;
    const size_t at = body.find(needle);
    REQUIRE(at != std::string::npos);
    body.replace(at, needle.size(), "\n      " + to);
  }
  return body;
}

const std::string subscription_parent = R"("parent": {
        "quote_details": null,
        "subscription_details": {
          "metadata": {},
          "subscription": "sub_1PgcAFB7WZ01zgkWnK3ZpD9a"
        },
        "type": "subscription_details"
      },)";

}  // namespace

TEST_CASE("Stripe Billing: a subscription's Checkout Session and its first invoice tell one sale, named by the invoice") {
  const provider_reading session = read_stripe_event(fixture("stripe/checkout.session.completed.subscription.json"));
  REQUIRE(session.answer.status == 200);
  REQUIRE(session.orders.size() == 1);
  CHECK(session.orders[0].order_id == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(session.orders[0].order_key == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(session.orders[0].items[0].unit_price == 20'000'000);
  CHECK(session.orders[0].join_keys.size() == 1);  // the session id, as for a one-off payment

  const provider_reading invoice = read_stripe_event(fixture("stripe/invoice.paid.json"));
  REQUIRE(invoice.answer.status == 200);
  REQUIRE(invoice.orders.size() == 1);
  const order_event& o = invoice.orders[0];
  CHECK(o.order_id == session.orders[0].order_id);
  CHECK(o.order_key == session.orders[0].order_key);
  CHECK(o.currency == "USD");
  REQUIRE(o.items.size() == 1);
  CHECK(o.items[0].sku == "prod_QXh3pro");
  CHECK(o.items[0].name == "1 × Pro plan (at $20.00 / month)");
  CHECK(o.items[0].unit_price == 20'000'000);
  CHECK(o.discount == 0);
  CHECK(order_net_total(o) == 20'000'000);
  // Both tellings record the click under the subscription, for its renewals; a renewal looks there.
  CHECK(o.links == std::vector<std::string>{"stripe_subscription:sub_1PgcAFB7WZ01zgkWnK3ZpD9a"});
  CHECK(session.orders[0].links == o.links);
  CHECK_FALSE(o.renewal);
  const provider_reading renewal = read_stripe_event(invoice_event_with(
      {{"\"billing_reason\": \"subscription_create\"", "\"billing_reason\": \"subscription_cycle\""}}));
  REQUIRE(renewal.orders.size() == 1);
  CHECK(renewal.orders[0].renewal);
  CHECK(renewal.orders[0].join_keys == o.links);
  CHECK(renewal.orders[0].links.empty());
}

TEST_CASE("Stripe Billing: which invoices are sales") {
  struct row {
    const char* what;
    std::string body;
    bool sale;
    const char* says;  // part of the ignored answer's message
  };
  const row rows[] = {
      {"the first invoice", invoice_event_with({}), true, ""},
      {"the subscription on the invoice (API versions before 2025-03-31)",
       invoice_event_with({{"\"subscription\": null", "\"subscription\": \"sub_old_shape\""}, {subscription_parent, "\"parent\": null,"}}),
       true, ""},
      {"a $0 renewal (fully credited)",
       invoice_event_with({{"\"amount_paid\": 2000", "\"amount_paid\": 0"},
                           {"\"billing_reason\": \"subscription_create\"", "\"billing_reason\": \"subscription_cycle\""}}),
       false, "$0 invoice"},
      {"a renewal (the intake decides whether it is sent)",
       invoice_event_with({{"\"billing_reason\": \"subscription_create\"", "\"billing_reason\": \"subscription_cycle\""}}), true, ""},
      {"an upgrade's proration",
       invoice_event_with({{"\"billing_reason\": \"subscription_create\"", "\"billing_reason\": \"subscription_update\""}}), false,
       "upgrades"},
      {"a one-off invoice", invoice_event_with({{subscription_parent, "\"parent\": null,"}}), false, "no subscription"},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    const provider_reading reading = read_stripe_event(r.body);
    CHECK(reading.answer.status == 200);
    CHECK(reading.orders.size() == (r.sale ? 1u : 0u));
    if (!r.sale) {
      CHECK(reading.answer.code == "ignored");
      CHECK(reading.answer.message.find(r.says) != std::string::npos);
    }
  }
  // A discount on the invoice, and lines that do not add up to the subtotal: one line of it.
  const provider_reading discounted = read_stripe_event(invoice_event_with(
      {{"\"total_discount_amounts\": []", "\"total_discount_amounts\": [{\"amount\": 500, \"discount\": \"di_1\"}]"},
       {"\"subtotal\": 2000", "\"subtotal\": 2500"}}));
  REQUIRE(discounted.orders.size() == 1);
  CHECK(discounted.orders[0].discount == 5'000'000);
  REQUIRE(discounted.orders[0].items.size() == 1);
  CHECK(discounted.orders[0].items[0].sku == "ORDER");
  CHECK(order_net_total(discounted.orders[0]) == 20'000'000);
  // A trial's start (a session without a payment, or a $0 first invoice) is stored at the
  // subscription's trial key with the session's click, never as a sale; a renewal names that key.
  std::string trial = fixture("stripe/checkout.session.completed.subscription.json");
  trial = replaced(trial, "\"payment_status\": \"paid\"", "\"payment_status\": \"no_payment_required\"");
  for (const std::string& body : {trial, invoice_event_with({{"\"amount_paid\": 2000", "\"amount_paid\": 0"}})}) {
    const provider_reading trial_start = read_stripe_event(body);
    REQUIRE(trial_start.orders.size() == 1);
    const order_event& t = trial_start.orders[0];
    CHECK(t.trial);
    CHECK(t.order_key.rfind("stripe_trial:sub_", 0) == 0);
    CHECK(t.order_id == t.order_key.substr(std::string("stripe_trial:").size()));
    CHECK(order_net_total(t) == 0);
    CHECK(t.links == std::vector<std::string>{"stripe_subscription:" + t.order_id});
  }
  const order_event from_session = read_stripe_event(trial).orders.at(0);
  CHECK(from_session.order_id == "sub_1PgcAFB7WZ01zgkWnK3ZpD9a");
  CHECK(from_session.join_keys == std::vector<std::string>{"stripe_session:cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY"});
  const order_event cycle = read_stripe_event(invoice_event_with(
      {{"\"billing_reason\": \"subscription_create\"", "\"billing_reason\": \"subscription_cycle\""}})).orders.at(0);
  CHECK(cycle.renewal);
  CHECK(cycle.trial_key == "stripe_trial:sub_1PgcAFB7WZ01zgkWnK3ZpD9a");
  // A subscription session whose invoice is not named waits for the invoice's own event.
  std::string unnamed = fixture("stripe/checkout.session.completed.subscription.json");
  unnamed.replace(unnamed.find("\"in_1Pgc6tB7WZ01zgkWu9fdqL6I\""), 29, "null");
  const provider_reading waiting = read_stripe_event(unnamed);
  CHECK(waiting.orders.empty());
  CHECK(waiting.answer.message.find("invoice.paid") != std::string::npos);
}

TEST_CASE("Stripe Billing: a credit note after payment is a refund of its invoice's sale, named by the refund it paid out") {
  const std::string note = fixture("stripe/credit_note.created.json");
  const provider_reading r = read_stripe_event(note);
  REQUIRE(r.answer.code == "refunded");
  REQUIRE(r.orders.size() == 1);
  CHECK(r.orders[0].order_key == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(r.orders[0].status == order_status::refunded);
  CHECK(r.orders[0].refund_id == "re_3Pgc7AB7WZ01zgkW1cnRefnd");
  CHECK(r.orders[0].refund_amount == 20'000'000);
  CHECK(r.orders[0].currency == "USD");
  // The older shape names its refund in `refund`; a credit note without one (credit to the
  // customer's balance) is named by itself.
  const std::string older = replaced(note, "\"refunds\": [", "\"refund\": \"re_older_shape\", \"refunds_old\": [");
  CHECK(read_stripe_event(older).orders.at(0).refund_id == "re_older_shape");
  const std::string to_balance = replaced(note, "\"refund\": \"re_3Pgc7AB7WZ01zgkW1cnRefnd\"", "\"refund\": null");
  CHECK(read_stripe_event(to_balance).orders.at(0).refund_id == "cn_1Pgc75B7WZ01zgkWJMPt5riP");
  // Before tax: subtotal_excluding_tax, as the invoice's sale.
  const std::string taxed = replaced(note, "\"subtotal_excluding_tax\": 2000", "\"subtotal_excluding_tax\": 1680");
  CHECK(read_stripe_event(taxed).orders.at(0).refund_amount == 16'800'000);
  struct row {
    const char* what;
    std::string body;
    const char* says;
  };
  const row ignored[] = {
      {"before payment", replaced(note, "\"post_payment\"", "\"pre_payment\""), "before the invoice was paid"},
      {"void", replaced(note, "\"status\": \"issued\"", "\"status\": \"void\""), "not issued"},
      {"of nothing", replaced(note, "\"subtotal_excluding_tax\": 2000", "\"subtotal_excluding_tax\": 0"), "credits nothing"},
  };
  for (const auto& x : ignored) {
    INFO(x.what);
    const provider_reading i = read_stripe_event(x.body);
    CHECK(i.answer.code == "ignored");
    CHECK(i.orders.empty());
    CHECK(i.answer.message.find(x.says) != std::string::npos);
  }
}

TEST_CASE("Stripe Billing: the PaymentIntent that paid an invoice is another name of its sale, for the refunds that name it") {
  // API versions since 2025-03-31: invoice_payment.paid links them.
  const provider_reading linked = read_stripe_event(fixture("stripe/invoice_payment.paid.json"));
  REQUIRE(linked.orders.size() == 1);
  CHECK(linked.orders[0].order_key == "pi_3Pgc6uB7WZ01zgkW1subscr1");
  CHECK(linked.orders[0].alias_of == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(linked.orders[0].items.empty());
  CHECK(read_stripe_event(replaced(fixture("stripe/invoice_payment.paid.json"), "\"status\": \"paid\"", "\"status\": \"open\""))
            .orders.empty());
  // Before: the invoice names its payment_intent, and invoice.paid tells both, the other name first.
  const std::string invoice = fixture("stripe/invoice.paid.json");
  const std::string with_intent = replaced(invoice, "\"id\": \"in_1Pgc6tB7WZ01zgkWu9fdqL6I\",",
                                           "\"id\": \"in_1Pgc6tB7WZ01zgkWu9fdqL6I\", \"payment_intent\": \"pi_old_shape\",");
  const provider_reading both = read_stripe_event(with_intent);
  REQUIRE(both.orders.size() == 2);
  CHECK(both.orders[0].alias_of == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(both.orders[0].order_key == "pi_old_shape");
  CHECK(both.orders[1].order_id == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(both.orders[1].alias_of.empty());
  CHECK(read_stripe_event(invoice).orders.size() == 1);
}
