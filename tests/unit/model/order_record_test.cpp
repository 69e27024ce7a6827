#include <catch2/catch.hpp>

#include "encoding/json_writer.h"
#include "intake/generic_order.h"
#include "model/order_codec.h"
#include "model/order_record.h"
#include "sample_order.h"

using namespace edgepost;

using namespace edgepost::samples;

TEST_CASE("a stored order reads back as it was written") {
  const parsed_order p = parse_generic_order(full_order);
  json_writer out;
  write_order_event(out, p.order);
  const parsed_order again = parse_generic_order(out.text());
  REQUIRE(again.ok());
  CHECK(again.order.items.size() == 2);
  CHECK(again.order.items[0].unit_price == 19'990'000);
  CHECK(again.order.discount == 5'000'000);
  CHECK(again.order.created_at == p.order.created_at);
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

// Found by the order_event fuzzer: a stored record without its order id read as an empty record,
// which the ABI then answered with a null record while reporting a change.
TEST_CASE("a stored record that names no order is refused") {
  order_record r;
  r.order_id = "A-1001";
  r.sale = parse_generic_order(full_order).order;
  std::string json = write_order_record(r);
  order_record back;
  REQUIRE(read_order_record(json).get(back) == error_code::success);
  json.replace(json.find("\"order_id\":\"A-1001\""), 19, "\"order_id\":\"\"");
  CHECK(read_order_record(json).get(back) == error_code::missing_field);
  CHECK(read_order_record(R"({"v":1,"revision":1})").get(back) == error_code::missing_field);
  CHECK(read_order_record(R"({"v":2,"order_id":"A-1"})").get(back) == error_code::invalid_field);
}
