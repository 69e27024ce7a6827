#include <catch2/catch.hpp>

#include "config/config.h"
#include "encoding/json_writer.h"
#include "intake/generic_order.h"
#include "intake/order_intake.h"
#include "model/order_codec.h"
#include "model/order_record.h"

using namespace edgepost;

namespace {
const char* full_order = R"({
  "order_id": "A-1001", "status": "paid", "currency": "USD", "created_at": "2026-11-24T10:02:00Z",
  "items": [ {"sku": "TSHIRT-BLUE", "name": "Blue T-shirt", "quantity": 2, "unit_price": "19.99"},
             {"sku": "GIFT", "quantity": 1, "unit_price": 5} ],
  "discount": "5.00", "attribution": "v1.x.y",
  "click": {"site_id": "abc", "landed_at": "2026-11-20T08:15:00Z", "mid": "12345"},
  "join_keys": ["cart_id:c-8f2e"] })";

std::string with(const std::string& from, const std::string& to) {
  std::string s = full_order;
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("a full generic order parses into the normalised form") {
  const parsed_order p = parse_generic_order(full_order);
  REQUIRE(p.failure.code == error_code::success);
  const order_event& o = p.order;
  CHECK(o.order_id == "A-1001");
  CHECK(o.status == order_status::paid);
  CHECK(o.created_at == 1795514520);
  REQUIRE(o.items.size() == 2);
  CHECK(o.items[0].unit_price == 19'990'000);
  CHECK(o.items[1].name == "GIFT");  // a missing name falls back to the SKU
  CHECK(o.items[1].unit_price == 5'000'000);
  CHECK(o.discount == 5'000'000);
  CHECK(o.attribution == "v1.x.y");
  REQUIRE(o.explicit_click.has_value());
  CHECK(o.explicit_click->site_id == "abc");
  CHECK(o.join_keys == std::vector<std::string>{"cart_id:c-8f2e"});
}

TEST_CASE("every invalid field gets its own error and sentence") {
  struct row { std::string body; error_code code; const char* mentions; };
  const row rows[] = {
      {"{", error_code::malformed_json, "JSON"},
      {"[1]", error_code::malformed_json, "object"},
      {with(R"("order_id": "A-1001", )", ""), error_code::missing_field, "order_id"},
      {with("A-1001", std::string(41, 'x')), error_code::invalid_field, "40"},
      {with("A-1001", "A\\t1"), error_code::invalid_field, "order_id"},
      {with("\"paid\"", "\"shipped\""), error_code::invalid_field, "status"},
      {with("USD", "usd"), error_code::invalid_field, "currency"},
      {with("2026-11-24T10:02:00Z", "yesterday"), error_code::invalid_field, "created_at"},
      {with("\"19.99\"", "19.99"), error_code::invalid_field, "unit_price"},
      {with("\"19.99\"", "\"19.9999999\""), error_code::invalid_field, "unit_price"},
      {with("\"19.99\"", "\"-1\""), error_code::invalid_field, "unit_price"},
      {with("\"quantity\": 2", "\"quantity\": 0"), error_code::invalid_field, "quantity"},
      {with("\"quantity\": 2", "\"quantity\": 1.5"), error_code::invalid_field, "quantity"},
      {with("\"sku\": \"TSHIRT-BLUE\", ", ""), error_code::invalid_field, "sku"},
      {with("\"5.00\"", "\"-5\""), error_code::invalid_field, "discount"},
      {with("\"site_id\": \"abc\"", "\"site_id\": \"a b\""), error_code::invalid_field, "site_id"},
      {with("\"mid\": \"12345\"", "\"mid\": \"x\""), error_code::invalid_field, "mid"},
      {with("[\"cart_id:c-8f2e\"]", "[\"nocolon\"]"), error_code::invalid_field, "join_keys"},
      {with("\"items\": [", "\"items\": [] , \"x\": ["), error_code::invalid_field, "items"},
  };
  for (const auto& r : rows) {
    INFO(r.body);
    const parsed_order p = parse_generic_order(r.body);
    CHECK(p.failure.code == r.code);
    CHECK(p.failure.message.find(r.mentions) != std::string::npos);
  }
}

TEST_CASE("a refund needs a refund_id; a cancellation needs no items") {
  CHECK(parse_generic_order(with("\"paid\"", "\"refunded\"")).failure.code == error_code::missing_field);
  const parsed_order refund = parse_generic_order(with("\"paid\"", "\"refunded\", \"refund_id\": \"R-1\""));
  CHECK(refund.failure.code == error_code::success);
  CHECK(refund.order.refund_id == "R-1");
  const parsed_order cancel = parse_generic_order(
      R"({"order_id":"A","status":"cancelled","currency":"USD","created_at":"2026-11-24T10:02:00Z"})");
  CHECK(cancel.failure.code == error_code::success);
}

TEST_CASE("a stored order reads back as it was written") {
  const parsed_order p = parse_generic_order(full_order);
  json_writer out;
  write_order_event(out, p.order);
  const parsed_order again = parse_generic_order(out.text());
  REQUIRE(again.failure.code == error_code::success);
  CHECK(again.order.items.size() == 2);
  CHECK(again.order.items[0].unit_price == 19'990'000);
  CHECK(again.order.discount == 5'000'000);
  CHECK(again.order.created_at == p.order.created_at);
}

TEST_CASE("configuration: defaults, overrides and problems") {
  config c;
  REQUIRE(parse_config("{}").get(c) == error_code::success);
  CHECK_FALSE(c.is_complete());
  CHECK(c.problems.size() == 2);  // RAKUTEN_MID and COOKIE_SECRET
  CHECK(c.rakuten_endpoint == "https://track.linksynergy.com/ep");
  CHECK(c.attribution_days == 30);
  CHECK(c.join_grace_seconds == 3600);
  CHECK(c.max_body_bytes == 1048576);
  CHECK(c.mode == delivery_mode::live);
  int64_t total = 0;
  for (auto s : c.retry_schedule) total += s;
  CHECK(total > 3 * 86400);
  CHECK(total < 4 * 86400);

  REQUIRE(parse_config(R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":"0123456789abcdef","MODE":"shadow",
      "RETRY_SCHEDULE":"1, 2,3","JOIN_COOKIES":"cart, session_id","ATTRIBUTION_DAYS":"7","ORIGIN":"http://x/",
      "CURRENCIES_WITHOUT_CENTS":"JPY,KRW","RMSTORE_COOKIE":"off","DISCOUNT_REPORTING":"spread","OTHER":{"x":1}})")
              .get(c) == error_code::success);
  CHECK(c.is_complete());
  CHECK(c.mode == delivery_mode::shadow);
  CHECK(c.retry_schedule == std::vector<int64_t>{1, 2, 3});
  CHECK(c.join_cookies == std::vector<std::string>{"cart", "session_id"});
  CHECK(c.attribution_seconds() == 7 * 86400);
  CHECK(c.origin == "http://x");
  CHECK(c.sends_without_cents("KRW"));
  CHECK_FALSE(c.rmstore_cookie);
  CHECK(c.discounts == discount_reporting::spread_over_lines);

  REQUIRE(parse_config(R"({"RAKUTEN_MID":"abc","COOKIE_SECRET":"short","MODE":"loud","ATTRIBUTION_DAYS":"-1",
      "RETRY_SCHEDULE":"1,x"})").get(c) == error_code::success);
  CHECK(c.problems.size() == 5);
  CHECK(c.attribution_days == 30);
  CHECK(parse_config("not json").get(c) == error_code::malformed_json);
}

TEST_CASE("order intake: signature first, then the body, then the click") {
  config c;
  REQUIRE(parse_config(R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":"0123456789abcdef",
      "ORDERS_API_SECRET":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw","MAX_BODY_BYTES":"2048"})").get(c) ==
          error_code::success);
  const standard_webhook_headers unsigned_headers{"", "", ""};
  CHECK(accept_generic_order(c, unsigned_headers, full_order, 1795514520).status == 401);
  CHECK(accept_generic_order(c, unsigned_headers, std::string(4096, ' '), 1795514520).status == 413);
  c.orders_api_secret.clear();
  CHECK(accept_generic_order(c, unsigned_headers, full_order, 1795514520).status == 404);
}

TEST_CASE("an order record survives a write and a read") {
  order_record r;
  r.order_id = "A-1001";
  r.received_at = 100;
  r.sale = parse_generic_order(full_order).order;
  r.attributed_click = click{"abc", 50, "12345", ""};
  r.click_source = "cookie";
  r.attribution = attribution_state::attributed;
  delivery d;
  d.id = "sale";
  d.url = "https://x/ep?a=1|2";
  d.state = delivery_state::dead;
  d.attempts.push_back({101, 503, "retry", "HTTP 503 \"busy\"\n"});
  r.deliveries.push_back(d);
  r.adjustments.push_back(parse_generic_order(with("\"paid\"", "\"refunded\", \"refund_id\": \"R-1\"")).order);
  order_record back;
  REQUIRE(read_order_record(write_order_record(r)).get(back) == error_code::success);
  CHECK(write_order_record(back) == write_order_record(r));
  CHECK(back.deliveries[0].attempts[0].detail == "HTTP 503 \"busy\"\n");
  CHECK(back.adjustments[0].refund_id == "R-1");
}

TEST_CASE("join keys survive the hand-over to the order's Durable Object") {
  order_arrival a;
  a.order = parse_generic_order(full_order).order;
  order_arrival back;
  REQUIRE(read_arrival(write_arrival(a)).get(back) == error_code::success);
  CHECK(back.order.join_keys == std::vector<std::string>{"cart_id:c-8f2e"});
}
