#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "networks/rakuten/rakuten_postback.h"
#include "networks/rakuten/rakuten_verdict.h"

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

namespace {

// The values of one list parameter, split at its literal '|'.
std::vector<std::string> list_of(const std::string& url, const std::string& name) {
  const size_t start = url.find("&" + name + "=") + name.size() + 2;
  const std::string list = url.substr(start, url.find('&', start) - start);
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t bar; (bar = list.find('|', at)) != std::string::npos; at = bar + 1) out.push_back(list.substr(at, bar - at));
  out.push_back(list.substr(at));
  return out;
}

int64_t sum_of(const std::vector<std::string>& values) {
  int64_t sum = 0;
  for (const auto& v : values) sum += std::stoll(v);
  return sum;
}

}  // namespace

// Rakuten's tag cuts the URL at 8,000 characters; a large order must still report its
// exact total.
TEST_CASE("a 1000-line order with long names fits in 8000 characters and keeps its exact total") {
  conversion c = base();
  int64_t expected_cents = 0;
  std::vector<std::string> names;
  for (int i = 0; i < 1000; ++i) {
    names.push_back("Product n\xC2\xB0" + std::to_string(i) + " " + std::string(200, 'x'));
    c.items.push_back({"SKU-" + std::to_string(i), names.back(), 1 + i % 3, 1'999'999 + i});
    expected_cents += to_rakuten_amount(c.items.back().unit_price * c.items.back().quantity, false);
  }
  c.discount = 5'000'000;
  const std::string u = url(settings(), c);
  CHECK(u.size() <= max_postback_url_length);
  const auto skus = list_of(u, "skulist");
  const auto amounts = list_of(u, "amtlist");
  const auto quantities = list_of(u, "qlist");
  REQUIRE(skus.size() >= 3);
  CHECK(skus.size() == amounts.size());
  CHECK(skus[0] == "SKU-0");
  CHECK(skus[skus.size() - 2] == "OTHER");
  CHECK(skus.back() == "DISCOUNT");
  CHECK(amounts.back() == "-500");
  CHECK(sum_of(amounts) == expected_cents - 500);
  int64_t expected_quantity = 0;
  for (const auto& i : c.items) expected_quantity += i.quantity;
  CHECK(sum_of(quantities) == expected_quantity);
  // The kept lines are sent exactly as they would be in a small order.
  CHECK(amounts[0] == std::to_string(to_rakuten_amount(1'999'999, false)));
}

TEST_CASE("a reversal of a large order is merged the same way, with negative amounts") {
  conversion c = base();
  c.kind = conversion_kind::reversal;
  int64_t expected_cents = 0;
  for (int i = 0; i < 600; ++i) {
    c.items.push_back({"SKU-" + std::to_string(i), std::string(100, 'n'), 1, 10'000'000});
    expected_cents -= 1000;
  }
  const std::string u = url(settings(), c);
  CHECK(u.size() <= max_postback_url_length);
  const auto amounts = list_of(u, "amtlist");
  CHECK(sum_of(amounts) == expected_cents);
  CHECK(list_of(u, "skulist").back() == "OTHER");
}

TEST_CASE("an order that fits is not merged") {
  conversion c = base();
  for (int i = 0; i < 20; ++i) c.items.push_back({"SKU-" + std::to_string(i), "Name", 1, 1'000'000});
  const std::string u = url(settings(), c);
  CHECK(list_of(u, "skulist").size() == 20);
  CHECK(u.find("OTHER") == std::string::npos);
}
