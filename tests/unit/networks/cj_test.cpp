// CJ's Tracking API requests and verdicts (CJ's developer docs, "Advertiser API Tracking"; the
// schema CJ's endpoint publishes: createOrders, restateOrders, cancelOrders).
#include <catch2/catch.hpp>

#include "networks/cj/cj_request.h"

using namespace edgepost;

namespace {

config cj_settings() {
  config c;
  c.rakuten_mid = "12345";
  c.set("CJ_ENTERPRISE_ID", "1234567");
  c.set("CJ_ACTION_TRACKER_ID", "987654");
  c.set("CJ_API_TOKEN", "cj-token-secret");
  return c;
}

conversion sale() {
  conversion c;
  c.order_id = "C-1001";
  c.attributed_click = click{"f5c7245cacf421yf81435f7f0b82c836", 1795510000, "", ""};
  c.attributed_click.network = "cj";
  c.date = 1795514520;
  c.currency = "USD";
  c.items = {{"SKU-1", "Blue T-shirt", 2, 19'990'000}, {"SKU-2", "Mug", 1, 7'500'000}};
  c.discount = 5'000'000;
  return c;
}

conversion reversal(bool reverses_all, bool cancellation, micros refunded) {
  conversion c = sale();
  c.kind = conversion_kind::reversal;
  c.date = 1795600000;
  c.items = {{"REFUND", "Refund re_1", 1, refunded}};
  c.discount = 0;
  c.cancellation = cancellation;
  c.reverses_all = reverses_all;
  c.sale_items = sale().items;
  c.restated_discount = 5'000'000 + refunded;
  c.remaining = 42'480'000 - refunded;
  return c;
}

constexpr std::string_view answered = "{ orders { orderId submissionId } errors { message fields } }";

}  // namespace

TEST_CASE("CJ: a sale is createOrders posted to /graphql, the order in variables, amounts as decimal text") {
  network_request r;
  REQUIRE(build_cj_request(cj_settings(), sale()).get(r) == error_code::success);
  CHECK(r.method == "POST");
  CHECK(r.url == "https://tracking.api.cj.com/graphql");
  CHECK(r.content_type == "application/json");
  CHECK(r.body == std::string(R"({"query":"mutation($orders: [OrderCreateRequest!]!) { createOrders(newOrders: $orders) )") +
                      std::string(answered) +
                      R"( }","variables":{"orders":[{"enterpriseId":"1234567","actionTrackerId":987654,"orderId":"C-1001",)"
                      R"("eventTime":"2026-11-24T10:02:00Z","cjEvent":"f5c7245cacf421yf81435f7f0b82c836","amount":"42.48",)"
                      R"("discount":"5.00","currency":"USD","items":[{"sku":"SKU-1","unitPrice":"19.99","quantity":2},)"
                      R"({"sku":"SKU-2","unitPrice":"7.50","quantity":1}]}]}})");
  header_list headers;
  cj_auth_headers(cj_settings(), headers);
  REQUIRE(headers.size() == 2);
  CHECK(headers[0] == std::pair<std::string, std::string>{"authorization", "Bearer cj-token-secret"});
  CHECK(r.body.find("cj-token-secret") == std::string::npos);  // the token is never stored
}

TEST_CASE("CJ: a partial refund restates the whole order: its lines, the discount grown by the refund, what remains") {
  network_request r;
  REQUIRE(build_cj_request(cj_settings(), reversal(false, false, 10'000'000)).get(r) == error_code::success);
  CHECK(r.body == std::string(R"({"query":"mutation($orders: [OrderRestateRequest!]!) { restateOrders(restatedOrders: $orders) )") +
                      std::string(answered) +
                      R"( }","variables":{"orders":[{"enterpriseId":"1234567","actionTrackerId":987654,"orderId":"C-1001",)"
                      R"("updateTime":"2026-11-25T09:46:40Z","cjEvent":"f5c7245cacf421yf81435f7f0b82c836","amount":"32.48",)"
                      R"("discount":"15.00","currency":"USD","items":[{"sku":"SKU-1","unitPrice":"19.99","quantity":2},)"
                      R"({"sku":"SKU-2","unitPrice":"7.50","quantity":1}],"correctionReason":"ReturnedMerchandise"}]}})");
}

TEST_CASE("CJ: a refund of everything or a cancellation is cancelOrders with its reason and no status") {
  network_request r;
  REQUIRE(build_cj_request(cj_settings(), reversal(true, false, 42'480'000)).get(r) == error_code::success);
  CHECK(r.body == std::string(R"({"query":"mutation($orders: [OrderCancelRequest!]!) { cancelOrders(cancelledOrders: $orders) )") +
                      std::string(answered) +
                      R"( }","variables":{"orders":[{"enterpriseId":"1234567","actionTrackerId":987654,"orderId":"C-1001",)"
                      R"("updateTime":"2026-11-25T09:46:40Z","correctionReason":"ReturnedMerchandise"}]}})");
  REQUIRE(build_cj_request(cj_settings(), reversal(true, true, 42'480'000)).get(r) == error_code::success);
  CHECK(r.body.find(R"("correctionReason":"Other")") != std::string::npos);
  CHECK(r.body.find("status") == std::string::npos);
}

TEST_CASE("CJ: past 100 lines the rest are sent as one merged line") {
  conversion c = sale();
  c.items.clear();
  for (int i = 0; i < 105; ++i) c.items.push_back({"S" + std::to_string(i), "x", 1, 1'000'000});
  c.discount = 0;
  network_request r;
  REQUIRE(build_cj_request(cj_settings(), c).get(r) == error_code::success);
  size_t lines = 0;
  for (size_t at = r.body.find("\"sku\""); at != std::string::npos; at = r.body.find("\"sku\"", at + 1)) ++lines;
  CHECK(lines == cj_max_items);
  CHECK(r.body.find(R"({"sku":"S98","unitPrice":"1.00","quantity":1})") != std::string::npos);
  CHECK(r.body.find(R"("S99")") == std::string::npos);
  CHECK(r.body.find(R"({"sku":"OTHER","unitPrice":"6.00","quantity":1})") != std::string::npos);
  CHECK(r.body.find(R"("amount":"105.00")") != std::string::npos);
}

TEST_CASE("CJ: sending with all three settings, observed with none, misconfigured with some or a bad id") {
  config c;
  CHECK(cj_status(c).state == network_state::observing);
  c.set("CJ_API_BASE", "http://127.0.0.1:9");  // a base alone is no credential
  CHECK(cj_status(c).state == network_state::observing);
  c.set("CJ_API_TOKEN", "tok");
  CHECK(cj_status(c).state == network_state::misconfigured);
  CHECK(cj_status(c).why.find("CJ_ENTERPRISE_ID") != std::string::npos);
  c = cj_settings();
  CHECK(cj_status(c).state == network_state::sending);
  CHECK(cj_status(c).why.find("cj-token-secret") == std::string::npos);
  c.set("CJ_ACTION_TRACKER_ID", "4294967296");  // beyond GraphQL's Int
  CHECK(cj_status(c).state == network_state::misconfigured);
  c = cj_settings();
  c.set("CJ_ENTERPRISE_ID", "CID-1");
  CHECK(cj_status(c).state == network_state::misconfigured);
  c = cj_settings();
  c.set("CJ_API_BASE", "ftp://cj");
  CHECK(cj_status(c).state == network_state::misconfigured);
  c.set("CJ_API_BASE", "http://127.0.0.1:9/");
  network_request r;
  REQUIRE(build_cj_request(c, sale()).get(r) == error_code::success);
  CHECK(r.url == "http://127.0.0.1:9/graphql");
}

TEST_CASE("CJ's answers: orders taken, errors inside a 200, GraphQL errors, statuses") {
  struct row {
    int status;
    const char* body;
    verdict outcome;
    bool access_denied;
    const char* reason_has;
  };
  const row table[] = {
      {200, R"({"data":{"createOrders":{"orders":[{"orderId":"C-1","submissionId":"s-77"}],"errors":null}}})",
       verdict::accepted, false, "submission s-77"},
      {200, R"({"data":{"createOrders":{"orders":[{"orderId":"C-1","submissionId":"s-77"}],"errors":[]}}})",
       verdict::accepted, false, "accepted"},
      {200, R"({"data":{"createOrders":{"orders":null,"errors":[{"message":"Order may not have more than 100 items","fields":["items"]}]}}})",
       verdict::rejected, false, "more than 100 items (fields: items)"},
      {200, R"({"errors":[{"message":"Variable 'orders' has an invalid value"}],"data":null})", verdict::rejected,
       false, "invalid value"},
      {200, R"({"errors":[{"message":"Not authorized to act for enterprise 1234567"}]})", verdict::rejected, true,
       "Not authorized"},
      {200, R"({"data":{"restateOrders":{"orders":[],"errors":[]}}})", verdict::rejected, false, "no order"},
      {200, R"({"data":null})", verdict::rejected, false, "no order"},
      {200, "<html>gateway</html>", verdict::retry, false, "without a GraphQL answer"},
      {401, R"({"errors":[{"message":"Unauthorized"}]})", verdict::rejected, true, "credentials"},
      {400, "bad", verdict::rejected, false, "HTTP 400"},
      {503, "", verdict::retry, false, "temporary"},
      {0, "", verdict::retry, false, "no answer"},
  };
  for (const auto& r : table) {
    INFO(r.body);
    const attempt_judgement j = judge_cj_response(r.status, r.body, "");
    CHECK(j.outcome == r.outcome);
    CHECK(j.access_denied == r.access_denied);
    CHECK(j.reason.find(r.reason_has) != std::string::npos);
  }
}
