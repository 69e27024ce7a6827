#include <catch2/catch.hpp>

#include "ledger/ledger.h"
#include "ledger/orders_export.h"

using namespace edgepost;

namespace {

delivery delivered(std::string id, delivery_state state) {
  delivery d;
  d.id = std::move(id);
  d.state = state;
  return d;
}

order_record sold(micros unit_price, delivery_state sale_state) {
  order_record r;
  r.order_id = "A-1";
  r.attribution = attribution_state::attributed;
  order_event sale;
  sale.order_id = "A-1";
  sale.currency = "USD";
  sale.created_at = 1795514520;
  sale.items = {{"S", "S", 2, unit_price}};
  sale.discount = 1'000'000;
  r.sale = sale;
  r.deliveries.push_back(delivered("sale", sale_state));
  return r;
}

order_event refund(std::string id, micros amount, std::vector<line_item> items = {}) {
  order_event e;
  e.order_id = "A-1";
  e.status = order_status::refunded;
  e.refund_id = std::move(id);
  e.refund_amount = amount;
  e.items = std::move(items);
  return e;
}

}  // namespace

TEST_CASE("the amount Rakuten was told is the accepted sale less its accepted refunds") {
  order_record r = sold(10'000'000, delivery_state::accepted);  // 2 × 10.00 − 1.00
  CHECK(ledger_row_for(r).reported_amount == 19'000'000);
  r.adjustments.push_back(refund("R-1", 4'000'000));
  r.deliveries.push_back(delivered("refund:R-1", delivery_state::accepted));
  r.adjustments.push_back(refund("R-2", -1, {{"S", "S", 1, 10'000'000}}));
  r.deliveries.push_back(delivered("refund:R-2", delivery_state::queued));  // not accepted yet: not counted
  CHECK(ledger_row_for(r).reported_amount == 15'000'000);
  r.deliveries.back().state = delivery_state::accepted;
  CHECK(ledger_row_for(r).reported_amount == 5'000'000);
  // A refund of more than the order reverses the order, no more.
  order_record over = sold(10'000'000, delivery_state::accepted);
  over.adjustments.push_back(refund("R-9", 50'000'000));
  over.deliveries.push_back(delivered("refund:R-9", delivery_state::accepted));
  CHECK(ledger_row_for(over).reported_amount == 0);
  CHECK(ledger_row_for(sold(10'000'000, delivery_state::dead)).reported_amount == 0);
  CHECK(ledger_row_for(sold(10'000'000, delivery_state::shadowed)).reported_amount == 19'000'000);
}

TEST_CASE("an attributed sale whose lines are still read is pending, not unattributed") {
  order_record r = sold(10'000'000, delivery_state::queued);
  r.deliveries.clear();
  r.items_pending = items_fetch{"cs_1", "http://api/lines", {}, 0, 0, 0, 0};
  CHECK(ledger_row_for(r).state == "pending");
  r.attribution = attribution_state::unattributed;
  CHECK(ledger_row_for(r).state == "unattributed");
}

TEST_CASE("the orders CSV has a header and one record per ledger row, amounts in units") {
  std::string csv;
  REQUIRE(format_orders_csv(R"([{"order_id":"+A","order_key":"k","day":"2026-11-24","state":"accepted","attributed":1,"sent":1,)"
                            R"("currency":"USD","amount":42480000,"reported_amount":-5000000}])")
              .get(csv) == error_code::success);
  CHECK(csv ==
        "ord,order_key,day,state,attributed,sent,currency,amount,reported_amount,network\r\n"
        "\"'+A\",k,2026-11-24,accepted,yes,yes,USD,42.48,\"'-5.00\",\r\n");
  CHECK(format_orders_csv("{}").error() != error_code::success);
}

TEST_CASE("stats count each day's sales per network that won them") {
  const ledger_query plan = plan_ledger_query("from=2026-11-24&to=2026-11-24", 1795514520, false);
  std::string body;
  REQUIRE(format_stats(plan,
                       R"([{"day":"2026-11-24","state":"accepted","attributed":1,"sent":1,"currency":"USD","network":"rakuten","orders":3,"amount":30000000},)"
                       R"({"day":"2026-11-24","state":"observed","attributed":1,"sent":0,"currency":"USD","network":"cj","orders":2,"amount":20000000},)"
                       R"({"day":"2026-11-24","state":"dead","attributed":1,"sent":1,"currency":"USD","network":"awin","orders":1,"amount":1000000},)"
                       R"({"day":"2026-11-24","state":"unattributed","attributed":0,"sent":0,"currency":"USD","network":"","orders":4,"amount":4000000}])",
                       0)
              .get(body) == error_code::success);
  CHECK(body.find(R"("networks":{"awin":{"won":1,"sent":1,"accepted":0,"rejected":0,"pending":0,"dead":1,"observed":0},)"
                  R"("cj":{"won":2,"sent":0,"accepted":0,"rejected":0,"pending":0,"dead":0,"observed":2},)"
                  R"("rakuten":{"won":3,"sent":3,"accepted":3,"rejected":0,"pending":0,"dead":0,"observed":0}})") !=
        std::string::npos);
  CHECK(body.find(R"("observed":2)") != std::string::npos);
  // A network name that is not one is refused, as any row the ledger did not write.
  CHECK(format_stats(plan, R"([{"day":"2026-11-24","state":"accepted","attributed":1,"sent":1,"currency":"USD","network":"Bad Name","orders":1,"amount":1}])", 0)
            .error() != error_code::success);
}

TEST_CASE("stats count landing clicks by consent, and the ones the consent route recovered") {
  const ledger_query plan = plan_ledger_query("from=2026-11-23&to=2026-11-24", 1795514520, false);
  std::string body;
  REQUIRE(format_stats(plan,
                       R"([{"day":"2026-11-24","landing":"granted","clicks":5},{"day":"2026-11-24","landing":"granted","clicks":2},)"
                       R"({"day":"2026-11-24","landing":"undecided","clicks":4},{"day":"2026-11-24","landing":"recovered","clicks":1},)"
                       R"({"day":"2026-11-24","landing":"denied","clicks":3},{"day":"2026-11-24","landing":"refused","clicks":2}])",
                       0)
              .get(body) == error_code::success);
  CHECK(body.find(R"("consent":{"granted":7,"exempt":0,"denied":3,"undecided":4,"recovered":1},"refused_clicks":2)") != std::string::npos);
  // A day without consent counts (CONSENT off) has no consent member.
  CHECK(body.find(R"({"day":"2026-11-23","orders":0)") != std::string::npos);
  const std::string first_day = body.substr(body.find("2026-11-23"), body.find("2026-11-24") - body.find("2026-11-23"));
  CHECK(first_day.find("consent") == std::string::npos);
  for (const char* bad : {R"([{"day":"2026-11-24","landing":"maybe","clicks":1}])",
                          R"([{"day":"2026-11-24","landing":"granted","clicks":-1}])",
                          R"([{"day":"2026-11-24","landing":"granted"}])"}) {
    INFO(bad);
    CHECK(format_stats(plan, bad, 0).error() != error_code::success);
  }
}
