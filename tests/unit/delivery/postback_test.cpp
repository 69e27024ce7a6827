#include <catch2/catch.hpp>

#include "delivery/postback.h"
#include "delivery/rakuten_verdict.h"

using namespace edgepost;

namespace {

config settings() {
  config c;
  c.rakuten_mid = "12345";
  c.rakuten_endpoint = "https://track.linksynergy.com/ep";
  return c;
}

line_item item(const char* sku, const char* name, int64_t quantity, micros unit) { return {sku, name, quantity, unit}; }

conversion base() {
  conversion c;
  c.order_id = "A-1001";
  c.attributed_click = {"TnL5HPStwNw-yKbFu3Ca.Y_g/*Nf1Zmzaw", 1795594500, "", ""};  // 2026-11-25T08:15:00Z
  c.date = 1795946520;  // 2026-11-29T10:02:00Z
  c.currency = "USD";
  return c;
}

std::string url(const config& s, const conversion& c) {
  std::string out;
  REQUIRE(build_postback_url(s, c).get(out) == error_code::success);
  return out;
}

const std::string prefix =
    "https://track.linksynergy.com/ep?mid=12345&ord=A-1001&tr=TnL5HPStwNw-yKbFu3Ca.Y_g%2F*Nf1Zmzaw"
    "&land=20261125_0815&date=20261129_1002";

}  // namespace

TEST_CASE("golden postback: two lines and an order discount as a DISCOUNT line") {
  conversion c = base();
  c.items = {item("TSHIRT-BLUE", "Blue T-shirt", 2, 19'990'000), item("MUG/1", "Mug & Co", 1, 7'500'000)};
  c.discount = 5'000'000;
  CHECK(url(settings(), c) == prefix +
                                  "&cur=USD&skulist=TSHIRT-BLUE|MUG%2F1|DISCOUNT&qlist=2|1|0&amtlist=3998|750|-500"
                                  "&namelist=Blue%20T-shirt|Mug%20%26%20Co|DISCOUNT&xml=1");
}

TEST_CASE("golden postback: repeated SKUs merge, sub-cent prices round once per line") {
  conversion c = base();
  c.currency = "EUR";
  c.items = {item("A", "Apple", 3, 333'333), item("B", "Pear|Special", 1, 1'005'000), item("A", "Apple", 1, 333'333)};
  // A: 4 × 0.333333 = 1.333332 → 133; B: 1.005 → 101 (half away from zero).
  CHECK(url(settings(), c) == prefix + "&cur=EUR&skulist=A|B&qlist=4|1&amtlist=133|101&namelist=Apple|Pear%7CSpecial&xml=1");
}

TEST_CASE("golden postback: a currency sent without cents") {
  config s = settings();
  s.currencies_without_cents = {"JPY"};
  conversion c = base();
  c.currency = "JPY";
  c.items = {item("KIT", "キット", 2, 1500'000'000)};
  c.discount = 300'000'000;
  CHECK(url(s, c) == prefix + "&cur=JPY&skulist=KIT|DISCOUNT&qlist=2|0&amtlist=3000|-300"
                              "&namelist=%E3%82%AD%E3%83%83%E3%83%88|DISCOUNT&xml=1");
  s.currencies_without_cents.clear();
  CHECK(url(s, c) == prefix + "&cur=JPY&skulist=KIT|DISCOUNT&qlist=2|0&amtlist=300000|-30000"
                              "&namelist=%E3%82%AD%E3%83%83%E3%83%88|DISCOUNT&xml=1");
}

TEST_CASE("golden postback: the discount spread over the lines adds up exactly") {
  config s = settings();
  s.discounts = discount_reporting::spread_over_lines;
  conversion c = base();
  c.items = {item("A", "A", 1, 10'000'000), item("B", "B", 1, 20'000'000), item("C", "C", 1, 30'000'000)};
  c.discount = 10'000'000;  // shares: 1.666666, 3.333333, rest 5.000001
  CHECK(url(s, c) == prefix + "&cur=USD&skulist=A|B|C&qlist=1|1|1&amtlist=833|1667|2500&namelist=A|B|C&xml=1");
}

TEST_CASE("golden postback: a reversal negates amounts and keeps quantities positive") {
  conversion c = base();
  c.kind = conversion_kind::reversal;
  c.items = {item("TSHIRT-BLUE", "Blue T-shirt", 2, 19'990'000)};
  c.discount = 5'000'000;
  CHECK(url(settings(), c) == prefix + "&cur=USD&skulist=TSHIRT-BLUE|DISCOUNT&qlist=2|0&amtlist=-3998|500"
                                       "&namelist=Blue%20T-shirt|DISCOUNT&xml=1");
}

TEST_CASE("an endpoint that already has a query gets & instead of ?") {
  config s = settings();
  s.rakuten_endpoint = "http://127.0.0.1:9/ep?probe=1";
  conversion c = base();
  c.items = {item("A", "A", 1, 1'000'000)};
  CHECK(url(s, c).rfind("http://127.0.0.1:9/ep?probe=1&mid=12345&ord=A-1001", 0) == 0);
}

TEST_CASE("order ids and click ids are encoded in the query") {
  conversion c = base();
  c.order_id = "#1001&x=1";
  c.items = {item("A", "A", 1, 1'000'000)};
  CHECK(url(settings(), c).find("&ord=%231001%26x%3D1&") != std::string::npos);
}

TEST_CASE("amounts too large to multiply are refused, not wrapped") {
  conversion c = base();
  c.items = {item("A", "A", 1'000'000, INT64_MAX / 1000)};
  std::string out;
  CHECK(build_postback_url(settings(), c).get(out) == error_code::amount_out_of_range);
}

TEST_CASE("Rakuten's answers are judged as the README lists them") {
  struct row { int status; const char* body; const char* retry_after; verdict expected; int64_t wait; };
  const row rows[] = {
      {200, "<response><good>2</good><bad>0</bad></response>", "", verdict::accepted, -1},
      {200, "<good> 1 </good><bad>0</bad>", "", verdict::accepted, -1},
      {200, "<good>1</good><bad>1</bad>", "", verdict::rejected, -1},
      {200, "<error>Access denied</error>", "", verdict::rejected, -1},
      {200, "<good>0</good><bad>0</bad>", "", verdict::rejected, -1},
      {200, "<html>maintenance</html>", "", verdict::retry, -1},
      {200, "", "", verdict::retry, -1},
      {400, "", "", verdict::rejected, -1},
      {401, "", "", verdict::rejected, -1},
      {403, "", "", verdict::rejected, -1},
      {404, "", "", verdict::rejected, -1},
      {408, "", "", verdict::retry, -1},
      {429, "", "120", verdict::retry, 120},
      {429, "", "Wed, 21 Oct 2026 07:28:00 GMT", verdict::retry, -1},
      {500, "", "", verdict::retry, -1},
      {503, "", "30", verdict::retry, 30},
      {0, "TimeoutError", "", verdict::retry, -1},
      {302, "", "", verdict::retry, -1},
  };
  for (const auto& r : rows) {
    INFO(r.status << " " << r.body);
    const attempt_judgement j = judge_rakuten_response(r.status, r.body, r.retry_after);
    CHECK(j.outcome == r.expected);
    CHECK(j.retry_after_seconds == r.wait);
    CHECK_FALSE(j.reason.empty());
  }
}
