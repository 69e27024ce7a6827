#include <catch2/catch.hpp>

#include "intake/generic_order.h"
#include "ledger/ledger.h"
#include "machine/order_machine.h"

using namespace edgepost;

namespace {

constexpr unix_seconds t0 = 1795514520;

config settings(delivery_mode mode = delivery_mode::live) {
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.retry_schedule = {10, 100};
  c.retry_jitter_percent = 0;
  c.join_grace_seconds = 600;
  c.mode = mode;
  return c;
}

order_arrival paid(const char* id = "A-1", bool with_click = true, std::vector<std::string> join_keys = {}) {
  order_arrival a;
  a.order.order_id = id;
  a.order.status = order_status::paid;
  a.order.currency = "USD";
  a.order.created_at = t0;
  a.order.items = {{"SKU", "Name", 2, 10'000'000}};
  a.order.discount = 1'000'000;
  a.order.join_keys = std::move(join_keys);
  if (with_click) {
    a.clicks = {click{"CLICK", t0 - 3600, "", ""}};
    a.click_source = "cookie";
  }
  return a;
}

order_arrival adjustment(order_status status, const char* refund_id = "") {
  order_arrival a = paid();
  a.clicks.clear();
  a.order.status = status;
  a.order.refund_id = refund_id;
  a.order.created_at = t0 + 50;
  a.order.items = {{"SKU", "Name", 1, 10'000'000}};
  a.order.discount = 0;
  return a;
}

// Runs the alarm and answers the attempt it hands out with the given status and body.
machine_effects run_attempt(order_record& r, const config& c, unix_seconds now, int status, const char* body,
                        const char* retry_after = "") {
  const machine_effects due = on_alarm(r, c, now);
  REQUIRE(due.send.has_value());
  return on_attempt_result(r, due.send->delivery_id, due.send->attempt, status, body, retry_after, c, now, 0);
}

const char* good = "<good>1</good><bad>0</bad>";

}  // namespace

TEST_CASE("a paid order with its click queues one postback, due now") {
  order_record r;
  const machine_effects e = on_order(r, paid(), settings(), t0 + 5);
  CHECK(e.changed);
  CHECK(e.answer.status == 202);
  CHECK(e.answer.code == "queued");
  CHECK(e.alarm_at == t0 + 5);
  REQUIRE(r.deliveries.size() == 1);
  CHECK(r.deliveries[0].id == "sale");
  CHECK(r.deliveries[0].url.find("amtlist=2000|-100") != std::string::npos);
  CHECK(r.attribution == attribution_state::attributed);
}

TEST_CASE("a duplicate paid order changes nothing") {
  order_record r;
  (void)on_order(r, paid(), settings(), t0);
  const std::string before = write_order_record(r);
  const machine_effects e = on_order(r, paid(), settings(), t0 + 1);
  CHECK_FALSE(e.changed);
  CHECK(e.answer.status == 200);
  CHECK(e.answer.code == "duplicate");
  CHECK(write_order_record(r) == before);
}

TEST_CASE("a sale told again with the click its first telling lacked takes that click and queues its postback") {
  order_record r;
  (void)on_order(r, paid("IN-1", false), settings(), t0);
  REQUIRE(r.attribution == attribution_state::unattributed);
  const machine_effects e = on_order(r, paid("IN-1", true), settings(), t0 + 2);
  CHECK(e.changed);
  CHECK(e.answer.status == 202);
  CHECK(e.answer.code == "queued");
  CHECK(e.answer.message.find("later telling of the same sale") != std::string::npos);
  CHECK(r.attribution == attribution_state::attributed);
  CHECK(r.click_source == "cookie");
  REQUIRE(r.deliveries.size() == 1);
  // The sale is still the first telling's: a third telling changes nothing.
  const std::string before = write_order_record(r);
  const machine_effects again = on_order(r, paid("IN-1", true), settings(), t0 + 3);
  CHECK(again.answer.code == "duplicate");
  CHECK(write_order_record(r) == before);
}

TEST_CASE("a sale told again with join keys its first telling lacked waits for its click there") {
  order_record r;
  (void)on_order(r, paid("IN-2", false), settings(), t0);
  REQUIRE(r.attribution == attribution_state::unattributed);
  const machine_effects e = on_order(r, paid("IN-2", false, {"stripe_session:cs_test_1"}), settings(), t0 + 2);
  CHECK(e.changed);
  CHECK(e.answer.code == "waiting_for_click");
  CHECK(e.join_lookups == std::vector<std::string>{"stripe_session:cs_test_1"});
  CHECK(r.attribution == attribution_state::waiting_for_click);
  CHECK(r.click_deadline == t0 + 2 + 600);
  // The same keys again are nothing new.
  CHECK(on_order(r, paid("IN-2", false, {"stripe_session:cs_test_1"}), settings(), t0 + 3).answer.code == "duplicate");
}

TEST_CASE("a subscription's sale records its click under its links once it has one") {
  order_arrival with_click = paid("IN-3");
  with_click.order.links = {"stripe_subscription:sub_1"};
  order_record r;
  CHECK(on_order(r, with_click, settings(), t0).record_links == with_click.order.links);
  // Found later through a join key: recorded then.
  order_arrival without = paid("IN-4", false, {"stripe_session:cs_1"});
  without.order.links = {"stripe_subscription:sub_2"};
  order_record waiting;
  CHECK(on_order(waiting, without, settings(), t0).record_links.empty());
  CHECK(on_click(waiting, click{"CLICK", t0 - 60, "", ""}, "join_key", settings(), t0 + 5).record_links == without.order.links);
  // A sale without links records nothing.
  order_record plain;
  CHECK(on_order(plain, paid("A-9"), settings(), t0).record_links.empty());
}

TEST_CASE("a renewal is credited to its subscription's click within RECURRING_SALES_DAYS of it") {
  struct row {
    const char* what;
    bool renewal;
    int64_t click_age_days;
    attribution_state expected;
  };
  const row rows[] = {
      {"a renewal 200 days after the click", true, 200, attribution_state::attributed},
      {"a renewal 364 days after", true, 364, attribution_state::attributed},
      {"a renewal 366 days after", true, 366, attribution_state::unattributed},
      {"a one-off sale 200 days after: the attribution window", false, 200, attribution_state::unattributed},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    order_arrival a = paid("IN-5");
    a.order.renewal = row.renewal;
    a.clicks = {click{"CLICK", t0 - row.click_age_days * 86400, "", ""}};
    order_record r;
    (void)on_order(r, a, settings(), t0);
    CHECK(r.attribution == row.expected);
  }
}

TEST_CASE("a trial is stored with its click and never sent, and only its first payment becomes the first sale") {
  const config c = settings();
  order_arrival start = paid("sub_1");
  start.order.order_key = "stripe_trial:sub_1";
  start.order.trial = true;
  start.order.items = {{"TRIAL", "Trial of sub_1", 1, 0}};
  start.order.discount = 0;
  start.order.links = {"stripe_subscription:sub_1"};
  order_record trial;
  const machine_effects stored = on_order(trial, start, c, t0);
  CHECK(stored.answer.code == "trial");
  CHECK(stored.changed);
  CHECK(trial.attribution == attribution_state::attributed);
  CHECK(trial.deliveries.empty());
  CHECK(stored.record_links == start.order.links);  // for RECURRING_SALES=all's renewals
  CHECK(ledger_row_for(trial).day.empty());        // no sale in the stats until it is paid
  // A trial whose click comes later, through its Checkout Session's join key: still never sent.
  order_arrival joined_start = start;
  joined_start.clicks.clear();
  joined_start.order.join_keys = {"stripe_session:cs_1"};
  order_record joined;
  CHECK(on_order(joined, joined_start, c, t0).answer.code == "waiting_for_click");
  const machine_effects met = on_click(joined, click{"CLICK", t0 - 60, "", ""}, "join_key", c, t0 + 5);
  CHECK(met.answer.code == "trial");
  CHECK(met.record_links == start.order.links);
  CHECK(joined.deliveries.empty());

  // A payment of the subscription asked at the trial's record (RECURRING_SALES=first).
  const auto payment = [](const char* invoice, unix_seconds at) {
    order_arrival p = paid(invoice, false, {"stripe_subscription:sub_1"});
    p.order.order_key = "stripe_trial:sub_1";
    p.order.renewal = true;
    p.order.pays_trial = true;
    p.order.trial_key = "stripe_trial:sub_1";
    p.order.created_at = at;
    return p;
  };
  // 40 days after the click: beyond the 30-day attribution window, within RECURRING_SALES_DAYS.
  const unix_seconds paid_at = t0 + 40 * 86400;
  const machine_effects first = on_order(trial, payment("in_first", paid_at), c, paid_at);
  CHECK(first.changed);
  CHECK(trial.trial_paid_by == "in_first");
  REQUIRE(first.forward);
  const order_event& sale = first.forward->order;
  CHECK(sale.order_key == "in_first");
  CHECK_FALSE(sale.renewal);
  CHECK_FALSE(sale.pays_trial);
  CHECK(sale.after_trial);
  CHECK(sale.links == start.order.links);
  REQUIRE(first.forward->clicks.size() == 1);
  CHECK(first.forward->clicks[0].site_id == "CLICK");
  // The sale's own record sends it, with the trial's click.
  order_record sold;
  const machine_effects queued = on_order(sold, *first.forward, c, paid_at);
  CHECK(queued.answer.code == "queued");
  CHECK(sold.attribution == attribution_state::attributed);
  REQUIRE(sold.find("sale"));
  CHECK(ledger_row_for(sold).amount == 19'000'000);

  struct row {
    const char* what;
    order_record record;
    order_arrival arrival;
    bool forwards;
    bool changes;
  };
  const row rows[] = {
      {"the same payment told again: forwarded again, the sale's record makes it a duplicate", trial,
       payment("in_first", paid_at), true, false},
      {"a later payment: a renewal, not sent with RECURRING_SALES=first", trial, payment("in_second", paid_at + 30 * 86400),
       false, false},
      {"a payment of a subscription that had no trial: nothing stored", order_record{}, payment("in_other", paid_at), false,
       false},
  };
  for (row x : rows) {
    INFO(x.what);
    const machine_effects e = on_order(x.record, x.arrival, c, paid_at);
    CHECK(e.forward.has_value() == x.forwards);
    CHECK(e.changed == x.changes);
    if (!x.forwards) {
      CHECK(e.answer.code == "ignored");
      CHECK(e.answer.message.find("RECURRING_SALES=first") != std::string::npos);
    }
  }
}

TEST_CASE("a sale's other name stores no sale and sends the refunds that reach it on to the sale") {
  const config c = settings();
  order_arrival alias = paid("pi_1", false);
  alias.order.items.clear();
  alias.order.discount = 0;
  alias.order.alias_of = "in_1";
  order_record r;
  const machine_effects stored = on_order(r, alias, c, t0);
  CHECK(stored.changed);
  CHECK(stored.answer.status == 202);
  CHECK(r.alias_of == "in_1");
  CHECK_FALSE(r.sale);
  CHECK(ledger_row_for(r).day.empty());
  CHECK(on_order(r, alias, c, t0).answer.code == "duplicate");

  order_arrival refund = adjustment(order_status::refunded, "re_1");
  refund.order.order_id = "pi_1";
  refund.order.order_key = "pi_1";
  refund.order.refund_amount = 5'000'000;
  const machine_effects sent_on = on_order(r, refund, c, t0 + 60);
  CHECK_FALSE(sent_on.changed);
  REQUIRE(sent_on.forward);
  CHECK(sent_on.forward->order.order_id == "in_1");
  CHECK(sent_on.forward->order.order_key == "in_1");
  CHECK(sent_on.forward->order.refund_id == "re_1");
  CHECK(sent_on.forward->order.refund_amount == 5'000'000);
  // A sale named by the other name is not taken there.
  const machine_effects sale_there = on_order(r, paid("pi_1"), c, t0 + 60);
  CHECK(sale_there.answer.code == "ignored");
  CHECK_FALSE(sale_there.forward);
  CHECK_FALSE(r.sale);
}

TEST_CASE("an order without a click is unattributed and sends nothing") {
  order_record r;
  const machine_effects e = on_order(r, paid("A-1", false), settings(), t0);
  CHECK(e.answer.code == "unattributed");
  CHECK(r.deliveries.empty());
  CHECK(e.alarm_at == 0);
}

TEST_CASE("a click outside the attribution window does not attribute") {
  order_arrival a = paid();
  a.clicks[0].landed_at = t0 - 31 * 86400;
  order_record r;
  CHECK(on_order(r, a, settings(), t0).answer.code == "unattributed");
  a.clicks[0].landed_at = t0 + 3600;  // landed after the sale
  order_record r2;
  CHECK(on_order(r2, a, settings(), t0).answer.code == "unattributed");
}

TEST_CASE("an order with join keys waits for its click, then gives up after the grace period") {
  order_record r;
  const machine_effects e = on_order(r, paid("A-1", false, {"cart:1"}), settings(), t0);
  CHECK(e.answer.code == "waiting_for_click");
  CHECK(e.join_lookups == std::vector<std::string>{"cart:1"});
  CHECK(e.alarm_at == t0 + 600);
  // Sent again (its first answer failed, perhaps in the lookups), it asks its join keys again.
  const machine_effects repeated = on_order(r, paid("A-1", false, {"cart:1"}), settings(), t0 + 1);
  CHECK(repeated.answer.code == "duplicate");
  CHECK_FALSE(repeated.changed);
  CHECK(repeated.join_lookups == std::vector<std::string>{"cart:1"});
  CHECK(on_alarm(r, settings(), t0 + 599).changed == false);
  CHECK(on_alarm(r, settings(), t0 + 600).changed);
  CHECK(r.attribution == attribution_state::unattributed);
  // A click joined later, within the window, is still sent.
  const machine_effects late = on_click(r, click{"LATE", t0 - 60, "", ""}, "join_key", settings(), t0 + 700);
  CHECK(late.answer.code == "queued");
  REQUIRE(r.find("sale"));
  CHECK(r.attribution == attribution_state::attributed);
}

TEST_CASE("attempt outcomes follow the verdict table and the retry schedule") {
  // delay: seconds from this attempt to the next one (0 when none is scheduled).
  struct step { int status; const char* body; const char* retry_after; delivery_state state; int64_t delay; };
  struct scenario { const char* name; std::vector<step> steps; };
  const config c = settings();  // RETRY_SCHEDULE 10,100: three attempts in all
  const scenario scenarios[] = {
      {"accepted at once", {{200, good, "", delivery_state::accepted, 0}}},
      {"rejected for good", {{200, "<error>Access denied</error>", "", delivery_state::rejected, 0}}},
      {"bad lines", {{200, "<good>0</good><bad>1</bad>", "", delivery_state::rejected, 0}}},
      {"403", {{403, "", "", delivery_state::rejected, 0}}},
      {"5xx then accepted", {{503, "", "", delivery_state::queued, 10}, {200, good, "", delivery_state::accepted, 0}}},
      {"429 honours a longer Retry-After (+1 s for the clock's rounding)", {{429, "", "500", delivery_state::queued, 501}}},
      {"a shorter Retry-After keeps the schedule", {{429, "", "1", delivery_state::queued, 10}}},
      {"every attempt fails",
       {{0, "", "", delivery_state::queued, 10},
        {408, "", "", delivery_state::queued, 100},
        {500, "", "", delivery_state::dead, 0}}},
  };
  for (const auto& s : scenarios) {
    INFO(s.name);
    order_record r;
    (void)on_order(r, paid(), c, t0);
    unix_seconds now = t0;
    for (const auto& st : s.steps) {
      const machine_effects e = run_attempt(r, c, now, st.status, st.body, st.retry_after);
      const delivery& d = r.deliveries[0];
      CHECK(d.state == st.state);
      CHECK(d.in_flight_since == 0);
      if (st.delay > 0) {
        CHECK(d.next_at == now + st.delay);
        CHECK(e.alarm_at == now + st.delay);
        // Nothing is handed out before it is due.
        CHECK_FALSE(on_alarm(r, c, d.next_at - 1).send.has_value());
        now = d.next_at;
      } else {
        CHECK(e.alarm_at == 0);
        CHECK_FALSE(on_alarm(r, c, now + 100000).send.has_value());
      }
    }
    CHECK(r.deliveries[0].attempts.size() == s.steps.size());
  }
}

TEST_CASE("jitter stays within the configured share of each step") {
  config c = settings();
  c.retry_schedule = {1000};
  c.retry_jitter_percent = 10;
  for (uint32_t j : {0u, 1u, 100u, 200u, 12345u, 4294967295u}) {
    const auto d = retry_delay(c, 1, j);
    REQUIRE(d.has_value());
    CHECK(*d >= 900);
    CHECK(*d <= 1100);
  }
  CHECK_FALSE(retry_delay(c, 2, 0).has_value());
  CHECK_FALSE(retry_delay(c, 0, 0).has_value());
}

TEST_CASE("an attempt interrupted by a restart is counted and retried") {
  const config c = settings();
  order_record r;
  CHECK(on_order(r, paid(), c, t0).due_now);  // an attributed sale can go out at once
  const machine_effects first = on_alarm(r, c, t0);
  REQUIRE(first.send.has_value());
  CHECK(r.deliveries[0].in_flight_since == t0);
  // While the attempt may still be out (its timeout plus a grace), an alarm leaves it alone and
  // the next wake-up is when it would count as cut off.
  CHECK(first.alarm_at == t0 + c.postback_timeout_seconds + 5);
  CHECK_FALSE(first.due_now);
  const machine_effects early = on_alarm(r, c, t0 + c.postback_timeout_seconds);
  CHECK_FALSE(early.send.has_value());
  CHECK_FALSE(early.changed);
  CHECK(r.deliveries[0].attempts.empty());
  CHECK(early.alarm_at == first.alarm_at);
  // The worker restarts; the alarm fires again with the attempt still marked in flight.
  const machine_effects again = on_alarm(r, c, t0 + 30);
  REQUIRE(again.send.has_value());
  CHECK(r.deliveries[0].attempts.size() == 1);
  CHECK(r.deliveries[0].attempts[0].verdict == "interrupted");
  CHECK(again.send->attempt == t0 + 30);
  // The first attempt's answer, arriving after it was given up for lost and the second
  // went out, is refused; it is not taken for the second attempt's.
  const machine_effects late_first = on_attempt_result(r, "sale", first.send->attempt, 500, "", "", c, t0 + 31, 0);
  CHECK_FALSE(late_first.changed);
  CHECK(late_first.answer.status == 409);
  CHECK(r.deliveries[0].in_flight_since == t0 + 30);
  CHECK(on_attempt_result(r, "sale", again.send->attempt, 200, good, "", c, t0 + 31, 0).changed);
  CHECK(r.deliveries[0].state == delivery_state::accepted);
  // A late answer for an attempt that is no longer out is refused, changing nothing.
  const machine_effects stale = on_attempt_result(r, "sale", again.send->attempt, 500, "", "", c, t0 + 32, 0);
  CHECK_FALSE(stale.changed);
  CHECK(stale.answer.status == 409);
  CHECK(r.deliveries[0].state == delivery_state::accepted);
}

TEST_CASE("a refund waits for its sale to be accepted, then goes out once") {
  const config c = settings();
  order_record r;
  (void)on_order(r, paid(), c, t0);
  const machine_effects e = on_order(r, adjustment(order_status::refunded, "R-1"), c, t0 + 1);
  CHECK(e.answer.code == "held");
  REQUIRE(r.find("refund:R-1"));
  CHECK(r.find("refund:R-1")->url.find("amtlist=-1000&") != std::string::npos);
  // The alarm hands out the sale, not the held refund.
  const machine_effects due = on_alarm(r, c, t0 + 2);
  REQUIRE(due.send.has_value());
  CHECK(due.send->delivery_id == "sale");
  (void)on_attempt_result(r, "sale", due.send->attempt, 200, good, "", c, t0 + 2, 0);
  CHECK(r.find("refund:R-1")->state == delivery_state::queued);
  const machine_effects refund_due = on_alarm(r, c, t0 + 3);
  REQUIRE(refund_due.send.has_value());
  CHECK(refund_due.send->delivery_id == "refund:R-1");
  CHECK(on_order(r, adjustment(order_status::refunded, "R-1"), c, t0 + 4).answer.code == "duplicate");
  CHECK(on_order(r, adjustment(order_status::refunded, "R-2"), c, t0 + 4).answer.code == "queued");
}

TEST_CASE("a cancellation reverses the whole sale, discount included") {
  const config c = settings();
  order_record r;
  (void)on_order(r, paid(), c, t0);
  (void)run_attempt(r, c, t0, 200, good);
  const machine_effects e = on_order(r, adjustment(order_status::cancelled), c, t0 + 10);
  CHECK(e.answer.code == "queued");
  const delivery* cancel = r.find("cancel");
  REQUIRE(cancel);
  CHECK(cancel->url.find("&skulist=SKU|DISCOUNT&qlist=2|0&amtlist=-2000|100&") != std::string::npos);
}

TEST_CASE("a cancellation before the sale was sent withdraws both") {
  const config c = settings();
  order_record r;
  (void)on_order(r, paid(), c, t0);
  const machine_effects e = on_order(r, adjustment(order_status::cancelled), c, t0 + 1);
  CHECK(e.answer.code == "withdrawn");
  CHECK(r.find("sale")->state == delivery_state::withdrawn);
  CHECK_FALSE(on_alarm(r, c, t0 + 100).send.has_value());
}

TEST_CASE("a refund for an unknown order is refused so the sender retries") {
  order_record r;
  const machine_effects e = on_order(r, adjustment(order_status::refunded, "R-1"), settings(), t0);
  CHECK(e.answer.status == 409);
  CHECK(e.answer.code == "unknown_order");
}

TEST_CASE("shadow mode records what would be sent, and sends nothing") {
  const config c = settings(delivery_mode::shadow);
  order_record r;
  (void)on_order(r, paid(), c, t0);
  (void)on_order(r, adjustment(order_status::refunded, "R-1"), c, t0);
  const machine_effects e = on_alarm(r, c, t0);
  CHECK_FALSE(e.send.has_value());
  CHECK(r.find("sale")->state == delivery_state::shadowed);
  CHECK(r.find("refund:R-1")->state == delivery_state::shadowed);
  CHECK(r.find("sale")->attempts[0].verdict == "shadow");
  CHECK(e.alarm_at == 0);
}

TEST_CASE("an admin re-queue gives dead and rejected postbacks a fresh round") {
  const config c = settings();
  order_record r;
  (void)on_order(r, paid(), c, t0);
  (void)run_attempt(r, c, t0, 403, "");
  CHECK(r.deliveries[0].state == delivery_state::rejected);
  const machine_effects e = on_requeue(r, c, t0 + 50);
  CHECK(e.answer.status == 202);
  CHECK(r.deliveries[0].state == delivery_state::queued);
  CHECK(r.deliveries[0].attempts_in_round == 0);
  CHECK(e.alarm_at == t0 + 50);
  CHECK(e.due_now);  // the shell sends it at once
  (void)run_attempt(r, c, t0 + 50, 200, good);
  CHECK(r.deliveries[0].state == delivery_state::accepted);
  CHECK(r.deliveries[0].attempts.size() == 2);
  CHECK(on_requeue(r, c, t0 + 60).answer.code == "nothing_to_retry");
}

// Found by an outside fuzzing run: a click on an object without an order reported a change and a null
// record, which the shell stored, poisoning the object for every later event.
TEST_CASE("a click for an object where no order arrived changes nothing") {
  order_record r;
  const machine_effects e = on_click(r, click{"CLICK", t0 - 60, "", ""}, "join_key", settings(), t0);
  CHECK_FALSE(e.changed);
  CHECK(e.answer.status == 409);
  CHECK(e.answer.code == "unknown_order");
  CHECK_FALSE(r.attributed_click.has_value());
}

// Found by an outside fuzzing run: Retry-After: 1000000000000 parked a postback 31,700 years out.
TEST_CASE("a Retry-After of any size is honoured up to a day") {
  config c = settings();
  c.retry_schedule = {60, 300};
  order_record r;
  on_order(r, paid(), c, t0);
  const machine_effects first = on_alarm(r, c, t0);
  REQUIRE(first.send.has_value());
  on_attempt_result(r, "sale", first.send->attempt, 429, "", "1000000000000", c, t0 + 1, 0);
  CHECK(r.deliveries[0].state == delivery_state::queued);
  CHECK(r.deliveries[0].next_at == t0 + 1 + 86400 + 1);
  const machine_effects second = on_alarm(r, c, r.deliveries[0].next_at);
  REQUIRE(second.send.has_value());
  on_attempt_result(r, "sale", second.send->attempt, 503, "", "99999999999999999999", c, r.deliveries[0].next_at, 0);
  CHECK(r.deliveries[0].next_at > t0);
  CHECK(r.deliveries[0].next_at <= t0 + 3 * 86400);
}

// A postback that could not be built was left out silently; the order said
// "queued" and never got a delivery.
TEST_CASE("a postback that cannot be built is recorded as rejected, with the reason") {
  config c = settings();
  c.rakuten_endpoint = "https://track.example/ep?" + std::string(8000, 'p');
  order_record r;
  const machine_effects e = on_order(r, paid(), c, t0);
  CHECK(e.changed);
  const delivery* d = r.find("sale");
  REQUIRE(d);
  CHECK(d->state == delivery_state::rejected);
  CHECK(d->url.empty());
  REQUIRE(d->attempts.size() == 1);
  CHECK(d->attempts[0].detail == "the postback could not be built: too_large");
  CHECK_FALSE(on_alarm(r, c, t0 + 10).send.has_value());
  CHECK(on_requeue(r, c, t0 + 20).answer.code == "nothing_to_retry");
}

TEST_CASE("the step that makes a postback due also hands it out, marked in flight") {
  const config c = settings();
  order_record r;
  const machine_effects e = with_due_send(r, on_order(r, paid(), c, t0), c, t0);
  CHECK(e.changed);
  CHECK(e.answer.code == "queued");  // the event's own answer is kept
  REQUIRE(e.send.has_value());
  CHECK(e.send->delivery_id == "sale");
  CHECK(e.send->attempt == t0);
  CHECK(r.deliveries[0].in_flight_since == t0);
  CHECK_FALSE(e.due_now);
  CHECK(e.alarm_at == t0 + c.postback_timeout_seconds + 5);  // the safety net if the send is cut off
  // The attempt's result hands out the next due postback (the refund that waited for the sale).
  (void)on_order(r, adjustment(order_status::refunded, "R-1"), c, t0 + 1);
  const machine_effects next =
      with_due_send(r, on_attempt_result(r, "sale", e.send->attempt, 200, good, "", c, t0 + 2, 0), c, t0 + 2);
  REQUIRE(next.send.has_value());
  CHECK(next.send->delivery_id == "refund:R-1");
  // Nothing due: nothing handed out, and an event that changed nothing stays unchanged.
  order_record waiting;
  const machine_effects none = with_due_send(waiting, on_order(waiting, paid("A-2", false, {"cart:2"}), c, t0), c, t0);
  CHECK_FALSE(none.send.has_value());
  CHECK(none.answer.code == "waiting_for_click");
}

TEST_CASE("of the clicks an order's join keys found, the latest that fits its sale wins") {
  const config c = settings();
  struct row {
    const char* name;
    std::vector<click> found;
    const char* expected_site;  // nullptr: no click attributed
  };
  const row rows[] = {
      {"one click", {click{"ONE", t0 - 60, "", ""}}, "ONE"},
      {"the latest of two", {click{"OLD", t0 - 7200, "", ""}, click{"NEW", t0 - 60, "", ""}}, "NEW"},
      {"order does not matter", {click{"NEW", t0 - 60, "", ""}, click{"OLD", t0 - 7200, "", ""}}, "NEW"},
      {"a click after the sale is skipped", {click{"AFTER", t0 + 3600, "", ""}, click{"BEFORE", t0 - 60, "", ""}}, "BEFORE"},
      {"outside the window is skipped", {click{"STALE", t0 - 31 * 86400, "", ""}}, nullptr},
      {"none found", {}, nullptr},
  };
  for (const auto& t : rows) {
    SECTION(t.name) {
      order_record r;
      (void)on_order(r, paid("A-1", false, {"cart:1"}), c, t0);
      const machine_effects e = on_join_clicks(r, t.found, c, t0 + 5);
      if (t.expected_site) {
        REQUIRE(r.attributed_click.has_value());
        CHECK(r.attributed_click->site_id == t.expected_site);
        CHECK(r.click_source == "join_key");
        CHECK(e.answer.code == "queued");
      } else {
        CHECK_FALSE(r.attributed_click.has_value());
        CHECK_FALSE(e.changed);
        CHECK(r.attribution == attribution_state::waiting_for_click);
      }
    }
  }
}

namespace {

order_arrival paid_with_lines_to_read() {
  order_arrival a = paid("pi_1");
  a.order.items = {{"ORDER", "Order", 1, 20'000'000}};  // the stand-in the webhook's total gives
  a.items = items_fetch{"cs_1", "http://api/lines?page=1", {}, 0, 0, t0, 0};
  return a;
}

items_page page_of(items_page_outcome outcome, std::vector<line_item> items = {}, std::string next = "") {
  items_page p;
  p.outcome = outcome;
  p.items = std::move(items);
  p.next_url = std::move(next);
  p.problem = "Stripe's line items for cs_1 could not be fetched (HTTP 503)";
  return p;
}

}  // namespace

TEST_CASE("a sale whose lines are still to be read asks for them first, page by page, then queues its postback") {
  const config c = settings();
  order_record r;
  machine_effects e = with_due_send(r, on_order(r, paid_with_lines_to_read(), c, t0), c, t0);
  CHECK(e.answer.code == "queued");
  CHECK(r.deliveries.empty());  // no postback before the lines are known
  CHECK_FALSE(e.send);
  REQUIRE(e.fetch);
  CHECK(e.fetch->url == "http://api/lines?page=1");
  CHECK(e.fetch->attempt == t0);
  CHECK(e.alarm_at == t0 + c.postback_timeout_seconds + 5);  // the read is given up for lost after that

  // While the read is out, the alarm hands out nothing more; a stale read's answer is refused.
  CHECK_FALSE(on_alarm(r, c, t0 + 1).fetch);
  CHECK(on_items_page(r, t0 - 1, page_of(items_page_outcome::complete), c, t0 + 1, 0).answer.code == "not_in_flight");

  e = with_due_send(r, on_items_page(r, t0, page_of(items_page_outcome::next_page, {{"A", "A", 1, 5'000'000}}, "http://api/lines?page=2"), c, t0 + 1, 0), c, t0 + 1);
  REQUIRE(e.fetch);
  CHECK(e.fetch->url == "http://api/lines?page=2");
  CHECK(r.items_pending->pages == 1);
  CHECK(r.deliveries.empty());

  const std::vector<line_item> lines{{"A", "A", 1, 5'000'000}, {"B", "B", 3, 5'000'000}};
  e = with_due_send(r, on_items_page(r, t0 + 1, page_of(items_page_outcome::complete, lines), c, t0 + 2, 0), c, t0 + 2);
  CHECK_FALSE(r.items_pending);
  CHECK_FALSE(e.fetch);
  REQUIRE(e.send);
  CHECK(e.send->url.find("skulist=A|B|DISCOUNT") != std::string::npos);
  CHECK(e.send->url.find("amtlist=500|1500|-100") != std::string::npos);
  CHECK(r.items_note.empty());
}

TEST_CASE("a failed read of a sale's lines is retried on the order's schedule, then the sale goes as one line") {
  const config c = settings();  // RETRY_SCHEDULE 10, 100
  order_record r;
  machine_effects e = with_due_send(r, on_order(r, paid_with_lines_to_read(), c, t0), c, t0);
  REQUIRE(e.fetch);
  e = on_items_page(r, e.fetch->attempt, page_of(items_page_outcome::retry), c, t0 + 1, 0);
  CHECK(e.alarm_at == t0 + 11);
  CHECK(r.items_note.find("HTTP 503") != std::string::npos);
  CHECK_FALSE(on_alarm(r, c, t0 + 10).fetch);
  e = on_alarm(r, c, t0 + 11);
  REQUIRE(e.fetch);
  e = on_items_page(r, e.fetch->attempt, page_of(items_page_outcome::retry), c, t0 + 12, 0);
  CHECK(e.alarm_at == t0 + 112);
  e = on_alarm(r, c, t0 + 112);
  REQUIRE(e.fetch);
  // The schedule is used up: the sale keeps its stand-in line, and the record says why.
  e = with_due_send(r, on_items_page(r, e.fetch->attempt, page_of(items_page_outcome::retry), c, t0 + 113, 0), c, t0 + 113);
  CHECK_FALSE(r.items_pending);
  REQUIRE(e.send);
  CHECK(e.send->url.find("skulist=ORDER|DISCOUNT") != std::string::npos);
  CHECK(r.items_note.find("3 times; the order is sent with one line of its total") != std::string::npos);
}

TEST_CASE("an answer about a sale's lines that will not change sends the sale as one line at once") {
  const config c = settings();
  order_record r;
  machine_effects e = with_due_send(r, on_order(r, paid_with_lines_to_read(), c, t0), c, t0);
  REQUIRE(e.fetch);
  e = with_due_send(r, on_items_page(r, e.fetch->attempt, page_of(items_page_outcome::give_up), c, t0 + 1, 0), c, t0 + 1);
  REQUIRE(e.send);
  CHECK(e.send->url.find("skulist=ORDER|DISCOUNT") != std::string::npos);
}

TEST_CASE("a read of a sale's lines cut off by a restart counts as a failure and is asked again") {
  const config c = settings();
  order_record r;
  machine_effects e = with_due_send(r, on_order(r, paid_with_lines_to_read(), c, t0), c, t0);
  REQUIRE(e.fetch);
  // The record survives as stored; the read never answers.
  order_record stored;
  REQUIRE(read_order_record(write_order_record(r)).get(stored) == error_code::success);
  REQUIRE(stored.items_pending);
  CHECK(stored.items_pending->in_flight_since == t0);
  e = on_alarm(stored, c, t0 + c.postback_timeout_seconds + 5);
  CHECK_FALSE(e.fetch);
  CHECK(stored.items_pending->failures == 1);
  CHECK(e.alarm_at == t0 + c.postback_timeout_seconds + 5 + 10);
  CHECK(on_alarm(stored, c, e.alarm_at).fetch);
}

TEST_CASE("a click that joins while a sale's lines are read waits for them too") {
  const config c = settings();
  order_record r;
  order_arrival a = paid_with_lines_to_read();
  a.clicks.clear();
  a.order.join_keys = {"k:1"};
  machine_effects e = with_due_send(r, on_order(r, a, c, t0), c, t0);
  CHECK(e.answer.code == "waiting_for_click");
  REQUIRE(e.fetch);
  const unix_seconds read = e.fetch->attempt;
  e = with_due_send(r, on_click(r, click{"CLICK", t0 - 60, "", ""}, "join_key", c, t0 + 1), c, t0 + 1);
  CHECK(e.answer.code == "queued");
  CHECK_FALSE(e.send);
  CHECK(r.deliveries.empty());
  e = with_due_send(r, on_items_page(r, read, page_of(items_page_outcome::complete, {{"A", "A", 2, 10'000'000}}), c, t0 + 2, 0), c, t0 + 2);
  REQUIRE(e.send);
  CHECK(e.send->url.find("skulist=A|DISCOUNT") != std::string::npos);
}

TEST_CASE("a sale another network's later click won is not sent, and its record says why") {
  order_record r;
  order_arrival a = paid();
  click cj{"0123abcd", t0 - 600, "", ""};
  cj.network = "cj";
  a.clicks = {click{"RAK", t0 - 2 * 86400, "", "", "rakuten"}, cj};
  const machine_effects e = with_due_send(r, on_order(r, a, settings(), t0), settings(), t0);
  CHECK(e.answer.status == 202);
  CHECK_FALSE(e.send);
  CHECK(r.deliveries.empty());
  REQUIRE(r.attributed_click);
  CHECK(r.attributed_click->network == "cj");
  REQUIRE(r.arbitration.size() == 2);
  CHECK(r.arbitration[0].c.network == "cj");
  CHECK(r.arbitration[0].outcome == "won");
  CHECK(r.arbitration[1].c.network == "rakuten");
  CHECK(r.arbitration[1].outcome == "later_click");
  CHECK(ledger_state(r) == "observed");
  // The record keeps the arbitration through its stored form.
  order_record back;
  REQUIRE(read_order_record(write_order_record(r)).get(back) == error_code::success);
  REQUIRE(back.arbitration.size() == 2);
  CHECK(back.arbitration[1].outcome == "later_click");
  // A refund of it is not sent either.
  const machine_effects refund = on_order(r, adjustment(order_status::refunded, "re_1"), settings(), t0 + 60);
  CHECK(refund.answer.code == "not_sent");
}

TEST_CASE("a sale whose last click is Rakuten's is sent to Rakuten, the earlier CJ click named as the loser") {
  order_record r;
  order_arrival a = paid();
  click cj{"0123abcd", t0 - 2 * 86400, "", ""};
  cj.network = "cj";
  a.clicks = {cj, click{"RAK", t0 - 600, "", "", "rakuten"}};
  const machine_effects e = with_due_send(r, on_order(r, a, settings(), t0), settings(), t0);
  REQUIRE(e.send);
  CHECK(e.send->network == "rakuten");
  CHECK(e.send->url.find("tr=RAK") != std::string::npos);
  CHECK(r.arbitration[1].outcome == "later_click");
  CHECK(ledger_state(r) == "pending");
}

TEST_CASE("per network: each network edgepost sends to with a click in its window gets its own delivery") {
  config c = settings();
  c.policy = attribution_policy::per_network;
  c.set("AWIN_ADVERTISER_ID", "1001");
  c.set("AWIN_API_KEY", "k");
  order_record r;
  order_arrival a = paid();
  click awin{"1001_2_x", t0 - 600, "", ""};
  awin.network = "awin";
  click cj{"0123abcd", t0 - 300, "", ""};
  cj.network = "cj";
  a.clicks = {click{"RAK", t0 - 2 * 86400, "", "", "rakuten"}, awin, cj};
  on_order(r, a, c, t0);
  // The latest click of a network edgepost sends to is the winner; Rakuten, also in its window, is
  // told too; CJ is observed only.
  REQUIRE(r.attributed_click);
  CHECK(r.attributed_click->network == "awin");
  REQUIRE(r.deliveries.size() == 2);
  CHECK(r.deliveries[0].id == "sale");
  CHECK(r.deliveries[0].network == "awin");
  CHECK(r.deliveries[0].method == "POST");
  CHECK(r.deliveries[1].id == "sale@rakuten");
  CHECK(r.deliveries[1].network == "rakuten");
  CHECK(r.deliveries[1].url.find("tr=RAK") != std::string::npos);
  CHECK(r.arbitration.back().outcome == "won");  // Rakuten, the earliest, told as well
  // Each delivery goes out and is judged by its own network.
  machine_effects e = on_alarm(r, c, t0);
  REQUIRE(e.send);
  const std::string first = e.send->delivery_id;
  on_attempt_result(r, first, e.send->attempt, 200, first == "sale" ? "{}" : "<good>1</good><bad>0</bad>", "", c, t0 + 1, 0);
  e = on_alarm(r, c, t0 + 1);
  REQUIRE(e.send);
  const std::string second = e.send->delivery_id;
  CHECK(first != second);
  on_attempt_result(r, second, e.send->attempt, 200, second == "sale" ? "{}" : "<good>1</good><bad>0</bad>", "", c, t0 + 2, 0);
  CHECK(r.find("sale")->state == delivery_state::accepted);
  CHECK(r.find("sale@rakuten")->state == delivery_state::accepted);
  // A refund follows on each: Rakuten's as a negative postback, Awin's recorded as not sent.
  on_order(r, adjustment(order_status::refunded, "R1"), c, t0 + 60);
  REQUIRE(r.find("refund:R1"));
  CHECK(r.find("refund:R1")->state == delivery_state::rejected);
  REQUIRE(r.find("refund:R1@rakuten"));
  CHECK(r.find("refund:R1@rakuten")->state == delivery_state::queued);
}

TEST_CASE("last click: only the winner is told, even when another network edgepost sends to had a click") {
  config c = settings();
  c.set("AWIN_ADVERTISER_ID", "1001");
  c.set("AWIN_API_KEY", "k");
  order_record r;
  order_arrival a = paid();
  click awin{"1001_2_x", t0 - 600, "", ""};
  awin.network = "awin";
  a.clicks = {click{"RAK", t0 - 2 * 86400, "", "", "rakuten"}, awin};
  on_order(r, a, c, t0);
  REQUIRE(r.deliveries.size() == 1);
  CHECK(r.deliveries[0].network == "awin");
}

TEST_CASE("CJ: a partial refund restates what remains after every refund so far — the refund that takes the rest cancels") {
  config c = settings();
  c.set("CJ_ENTERPRISE_ID", "1234567");
  c.set("CJ_ACTION_TRACKER_ID", "987654");
  c.set("CJ_API_TOKEN", "t");
  order_record r;
  order_arrival a = paid();
  click cj{"cjevent1", t0 - 600, "", ""};
  cj.network = "cj";
  a.clicks = {cj};
  on_order(r, a, c, t0);
  REQUIRE(r.find("sale"));
  CHECK(r.find("sale")->network == "cj");
  CHECK(r.find("sale")->body.find(R"("amount":"19.00")") != std::string::npos);
  run_attempt(r, c, t0, 200, R"({"data":{"createOrders":{"orders":[{"orderId":"A-1","submissionId":"s1"}],"errors":null}}})");
  CHECK(r.find("sale")->state == delivery_state::accepted);
  on_order(r, adjustment(order_status::refunded, "R1"), c, t0 + 60);
  const delivery* first = r.find("refund:R1");
  REQUIRE(first);
  CHECK(first->state == delivery_state::queued);
  CHECK(first->body.find("restateOrders") != std::string::npos);
  CHECK(first->body.find(R"("amount":"9.00","discount":"11.00")") != std::string::npos);
  on_order(r, adjustment(order_status::refunded, "R2"), c, t0 + 120);
  const delivery* second = r.find("refund:R2");
  REQUIRE(second);
  CHECK(second->body.find("cancelOrders") != std::string::npos);
  CHECK(second->body.find(R"("correctionReason":"ReturnedMerchandise")") != std::string::npos);
}

TEST_CASE("shadow per network: a sale Awin won is recorded, not sent, while Rakuten's sales still go out") {
  config c = settings();
  c.set("AWIN_ADVERTISER_ID", "1001");
  c.set("AWIN_API_KEY", "k");
  c.network_modes = {{"awin", delivery_mode::shadow}};
  order_record awin_won;
  order_arrival a = paid("A-1");
  click awin{"1001_2_x", t0 - 600, "", ""};
  awin.network = "awin";
  a.clicks = {awin};
  on_order(awin_won, a, c, t0);
  const machine_effects e = on_alarm(awin_won, c, t0);
  CHECK_FALSE(e.send);
  REQUIRE(awin_won.find("sale"));
  CHECK(awin_won.find("sale")->state == delivery_state::shadowed);
  CHECK(awin_won.find("sale")->attempts.back().detail.find("MODE=shadow for awin") != std::string::npos);
  order_record rakuten_won;
  on_order(rakuten_won, paid("A-2"), c, t0);
  const machine_effects live = on_alarm(rakuten_won, c, t0);
  REQUIRE(live.send);
  CHECK(live.send->network == "rakuten");
}
