// Impact's Conversions API request (Impact's Brand API reference; stape-io/impact-tag sends the same).
#include <catch2/catch.hpp>

#include "networks/impact/impact_request.h"

using namespace edgepost;

namespace {

config impact_settings() {
  config c;
  c.rakuten_mid = "12345";
  c.set("IMPACT_ACCOUNT_SID", "IRabc123SID");
  c.set("IMPACT_AUTH_TOKEN", "impact-token-secret");
  c.set("IMPACT_CAMPAIGN_ID", "30665");
  c.set("IMPACT_EVENT_TYPE_ID", "52916");
  return c;
}

conversion sale() {
  conversion c;
  c.order_id = "A-1001";
  c.attributed_click = click{"Sg9Ry5XnQxyK", 1795510000, "", ""};
  c.attributed_click.network = "impact";
  c.date = 1795514520;
  c.currency = "USD";
  c.items = {{"SKU-1", "Blue \"T\" shirt", 2, 19'990'000}, {"SKU-2", "Mug", 1, 7'500'000}};
  c.discount = 5'000'000;
  return c;
}

}  // namespace

TEST_CASE("Impact: a sale is one conversion with its lines, the click and the event date") {
  network_request r;
  REQUIRE(build_impact_request(impact_settings(), sale()).get(r) == error_code::success);
  CHECK(r.method == "POST");
  CHECK(r.url == "https://api.impact.com/Advertisers/IRabc123SID/Conversions");
  CHECK(r.content_type == "application/json");
  CHECK(r.body ==
        R"({"CampaignId":30665,"EventTypeId":52916,"OrderId":"A-1001","EventDate":"2026-11-24T10:02:00Z",)"
        R"("ClickId":"Sg9Ry5XnQxyK","CurrencyCode":"USD","ItemSku1":"SKU-1","ItemName1":"Blue \"T\" shirt",)"
        R"("ItemQuantity1":2,"ItemPrice1":19.99,"ItemSku2":"SKU-2","ItemName2":"Mug","ItemQuantity2":1,"ItemPrice2":7.50,)"
        R"("OrderDiscount":5.00})");
  header_list headers;
  impact_auth_headers(impact_settings(), headers);
  // base64("IRabc123SID:impact-token-secret")
  CHECK(headers[0] == std::pair<std::string, std::string>{"authorization", "Basic SVJhYmMxMjNTSUQ6aW1wYWN0LXRva2VuLXNlY3JldA=="});
  CHECK(r.body.find("impact-token-secret") == std::string::npos);
}

TEST_CASE("Impact: sending with all four settings, observed with none, misconfigured otherwise") {
  config c;
  CHECK(impact_status(c).state == network_state::observing);
  c = impact_settings();
  CHECK(impact_status(c).state == network_state::sending);
  c.set("IMPACT_AUTH_TOKEN", "");
  CHECK(impact_status(c).state == network_state::misconfigured);
  CHECK(impact_status(c).why.find("IMPACT_AUTH_TOKEN") != std::string::npos);
  c = impact_settings();
  c.set("IMPACT_CAMPAIGN_ID", "30665x");
  CHECK(impact_status(c).state == network_state::misconfigured);
}

TEST_CASE("Impact: a whole reversal deletes the action by event type and order id — a partial refund is not sent") {
  conversion refund = sale();
  refund.order_id = "I-1001 &x";
  refund.kind = conversion_kind::reversal;
  refund.reverses_all = true;
  network_request r;
  REQUIRE(build_impact_request(impact_settings(), refund).get(r) == error_code::success);
  CHECK(r.method == "DELETE");
  CHECK(r.url == "https://api.impact.com/Advertisers/IRabc123SID/Actions");
  CHECK(r.content_type == "application/x-www-form-urlencoded");
  CHECK(r.body == "ActionTrackerId=52916&OrderId=I-1001%20%26x&DispositionCode=ITEM_RETURNED");
  refund.cancellation = true;
  REQUIRE(build_impact_request(impact_settings(), refund).get(r) == error_code::success);
  CHECK(r.body.ends_with("&DispositionCode=REJECTED"));
  refund.reverses_all = false;
  refund.cancellation = false;
  CHECK(build_impact_request(impact_settings(), refund).get(r) == error_code::not_supported);
}
