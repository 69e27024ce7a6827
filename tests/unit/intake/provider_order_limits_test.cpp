#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <sstream>
#include <string>

#include "model/arrival_codec.h"
#include "model/order_shard.h"
#include "config/config.h"
#include "intake/order_intake.h"
#include "intake/provider_intake.h"
#include "intake/provider_order_limits.h"

using namespace edgepost;

namespace {

order_event paid_order(size_t lines = 1) {
  order_event o;
  o.order_id = "1001";
  o.order_key = "shopify:450789469";
  o.currency = "usd";
  o.created_at = 1795514520;
  for (size_t i = 0; i < lines; ++i) o.items.push_back({"SKU-" + std::to_string(i), "Item", 2, 1'500'000});
  return o;
}

micros total(const order_event& o) {
  micros sum = 0;
  for (const auto& i : o.items) sum += i.unit_price * i.quantity;
  return sum;
}

}  // namespace

// Found by an outside fuzzing run: provider orders the orders API would refuse were read,
// then refused by the order's record (a 500 the provider retried for days before giving up).
TEST_CASE("a provider's order is fitted once, at intake, or refused with a sentence") {
  struct row {
    const char* name;
    void (*change)(order_event&);
    int status;  // 200: fitted and stored
  };
  const row rows[] = {
      {"an ordinary order", [](order_event&) {}, 200},
      {"a lower-case currency", [](order_event& o) { o.currency = "eur"; }, 200},
      {"a currency that is no code", [](order_event& o) { o.currency = "US$"; }, 400},
      {"an order number with a space", [](order_event& o) { o.order_id = "10 01"; }, 400},
      {"an order number over 40 characters", [](order_event& o) { o.order_id = std::string(41, '7'); }, 400},
      {"a blank order number on a sale", [](order_event& o) { o.order_id.clear(); }, 400},
      {"a refund named by its order's key alone",
       [](order_event& o) { o.order_id.clear(); o.status = order_status::refunded; o.refund_id = "R-1"; }, 200},
      {"a refund id over 128 characters",
       [](order_event& o) { o.status = order_status::refunded; o.refund_id = std::string(129, 'r'); }, 400},
      {"a refund without its id", [](order_event& o) { o.status = order_status::refunded; }, 400},
      {"a quantity over 1000000", [](order_event& o) { o.items[0].quantity = 1'000'001; }, 400},
      {"a negative unit price", [](order_event& o) { o.items[0].unit_price = -1; }, 400},
      {"a line of quantity 0 beside a real one",
       [](order_event& o) { o.items.push_back({"FREE", "Nothing", 0, 0}); }, 200},
      {"only lines of quantity 0", [](order_event& o) { o.items[0].quantity = 0; }, 400},
      {"a name and SKU over 512 bytes",
       [](order_event& o) { o.items[0].name = std::string(600, 'n'); o.items[0].sku = std::string(513, 's'); }, 200},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    order_event o = paid_order();
    r.change(o);
    const reply answer = fit_provider_order(o);
    CHECK((answer.is_refusal() ? answer.status : 200) == r.status);
    if (answer.is_refusal()) CHECK_FALSE(answer.message.empty());
    else CHECK(o.currency.size() == 3);
  }
}

TEST_CASE("fitting cuts long texts at a character boundary and upper-cases the currency") {
  order_event o = paid_order();
  o.items[0].name = std::string(511, 'n') + "\xC3\xA9" + "tail";  // é straddles byte 512
  o.items[0].sku = std::string(700, 's');
  REQUIRE_FALSE(fit_provider_order(o).is_refusal());
  CHECK(o.currency == "USD");
  CHECK(o.items[0].name == std::string(511, 'n'));
  CHECK(o.items[0].sku.size() == 512);
}

TEST_CASE("more than 1000 lines: the rest merge into one, and the total stays exact") {
  order_event o = paid_order(1001);
  o.items[1000].unit_price = 333'333;  // a sub-cent price in the merged tail
  const micros before = total(o);
  REQUIRE_FALSE(fit_provider_order(o).is_refusal());
  REQUIRE(o.items.size() == 1000);
  CHECK(o.items[999].sku == "OTHER");
  CHECK(o.items[999].quantity == 1);
  CHECK(o.items[999].unit_price == 2 * 1'500'000 + 2 * 333'333);
  CHECK(total(o) == before);
}

TEST_CASE("a Shopify order with a 600-character line name is stored, its name cut to 512") {
  std::ifstream in(std::string(EDGEPOST_FIXTURES) + "/shopify/orders-paid.json");
  std::stringstream s;
  s << in.rdbuf();
  std::string body = s.str();
  const std::string title = "\"name\": \"IPod Touch 8GB - Black\"";
  const size_t at = body.find(title);
  REQUIRE(at != std::string::npos);
  body.replace(at, title.size(), "\"name\": \"" + std::string(600, 'N') + "\"");
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.set("SHOPIFY_WEBHOOK_SECRET", "shpss_secret");
  unsigned char mac[32];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), "shpss_secret", 12, reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac,
       &mac_length);
  unsigned char signature[64];
  EVP_EncodeBlock(signature, mac, static_cast<int>(mac_length));
  const intake_outcome o = accept_provider_webhook(
      c, "shopify", {reinterpret_cast<const char*>(signature), "orders/paid"}, body, 1795514520);
  REQUIRE(o.answer.status == 202);
  REQUIRE(o.arrivals.size() == 1);
  order_arrival stored;
  REQUIRE(read_arrival(o.arrivals[0].arrival_json).get(stored) == error_code::success);
  CHECK(stored.order.items[0].name == std::string(512, 'N'));
}

namespace {

// A Stripe-Signature header for `body`, made with OpenSSL's HMAC (Stripe's scheme: v1 = hex
// HMAC-SHA256 of "<t>.<body>" keyed with the endpoint secret).
std::string stripe_signature(const std::string& body, const std::string& secret, unix_seconds t) {
  const std::string payload = std::to_string(t) + "." + body;
  unsigned char mac[32];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(payload.data()),
       payload.size(), mac, &mac_length);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "t=" + std::to_string(t) + ",v1=";
  for (unsigned int i = 0; i < mac_length; ++i) out += {hex[mac[i] >> 4], hex[mac[i] & 15]};
  return out;
}

}  // namespace

TEST_CASE("a subscription's renewal is stored as a sale with RECURRING_SALES=all, and asked at its trial's record with first") {
  std::ifstream in(std::string(EDGEPOST_FIXTURES) + "/stripe/invoice.paid.json");
  std::stringstream s;
  s << in.rdbuf();
  std::string body = s.str();
  const std::string first = "\"billing_reason\": \"subscription_create\"";
  body.replace(body.find(first), first.size(), "\"billing_reason\": \"subscription_cycle\"");
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.set("STRIPE_WEBHOOK_SECRET", "whsec_test");
  const unix_seconds now = 1795514520;
  const std::string signature = stripe_signature(body, "whsec_test", now);

  // With `first` only the trial's record knows whether this is the trial's first payment (the
  // machine's tests decide each case); a renewal of a provider without trials is answered here.
  const intake_outcome by_default = accept_provider_webhook(c, "stripe", {signature, ""}, body, now);
  REQUIRE(by_default.arrivals.size() == 1);
  CHECK(by_default.arrivals[0].order_key == "stripe_trial:sub_1PgcAFB7WZ01zgkWnK3ZpD9a");
  CHECK(by_default.arrivals[0].shard == order_shard_for("stripe_trial:sub_1PgcAFB7WZ01zgkWnK3ZpD9a"));
  order_arrival asked;
  REQUIRE(read_arrival(by_default.arrivals[0].arrival_json).get(asked) == error_code::success);
  CHECK(asked.order.pays_trial);
  CHECK(asked.order.order_id == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");

  c.recurring_sales_all = true;
  const intake_outcome all = accept_provider_webhook(c, "stripe", {signature, ""}, body, now);
  CHECK(all.answer.status == 202);
  REQUIRE(all.arrivals.size() == 1);
  order_arrival stored;
  REQUIRE(read_arrival(all.arrivals[0].arrival_json).get(stored) == error_code::success);
  CHECK(stored.order.renewal);
  CHECK(stored.order.order_id == "in_1Pgc6tB7WZ01zgkWu9fdqL6I");
  CHECK(stored.order.join_keys == std::vector<std::string>{"stripe_subscription:sub_1PgcAFB7WZ01zgkWnK3ZpD9a"});
  CHECK(stored.order.links.empty());
}
