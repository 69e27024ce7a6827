// Awin's Conversion API request and verdict (Awin's developer docs, "Conversion API").
#include <catch2/catch.hpp>

#include "networks/awin/awin_request.h"

using namespace edgepost;

namespace {

config awin_settings() {
  config c;
  c.rakuten_mid = "12345";
  c.set("AWIN_ADVERTISER_ID", "1001");
  c.set("AWIN_API_KEY", "awin-key-secret");
  return c;
}

conversion sale() {
  conversion c;
  c.order_id = "A-1001";
  c.attributed_click = click{"1001_1795510000_abcdef", 1795510000, "", ""};
  c.attributed_click.network = "awin";
  c.date = 1795514520;
  c.currency = "GBP";
  c.items = {{"SKU-1", "Blue T-shirt", 2, 19'990'000}, {"SKU-2", "Mug", 1, 7'500'000}};
  c.discount = 5'000'000;
  return c;
}

}  // namespace

TEST_CASE("Awin: a sale is one order posted to the advertiser's orders, amount after discount, channel aw") {
  network_request r;
  REQUIRE(build_awin_request(awin_settings(), sale()).get(r) == error_code::success);
  CHECK(r.method == "POST");
  CHECK(r.url == "https://api.awin.com/s2s/advertiser/1001/orders");
  CHECK(r.content_type == "application/json");
  CHECK(r.body ==
        R"({"orders":[{"orderReference":"A-1001","amount":42.48,"channel":"aw","currency":"GBP","awc":"1001_1795510000_abcdef"}]})");
  header_list headers;
  awin_auth_headers(awin_settings(), headers);
  REQUIRE(headers.size() == 1);
  CHECK(headers[0] == std::pair<std::string, std::string>{"x-api-key", "awin-key-secret"});
  // The key is never in the stored request.
  CHECK(r.body.find("awin-key-secret") == std::string::npos);
  CHECK(r.url.find("awin-key-secret") == std::string::npos);
}

TEST_CASE("Awin: a refund is not sent through the Conversion API") {
  conversion refund = sale();
  refund.kind = conversion_kind::reversal;
  network_request r;
  CHECK(build_awin_request(awin_settings(), refund).get(r) == error_code::not_supported);
}

TEST_CASE("Awin: sending with both settings, observed with neither, misconfigured with one or a bad id") {
  config c;
  CHECK(awin_status(c).state == network_state::observing);
  c.set("AWIN_API_KEY", "k");
  CHECK(awin_status(c).state == network_state::misconfigured);
  CHECK(awin_status(c).why.find("AWIN_ADVERTISER_ID") != std::string::npos);
  c.set("AWIN_ADVERTISER_ID", "abc");
  CHECK(awin_status(c).state == network_state::misconfigured);
  c.set("AWIN_ADVERTISER_ID", "1001");
  CHECK(awin_status(c).state == network_state::sending);
  CHECK(awin_status(c).why.find("k") == std::string::npos);  // the key is never in a sentence
}

TEST_CASE("Awin's answers, judged by status") {
  struct row {
    int status;
    const char* retry_after;
    verdict outcome;
    bool access_denied;
    int64_t retry_after_seconds;
  };
  const row table[] = {
      {200, "", verdict::accepted, false, -1}, {202, "", verdict::accepted, false, -1},
      {400, "", verdict::rejected, false, -1}, {401, "", verdict::rejected, true, -1},
      {403, "", verdict::rejected, true, -1},  {404, "", verdict::rejected, false, -1},
      {408, "", verdict::retry, false, -1},    {429, "30", verdict::retry, false, 30},
      {500, "", verdict::retry, false, -1},    {503, "120", verdict::retry, false, 120},
      {0, "", verdict::retry, false, -1},      {302, "", verdict::retry, false, -1},
  };
  for (const auto& r : table) {
    INFO(r.status);
    const attempt_judgement j = judge_awin_response(r.status, "{\"error\":\"x\"}", r.retry_after);
    CHECK(j.outcome == r.outcome);
    CHECK(j.access_denied == r.access_denied);
    CHECK(j.retry_after_seconds == r.retry_after_seconds);
  }
}
