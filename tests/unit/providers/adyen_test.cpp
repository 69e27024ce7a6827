#include <catch2/catch.hpp>

#include <vector>

#include "attribution/attribution_token.h"
#include "attribution/reference_token.h"
#include "intake/provider_intake.h"
#include "providers/adyen/adyen_notification.h"
#include "support/provider_fixtures.h"

using namespace edgepost;
using namespace edgepost::testing;

namespace {

// Adyen's documented test key shape: 64 hex digits (the HMAC key of a webhook in the Customer Area).
const std::string hex_key = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

std::string key_bytes() {
  std::string out;
  for (size_t i = 0; i < hex_key.size(); i += 2) out += static_cast<char>(std::stoi(hex_key.substr(i, 2), nullptr, 16));
  return out;
}

// Adyen's scheme (docs.adyen.com, "Verify HMAC signatures"), the eight fields joined by ':'.
std::string adyen_signature(const std::vector<std::string>& fields) {
  std::string text;
  for (size_t i = 0; i < fields.size(); ++i) text += (i ? ":" : "") + fields[i];
  return openssl_base64(openssl_hmac_sha256(key_bytes(), text));
}

// The fixtures as Adyen would sign them with hex_key (their own signatures were made with another key).
std::string authorisation() {
  const std::string sig = adyen_signature(
      {"123456789", "", "MagentoMerchantTest2", "8313842560770001", "10100", "EUR", "AUTHORISATION", "true"});
  return replaced(fixture("adyen/AUTHORISATION.true.json"), "OzDjCMZIsdtDqrZ+cl\\/FWC+WdESrorctXTzAzW33dXI=", sig);
}

std::string refund() {
  const std::string sig = adyen_signature({"PSP_REFERENCE", "ORIGINAL_PSP", "MagentoMerchantTest2",
                                           "payment-2017-1-17-11-refund", "1500", "EUR", "REFUND", "true"});
  return replaced(fixture("adyen/REFUND.true.json"), "KJFhURWP8Pv9m8k+7NGHNJAupBj6X6J\\/VWAikFxeWhA=", sig);
}

// One item of Adyen's standard notification, signed with hex_key.
std::string item(const std::string& psp, const std::string& original, const std::string& reference, int64_t value,
                 const std::string& code, const std::string& success, const std::string& more_data = "") {
  const std::string sig =
      adyen_signature({psp, original, "ShopAccount", reference, std::to_string(value), "EUR", code, success});
  return R"({"NotificationRequestItem":{"additionalData":{"hmacSignature":")" + sig + "\"" + more_data +
         R"(},"amount":{"currency":"EUR","value":)" + std::to_string(value) + R"(},"eventCode":")" + code +
         R"(","eventDate":"2026-12-06T10:00:00+01:00","merchantAccountCode":"ShopAccount","merchantReference":")" +
         reference + R"(","originalReference":")" + original + R"(","pspReference":")" + psp +
         R"(","success":")" + success + R"("}})";
}

std::string batch(const std::vector<std::string>& items) {
  std::string out = R"({"live":"false","notificationItems":[)";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]}";
}

config adyen_settings() {
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.set("ADYEN_HMAC_KEY", hex_key);
  return c;
}

}  // namespace

TEST_CASE("Adyen signatures: every item's HMAC over its eight fields with the hex-decoded key") {
  CHECK(verify_adyen_notification(authorisation(), hex_key) == error_code::success);
  CHECK(verify_adyen_notification(refund(), hex_key) == error_code::success);
  // The library's own sample signature was made with another key.
  CHECK(verify_adyen_notification(fixture("adyen/AUTHORISATION.true.json"), hex_key) == error_code::bad_signature);
  // One changed field (the amount) breaks it.
  CHECK(verify_adyen_notification(replaced(authorisation(), "10100", "10200"), hex_key) == error_code::bad_signature);
  // Each item is checked: one good and one forged item store nothing.
  const std::string good = item("8815000000000001", "", "order-20261206-0001", 4200, "AUTHORISATION", "true");
  std::string forged = item("8815000000000002", "", "order-20261206-0002", 4200, "AUTHORISATION", "true");
  forged = replaced(forged, R"("value":4200)", R"("value":1)");
  CHECK(verify_adyen_notification(batch({good}), hex_key) == error_code::success);
  CHECK(verify_adyen_notification(batch({good, forged}), hex_key) == error_code::bad_signature);
  CHECK(verify_adyen_notification(R"({"live":"false","notificationItems":[{"NotificationRequestItem":{"pspReference":"1"}}]})",
                                  hex_key) == error_code::missing_signature);
  CHECK(verify_adyen_notification(authorisation(), "not hex") == error_code::bad_signature);
}

TEST_CASE("a successful Adyen AUTHORISATION is a sale at its pspReference, sent as the merchant's reference") {
  const provider_reading r = read_adyen_notification(authorisation());
  REQUIRE(r.answer.code == "paid");
  REQUIRE(r.orders.size() == 1);
  const order_event& o = r.orders[0];
  CHECK(o.order_id == "8313842560770001");
  CHECK(o.order_key == "adyen:123456789");
  CHECK(o.currency == "EUR");
  CHECK(o.created_at == 1484840523);  // 2017-01-19T16:42:03+01:00
  REQUIRE(o.items.size() == 1);
  CHECK(o.items[0].unit_price == 101'000'000);
  // A merchant's reference that cannot be an `ord` (over 40 characters) gives way to the pspReference.
  const std::string long_reference(41, 'R');
  const provider_reading l =
      read_adyen_notification(batch({item("8815000000000003", "", long_reference, 4200, "AUTHORISATION", "true")}));
  REQUIRE(l.orders.size() == 1);
  CHECK(l.orders[0].order_id == "8815000000000003");
}

TEST_CASE("Adyen metadata: the click in pieces of 80 characters, the amount before tax when the merchant names it") {
  const config c = adyen_settings();
  click k;
  k.site_id = "lw9MynSeamY-QmUyoRlZ2dbI1yUC0tNojQ";
  k.landed_at = 1795500000;
  k.mid = "12345";
  const std::string reference = reference_from_attribution_token(sign_attribution_token(k, c.cookie_secret));
  REQUIRE(reference.size() > 80);
  std::string pieces;
  for (size_t at = 0, n = 1; at < reference.size(); at += 80, ++n)
    pieces += R"(,"metadata.edgepost_)" + std::to_string(n) + R"(":")" + reference.substr(at, 80) + "\"";
  const provider_reading r = read_adyen_notification(batch({item(
      "8815000000000004", "", "order-20261206-0004", 11900, "AUTHORISATION", "true",
      pieces + R"(,"metadata.edgepost_subtotal":"10000")")}));
  REQUIRE(r.orders.size() == 1);
  CHECK(r.orders[0].attribution == attribution_token_from_reference(reference));
  REQUIRE(r.orders[0].items.size() == 1);
  CHECK(r.orders[0].items[0].unit_price == 100'000'000);
  const provider_reading bad = read_adyen_notification(batch({item(
      "8815000000000005", "", "order-20261206-0005", 11900, "AUTHORISATION", "true", R"(,"metadata.edgepost_subtotal":"99.5")")}));
  CHECK(bad.answer.status == 400);
}

TEST_CASE("Adyen REFUND and CANCELLATION reach the payment by originalReference, and what is not a success changes nothing") {
  const provider_reading r = read_adyen_notification(refund());
  REQUIRE(r.answer.code == "refunded");
  REQUIRE(r.orders.size() == 1);
  CHECK(r.orders[0].order_key == "adyen:ORIGINAL_PSP");
  CHECK(r.orders[0].refund_id == "PSP_REFERENCE");
  CHECK(r.orders[0].refund_amount == 15'000'000);
  const provider_reading cancelled =
      read_adyen_notification(batch({item("8815000000000006", "8815000000000001", "", 4200, "CANCELLATION", "true")}));
  REQUIRE(cancelled.orders.size() == 1);
  CHECK(cancelled.orders[0].status == order_status::cancelled);
  CHECK(cancelled.orders[0].order_key == "adyen:8815000000000001");
  struct row {
    std::string code, success;
    int64_t value;
  };
  for (const row& x : std::vector<row>{{"AUTHORISATION", "false", 4200}, {"REFUND", "false", 100},
                                       {"CAPTURE", "true", 4200}, {"AUTHORISATION", "true", 0}, {"REPORT_AVAILABLE", "true", 0}}) {
    INFO(x.code << " " << x.success << " " << x.value);
    const provider_reading ignored =
        read_adyen_notification(batch({item("8815000000000007", "8815000000000001", "ref", x.value, x.code, x.success)}));
    CHECK(ignored.answer.code == "ignored");
    CHECK(ignored.orders.empty());
  }
  CHECK(read_adyen_notification(batch({item("8815000000000008", "", "ref", 100, "REFUND", "true")})).answer.status == 400);
}

TEST_CASE("Adyen intake: answered [accepted] once stored or ignored, 401 and nothing stored for a forged item") {
  const config c = adyen_settings();
  const intake_outcome stored = accept_provider_webhook(c, "adyen", {}, authorisation(), 1795514520);
  CHECK(stored.answer.status == 202);
  CHECK(stored.arrivals.size() == 1);
  CHECK(stored.accepted_body == "[accepted]");
  const intake_outcome ignored = accept_provider_webhook(
      c, "adyen", {}, batch({item("8815000000000009", "", "ref", 4200, "AUTHORISATION", "false")}), 1795514520);
  CHECK(ignored.answer.status == 200);
  CHECK(ignored.arrivals.empty());
  CHECK(ignored.accepted_body == "[accepted]");
  const intake_outcome forged =
      accept_provider_webhook(c, "adyen", {}, replaced(authorisation(), "10100", "1"), 1795514520);
  CHECK(forged.answer.status == 401);
  CHECK(forged.arrivals.empty());
  CHECK(forged.accepted_body.empty());
}
