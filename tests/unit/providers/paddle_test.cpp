#include <catch2/catch.hpp>

#include "support/provider_fixtures.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <sstream>
#include <string>

#include "providers/paddle/paddle_event.h"
#include "providers/provider_table.h"

using namespace edgepost;
using namespace edgepost::testing;

namespace {

// Paddle's scheme, computed with OpenSSL: h1 = hex HMAC-SHA256 of "<ts>:<body>" (developer.paddle.com,
// "Verify webhook signatures").
std::string h1(const std::string& secret, int64_t ts, const std::string& body) {
  const std::string payload = std::to_string(ts) + ":" + body;
  unsigned char mac[32];
  unsigned int n = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(payload.data()),
       payload.size(), mac, &n);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) out += {hex[mac[i] >> 4], hex[mac[i] & 15]};
  return out;
}

constexpr int64_t now = 1795514520;
const std::string secret = "pdl_ntfset_01hv7example_secretkey";

}  // namespace

TEST_CASE("Paddle signatures: ts and h1 over ts:body, any matching h1, within the tolerance") {
  const std::string body = fixture("paddle/transaction.completed.json");
  const std::string good = h1(secret, now, body);
  const auto verify = [&](const std::string& header, int64_t at = now, const std::string& b = "") {
    return verify_paddle_signature(header, b.empty() ? body : b, secret, at, 300);
  };
  CHECK(verify("ts=" + std::to_string(now) + ";h1=" + good) == error_code::success);
  CHECK(verify("ts=" + std::to_string(now) + ";h1=00ff;h1=" + good) == error_code::success);  // a secret's rotation
  CHECK(verify("ts=" + std::to_string(now) + ";h1=" + good, now + 301) == error_code::stale_timestamp);
  CHECK(verify("ts=" + std::to_string(now) + ";h1=" + good, now, body + " ") == error_code::bad_signature);
  CHECK(verify("ts=" + std::to_string(now + 1) + ";h1=" + good) == error_code::bad_signature);
  CHECK(verify("ts=" + std::to_string(now) + ";h1=" + h1("another_secret", now, body)) == error_code::bad_signature);
  CHECK(verify("ts=12x;h1=" + good) == error_code::bad_signature);
  CHECK(verify("h1=" + good) == error_code::bad_signature);
  CHECK(verify("") == error_code::missing_signature);
}

TEST_CASE("Paddle: transaction.completed is a paid order on its transaction id, its lines before tax") {
  const provider_reading r = read_paddle_event(fixture("paddle/transaction.completed.json"));
  REQUIRE(r.answer.status == 200);
  REQUIRE(r.orders.size() == 1);
  const order_event& o = r.orders[0];
  CHECK(o.order_id == "txn_01h8dzxgkvdwemdhbpcapj2tbj");
  CHECK(o.order_key == o.order_id);
  CHECK(o.status == order_status::paid);
  CHECK(o.currency == "USD");
  REQUIRE(o.items.size() == 3);
  CHECK(o.items[0].sku == "pro_01gsz4t5hdjse780zja8vvr7jg");
  CHECK(o.items[0].name == "ChatApp Pro");
  CHECK(o.items[0].quantity == 10);
  CHECK(o.items[0].unit_price == 30'000'000);
  CHECK(order_net_total(o) == 599'000'000);  // the subtotal, before tax (the total is 652.15)
  CHECK(o.attribution.empty());  // custom_data is null in Paddle's sample
  CHECK_FALSE(o.renewal);
  CHECK(o.links.empty());  // not a subscription's
}

TEST_CASE("Paddle: the click in custom_data, a subscription's first sale, its renewals and its trial") {
  const std::string sample = fixture("paddle/transaction.completed.json");
  const std::string with_click = replaced(sample, "\"custom_data\": null,\n    \"customer_id\"",
                                          "\"custom_data\": {\"edgepost_attribution\": \"v1.abc.def\"},\n    \"customer_id\"");
  CHECK(read_paddle_event(with_click).orders[0].attribution == "v1.abc.def");
  const std::string subscription = replaced(sample, "\"subscription_id\": null", "\"subscription_id\": \"sub_01h8bxswamxysj44zt5n48njwh\"");
  const order_event first = read_paddle_event(subscription).orders[0];
  CHECK(first.links == std::vector<std::string>{"paddle_subscription:sub_01h8bxswamxysj44zt5n48njwh"});
  CHECK_FALSE(first.renewal);
  const order_event renewal =
      read_paddle_event(replaced(subscription, "\"origin\": \"web\"", "\"origin\": \"subscription_recurring\"")).orders[0];
  CHECK(renewal.renewal);
  CHECK(renewal.join_keys == first.links);
  CHECK(renewal.trial_key == "paddle_trial:sub_01h8bxswamxysj44zt5n48njwh");
  // A subscription's $0 transaction starts its trial: stored with the click at the trial key, never a sale.
  const provider_reading trial = read_paddle_event(replaced(
      replaced(with_click, "\"subscription_id\": null", "\"subscription_id\": \"sub_01h8bxswamxysj44zt5n48njwh\""),
      "\"subtotal\": \"59900\"", "\"subtotal\": \"0\""));
  REQUIRE(trial.orders.size() == 1);
  CHECK(trial.orders[0].trial);
  CHECK(trial.orders[0].order_key == "paddle_trial:sub_01h8bxswamxysj44zt5n48njwh");
  CHECK(trial.orders[0].attribution == "v1.abc.def");
  CHECK(trial.orders[0].links == first.links);
  // A $0 transaction of no subscription is no sale.
  const provider_reading free = read_paddle_event(replaced(sample, "\"subtotal\": \"59900\"", "\"subtotal\": \"0\""));
  CHECK(free.orders.empty());
  CHECK(free.answer.code == "ignored");
}

TEST_CASE("Paddle: an approved refund adjustment is a refund of its transaction, before tax, and the others wait or are ignored") {
  const provider_reading approved = read_paddle_event(fixture("paddle/adjustment.updated.json"));
  REQUIRE(approved.orders.size() == 1);
  const order_event& o = approved.orders[0];
  CHECK(o.order_id == "txn_01h8bxpvx398a7zbawb77y0kp5");
  CHECK(o.status == order_status::refunded);
  CHECK(o.refund_id == "adj_01h8c6tbrkpdd7vx61w7b1r0ap");
  CHECK(o.refund_amount == 920'000);  // subtotal 92: the refund's 1.00 less its tax
  const provider_reading pending = read_paddle_event(fixture("paddle/adjustment.created.json"));
  CHECK(pending.orders.empty());
  CHECK(pending.answer.message.find("not approved") != std::string::npos);
  const provider_reading credit =
      read_paddle_event(replaced(fixture("paddle/adjustment.updated.json"), "\"action\": \"refund\"", "\"action\": \"credit\""));
  CHECK(credit.orders.empty());
  CHECK(read_paddle_event(R"({"event_type": "subscription.created", "data": {}})").answer.code == "ignored");
  CHECK(read_paddle_event("{").answer.status == 400);
  CHECK(read_paddle_event(R"({"event_type": "transaction.completed", "data": {"id": "txn_1"}})").answer.status == 400);
}

TEST_CASE("Paddle is one entry of the provider table, switched on by its secret") {
  const provider* p = find_provider("paddle");
  REQUIRE(p != nullptr);
  config c;
  CHECK_FALSE(is_enabled(*p, c));
  c.set("PADDLE_WEBHOOK_SECRET", secret);
  CHECK(is_enabled(*p, c));
  CHECK(webhook_secret(*p, c) == secret);
  CHECK(p->signature_header == "paddle-signature");
}
