#include <catch2/catch.hpp>

#include "attribution/attribution_token.h"
#include "attribution/reference_token.h"
#include "intake/provider_intake.h"
#include "model/arrival_codec.h"
#include "providers/square/square_event.h"
#include "support/provider_fixtures.h"

using namespace edgepost;
using namespace edgepost::testing;

namespace {

const std::string signature_key = "sq0wss-example-signature-key";
const std::string notification_url = "https://shop.example/_edgepost/webhooks/square";

// Square's scheme (developer.squareup.com, "Validate notifications"): base64 HMAC-SHA256 of the
// notification URL followed by the body.
std::string square_signature(const std::string& body, const std::string& url = notification_url,
                             const std::string& key = signature_key) {
  return openssl_base64(openssl_hmac_sha256(key, url + body));
}

config square_settings() {
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.set("SQUARE_SIGNATURE_KEY", signature_key);
  return c;
}

std::string reference_for(const config& c) {
  click k;
  k.site_id = "lw9MynSeamY-QmUyoRlZ2dbI1yUC0tNojQ";
  k.landed_at = 1795500000;
  k.mid = "12345";
  return reference_from_attribution_token(sign_attribution_token(k, c.cookie_secret));
}

}  // namespace

TEST_CASE("Square signatures: base64 HMAC of the notification URL and the body") {
  const std::string body = fixture("square/payment.updated.json");
  const std::string good = square_signature(body);
  CHECK(verify_square_signature(good, notification_url, body, signature_key) == error_code::success);
  CHECK(verify_square_signature(good, "https://other.example/_edgepost/webhooks/square", body, signature_key) ==
        error_code::bad_signature);
  CHECK(verify_square_signature(good, notification_url, body + " ", signature_key) == error_code::bad_signature);
  CHECK(verify_square_signature(square_signature(body, notification_url, "another-key"), notification_url, body,
                                signature_key) == error_code::bad_signature);
  CHECK(verify_square_signature("", notification_url, body, signature_key) == error_code::missing_signature);
}

TEST_CASE("a COMPLETED Square payment is a sale of its Square order, one line of its amount until the order is read") {
  const provider_reading r = read_square_event(fixture("square/payment.updated.json"));
  REQUIRE(r.answer.code == "paid");
  REQUIRE(r.orders.size() == 2);
  // The payment, which its refunds name, as another name of the sale.
  CHECK(r.orders[0].order_key == "hYy9pRFVxpDsO1FB05SunFWUe9JZY");
  CHECK(r.orders[0].alias_of == "03O3USaPaAaFnI6kkwB1JxGgBsUZY");
  const order_event& o = r.orders[1];
  CHECK(o.order_id == "03O3USaPaAaFnI6kkwB1JxGgBsUZY");
  CHECK(o.order_key == "03O3USaPaAaFnI6kkwB1JxGgBsUZY");
  CHECK(o.status == order_status::paid);
  CHECK(o.currency == "USD");
  CHECK(o.created_at == 1606079811);  // 2020-11-22T21:16:51.086Z
  REQUIRE(o.items.size() == 1);
  CHECK(o.items[0].unit_price == 1'000'000);  // amount_money 100 cents
  CHECK(r.items_source == "03O3USaPaAaFnI6kkwB1JxGgBsUZY");
  CHECK(o.attribution.empty());
}

TEST_CASE("a Square payment that is not COMPLETED, or of 0, or without an order or amount, is no sale") {
  const std::string body = fixture("square/payment.updated.json");
  const std::string approved = replaced(body, R"("status": "COMPLETED")", R"("status": "APPROVED")");
  CHECK(read_square_event(approved).answer.code == "ignored");
  CHECK(read_square_event(approved).orders.empty());
  const std::string zero = replaced(body, "\"amount_money\": {\n          \"amount\": 100", "\"amount_money\": {\n          \"amount\": 0");
  CHECK(read_square_event(zero).answer.code == "ignored");
  const std::string no_amount = replaced(body, "\"amount_money\"", "\"other_money\"");
  CHECK(read_square_event(no_amount).answer.status == 400);
  CHECK(read_square_event("[]").answer.status == 400);
  CHECK(read_square_event(R"({"type":"customer.created","data":{"object":{}}})").answer.code == "ignored");
}

TEST_CASE("the click in a Square payment's note: the cookie's value or its reference form among the note's words") {
  const config c = square_settings();
  const std::string reference = reference_for(c);
  const std::string body = fixture("square/payment.updated.json");
  const auto with_note = [&](const std::string& note) {
    return replaced(body, R"("status": "COMPLETED")", R"("status": "COMPLETED", "note": ")" + note + "\"");
  };
  const provider_reading r = read_square_event(with_note("Order 1042, ref " + reference + "."));
  REQUIRE(r.orders.size() == 2);
  CHECK_FALSE(r.orders[1].attribution.empty());
  CHECK(r.orders[1].attribution == attribution_token_from_reference(reference));
  const std::string cookie = attribution_token_from_reference(reference);
  CHECK(read_square_event(with_note("edgepost " + cookie + ".")).orders.back().attribution == cookie);
  CHECK(read_square_event(with_note("gift wrap please. v3.x")).orders.back().attribution.empty());
  CHECK(read_square_event(with_note("ep1_notareference_x")).orders.back().attribution.empty());
}

TEST_CASE("Square refunds: a COMPLETED refund is a refund of its payment's order, a PENDING one waits") {
  const provider_reading r = read_square_event(fixture("square/refund.updated.json"));
  REQUIRE(r.answer.code == "refunded");
  REQUIRE(r.orders.size() == 1);
  CHECK(r.orders[0].order_key == "KkAkhdMsgzn59SM8A89WgKwekxLZY");  // its payment
  CHECK(r.orders[0].status == order_status::refunded);
  CHECK(r.orders[0].refund_id == "KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHYxt5gAdfcobBe4u1AZsXhoz06KTtuq9Ls24P");
  CHECK(r.orders[0].refund_amount == 10'000'000);
  const provider_reading pending = read_square_event(fixture("square/refund.created.json"));
  CHECK(pending.answer.code == "ignored");
  CHECK(pending.orders.empty());
}

TEST_CASE("Square intake: the order's lines read from Square's API with SQUARE_ACCESS_TOKEN, before tax, after discounts") {
  config c = square_settings();
  const std::string body = fixture("square/payment.updated.json");
  const provider_headers unsigned_headers{"", "", notification_url};
  CHECK(accept_provider_webhook(c, "square", unsigned_headers, body, 1795514520).answer.status == 401);
  const std::string signature = square_signature(body);
  // Without the token the payment's amount goes out as one line: nothing to read.
  const intake_outcome without = accept_provider_webhook(c, "square", {signature, "", notification_url}, body, 1795514520);
  REQUIRE(without.answer.status == 202);
  REQUIRE(without.arrivals.size() == 2);  // the payment's other name, then the sale
  order_arrival plain;
  REQUIRE(read_arrival(without.arrivals[1].arrival_json).get(plain) == error_code::success);
  CHECK_FALSE(plain.items);

  c.set("SQUARE_ACCESS_TOKEN", "EAAAexample");
  c.set("SQUARE_API_BASE", "http://127.0.0.1:9/");
  const intake_outcome with = accept_provider_webhook(c, "square", {signature, "", notification_url}, body, 1795514520);
  REQUIRE(with.arrivals.size() == 2);
  order_arrival arrival;
  REQUIRE(read_arrival(with.arrivals[1].arrival_json).get(arrival) == error_code::success);
  REQUIRE(arrival.items);
  CHECK(arrival.items->provider == "square");
  CHECK(arrival.items->url == "http://127.0.0.1:9/v2/orders/03O3USaPaAaFnI6kkwB1JxGgBsUZY");
  CHECK(items_authorization(c, *arrival.items) == "Bearer EAAAexample");

  // Square's own example order: Item 1, gross 5.00 less 2.50; Item 2, two at 3.00 less 3.00.
  const items_page page = read_items_page(c, *arrival.items, "USD", 200, fixture("square/retrieve_order.json"));
  REQUIRE(page.outcome == items_page_outcome::complete);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].name == "Item 1");
  CHECK(page.items[0].sku == "ULkg0tQTRK2bkU9fNv3IJD");
  CHECK(page.items[0].quantity == 1);
  CHECK(page.items[0].unit_price == 2'500'000);
  CHECK(page.items[1].quantity == 2);
  CHECK(page.items[1].unit_price == 1'500'000);
  // Lines in another currency, or an answer that is no order, are not taken: the stand-in stays.
  CHECK(read_items_page(c, *arrival.items, "EUR", 200, fixture("square/retrieve_order.json")).outcome ==
        items_page_outcome::give_up);
  CHECK(read_items_page(c, *arrival.items, "USD", 200, R"({"errors":[]})").outcome == items_page_outcome::give_up);
  CHECK(read_items_page(c, *arrival.items, "USD", 503, "").outcome == items_page_outcome::retry);
}
