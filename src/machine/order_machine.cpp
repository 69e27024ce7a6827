#include "machine/order_machine.h"

#include <algorithm>

#include "networks/arbitration.h"
#include "support/assert.h"

namespace edgepost {
namespace {

constexpr size_t attempt_detail_limit = 300;
constexpr size_t attempt_log_limit = 50;
// Beyond the attempt's own timeout, room for its answer to be recorded before it counts as cut off.
constexpr int64_t in_flight_grace_seconds = 5;
// The longest Retry-After honoured as asked when the schedule's steps are all shorter: a day, the
// default schedule's longest step. Rakuten's 429 and 503 mean a short overload, not a date.
constexpr int64_t max_retry_after_seconds = 86400;

const order_event* find_adjustment(const order_record& r, std::string_view id) {
  for (const auto& a : r.adjustments)
    if (adjustment_delivery_id(a) == id) return &a;
  return nullptr;
}

// How long after its click a sale may be credited to it: the attribution window, or for a
// subscription's renewal RECURRING_SALES_DAYS.
int64_t sale_window_seconds(const order_event& sale, const config& settings) {
  return sale.renewal || sale.after_trial ? settings.recurring_sales_days * 86400 : settings.attribution_seconds();
}

// A click counts only if the shopper landed before the sale and within the sale's window.
bool click_fits_sale(const click& c, const order_event& sale, const config& settings) {
  return click_fits_sale(c, sale.created_at, sale_window_seconds(sale, settings));
}

// An attempt still marked in flight this long after it went out was cut off by a restart: its own
// timeout would have ended it by then. Until then it is left alone, so an alarm that fires while
// the attempt is really out (the worker sends a due postback at once, not only from the alarm)
// never sends it a second time.
unix_seconds in_flight_expiry(const delivery& d, const config& settings) {
  return d.in_flight_since + settings.postback_timeout_seconds + in_flight_grace_seconds;
}

// A read of the sale's lines is cut off like an attempt: after its timeout and the grace.
unix_seconds items_read_expiry(const items_fetch& f, const config& settings) {
  return f.in_flight_since + settings.postback_timeout_seconds + in_flight_grace_seconds;
}

unix_seconds next_wakeup(const order_record& r, const config& settings) {
  unix_seconds wake = 0;
  auto consider = [&wake](unix_seconds t) {
    if (t > 0 && (wake == 0 || t < wake)) wake = t;
  };
  for (const auto& d : r.deliveries)
    if (d.state == delivery_state::queued) consider(d.in_flight_since ? in_flight_expiry(d, settings) : d.next_at);
  if (r.attribution == attribution_state::waiting_for_click) consider(r.click_deadline);
  if (const auto& f = r.items_pending) consider(f->in_flight_since ? items_read_expiry(*f, settings) : f->next_at);
  return wake;
}

delivery new_delivery(std::string id, const network& n, network_request request, delivery_state state, unix_seconds now) {
  delivery d;
  d.id = std::move(id);
  d.network = std::string(n.name);
  if (request.method != "GET") d.method = std::move(request.method);
  d.url = std::move(request.url);
  d.content_type = std::move(request.content_type);
  d.body = std::move(request.body);
  d.state = state;
  d.created_at = now;
  d.next_at = now;
  return d;
}

// A postback that cannot be built (amounts beyond 64 bits, an endpoint URL that leaves no room for
// one line) is recorded as rejected with the reason, so the merchant sees it; it has no URL, and a
// re-queue leaves it as it is.
delivery unbuildable(std::string id, const network& n, error_code e, unix_seconds now) {
  delivery d = new_delivery(std::move(id), n, network_request{"GET", "", "", ""}, delivery_state::rejected, now);
  d.next_at = 0;
  const std::string why = e == error_code::not_supported && !n.unsent_change_why.empty()
                              ? std::string(n.unsent_change_why)
                              : "the postback could not be built: " + std::string(error_name(e));
  d.attempts.push_back({now, 0, "rejected", why});
  return d;
}

// An attempt of a delivery as the shell sends it: the stored request, with the body's type and the
// network's credentials added now (never stored).
postback_send send_for(const delivery& d, const config& settings, unix_seconds now) {
  postback_send s;
  s.delivery_id = d.id;
  s.attempt = now;
  const network* n = network_named(d.network);
  s.network = n ? std::string(n->name) : d.network;
  s.method = d.method.empty() ? "GET" : d.method;
  s.url = d.url;
  if (!d.body.empty()) s.headers.emplace_back("content-type", d.content_type);
  if (n && n->auth_headers) n->auth_headers(settings, s.headers);
  s.body = d.body;
  s.timeout_seconds = settings.postback_timeout_seconds;
  return s;
}

// The state an adjustment's postback takes, given where its sale stands.
delivery_state adjustment_state_for(const delivery& sale) {
  switch (sale.state) {
    case delivery_state::accepted:
    case delivery_state::shadowed: return delivery_state::queued;
    case delivery_state::withdrawn: return delivery_state::withdrawn;
    default: return delivery_state::held;
  }
}

// A network told of the sale, with its own click. The first is the winner, whose deliveries keep
// the plain ids ("sale", "refund:<id>", "cancel"); under ATTRIBUTION_POLICY=per_network each other
// network edgepost sends to with a click in its window is told too, its deliveries' ids suffixed
// "@<network>".
struct told_network {
  const network* n;
  click c;
  std::string suffix;  // "" for the winner, "@<network>" for the others
};

std::vector<told_network> networks_told(const order_record& r, const config& settings) {
  std::vector<told_network> out;
  const network* winner = network_named(r.attributed_click->network);
  if (winner && sends_to(*winner, settings)) out.push_back({winner, *r.attributed_click, ""});
  if (settings.policy != attribution_policy::per_network) return out;
  for (const auto& ranked : r.arbitration) {
    const network* n = network_named(ranked.c.network);
    if (ranked.outcome != "won" || !n || n == winner || !sends_to(*n, settings)) continue;
    out.push_back({n, ranked.c, "@" + std::string(n->name)});
  }
  return out;
}

// The sale delivery an adjustment's delivery follows: "sale" plus the same network suffix.
const delivery* sale_of(const order_record& r, std::string_view delivery_id) {
  const size_t at = delivery_id.find('@');
  return r.find(at == std::string_view::npos ? std::string("sale") : "sale" + std::string(delivery_id.substr(at)));
}

conversion reversal_of(const order_record& r, const order_event& adjustment, const click& c) {
  conversion reversal;
  reversal.order_id = r.order_id;
  reversal.attributed_click = c;
  reversal.date = adjustment.created_at;
  reversal.currency = r.sale->currency;
  reversal.kind = conversion_kind::reversal;
  const micros sale_total = order_net_total(*r.sale);
  const bool reverses_all = adjustment.status == order_status::cancelled ||
                            (adjustment.refund_amount >= 0 && adjustment.refund_amount >= sale_total);
  // What the refunds up to this one took back, in the order they arrived.
  micros refunded = 0;
  for (const auto& earlier : r.adjustments) {
    const micros amount = earlier.status == order_status::cancelled ? sale_total
                          : earlier.refund_amount >= 0                ? earlier.refund_amount
                                                                      : order_net_total(earlier);
    refunded = amount >= sale_total - refunded ? sale_total : refunded + amount;
    if (&earlier == &adjustment) break;
  }
  reversal.cancellation = adjustment.status == order_status::cancelled;
  reversal.reverses_all = reverses_all || refunded >= sale_total;
  reversal.sale_items = r.sale->items;
  reversal.remaining = sale_total - refunded;
  reversal.restated_discount = r.sale->discount + refunded;
  if (reverses_all) {
    reversal.items = r.sale->items;  // the whole sale is reversed, discount included
    reversal.discount = r.sale->discount;
  } else if (adjustment.refund_amount >= 0) {
    // A partial refund known only by its amount: one line, as nothing says which items.
    reversal.items = {{"REFUND", "Refund " + adjustment.refund_id, 1, adjustment.refund_amount}};
  } else {
    reversal.items = adjustment.items;
    reversal.discount = adjustment.discount;
  }
  return reversal;
}

// Creates the postbacks that the record now has everything for: the sale once order and click
// are both known, and each adjustment once the sale's postback exists, for each network told (a
// network edgepost only observes is not told: its own tracking reports the sale, and the ledger
// counts the order as observed). Idempotent.
void materialize_deliveries(order_record& r, const config& settings, unix_seconds now) {
  if (!r.sale || r.sale->trial || !r.attributed_click || r.items_pending) return;
  for (const auto& [n, c, suffix] : networks_told(r, settings)) {
    const std::string sale_id = "sale" + suffix;
    if (!r.find(sale_id)) {
      conversion sale;
      sale.order_id = r.order_id;
      sale.attributed_click = c;
      sale.date = r.sale->created_at;
      sale.currency = r.sale->currency;
      sale.items = r.sale->items;
      sale.discount = r.sale->discount;
      network_request request;
      if (const error_code e = n->build(settings, sale).get(request); e != error_code::success)
        r.deliveries.push_back(unbuildable(sale_id, *n, e, now));
      else
        r.deliveries.push_back(new_delivery(sale_id, *n, std::move(request), delivery_state::queued, now));
    }
    for (const auto& adjustment : r.adjustments) {
      const std::string id = adjustment_delivery_id(adjustment) + suffix;
      if (r.find(id)) continue;
      network_request request;
      if (const error_code e = n->build(settings, reversal_of(r, adjustment, c)).get(request); e != error_code::success) {
        r.deliveries.push_back(unbuildable(id, *n, e, now));
        continue;
      }
      const delivery* sale_delivery = r.find(sale_id);
      EDGEPOST_ASSERT(sale_delivery);  // created above whenever sale and click are known
      if (!sale_delivery) return;
      r.deliveries.push_back(new_delivery(id, *n, std::move(request), adjustment_state_for(*sale_delivery), now));
    }
  }
}

// Once a sale is accepted (or shadowed, or withdrawn), the held adjustments of its network follow it.
void release_held(order_record& r, unix_seconds now) {
  for (auto& d : r.deliveries) {
    if (d.state != delivery_state::held) continue;
    const delivery* sale = sale_of(r, d.id);
    if (!sale) continue;
    d.state = adjustment_state_for(*sale);
    d.next_at = now;
  }
}

void record_attempt(delivery& d, attempt a) {
  if (a.detail.size() > attempt_detail_limit) a.detail.resize(attempt_detail_limit);
  d.attempts.push_back(std::move(a));
  // Long-lived orders keep their first attempt and the latest ones.
  if (d.attempts.size() > attempt_log_limit) d.attempts.erase(d.attempts.begin() + 1);
}

void schedule_retry_or_bury(delivery& d, const config& settings, unix_seconds now, uint32_t jitter,
                            int64_t retry_after_seconds) {
  const auto delay = retry_delay(settings, d.attempts_in_round, jitter);
  if (!delay) {
    d.state = delivery_state::dead;
    d.next_at = 0;
    return;
  }
  // Rakuten may ask for any wait. A huge one would park the postback for good (never retried,
  // never dead) or overflow the clock, so it is honoured up to a day or the schedule's longest
  // step, whichever is longer.
  const int64_t longest_step = settings.retry_schedule.empty()
                                   ? 0
                                   : *std::max_element(settings.retry_schedule.begin(), settings.retry_schedule.end());
  const int64_t asked = std::min(retry_after_seconds, std::max(longest_step, max_retry_after_seconds));
  // The shell's clock is in whole seconds, rounded down: one more second makes sure the wait is
  // at least what Retry-After asked for.
  d.next_at = now + std::max(*delay, asked >= 0 ? asked + 1 : -1);
}

// The sale goes out with the one-line stand-in it arrived with; the record says why.
void give_up_items(order_record& r, std::string problem, const config& settings, unix_seconds now) {
  r.items_note = std::move(problem) + "; the order is sent with one line of its total";
  r.items_pending.reset();
  materialize_deliveries(r, settings, now);
}

// A read that failed in a way that may pass: again after the schedule's next step.
void schedule_items_retry(order_record& r, std::string problem, const config& settings, unix_seconds now,
                          uint32_t jitter) {
  items_fetch& f = *r.items_pending;
  ++f.failures;
  const auto delay = retry_delay(settings, f.failures, jitter);
  if (!delay) {
    give_up_items(r, std::move(problem) + ", " + std::to_string(f.failures) + " times", settings, now);
    return;
  }
  r.items_note = std::move(problem) + "; read again later";
  f.next_at = now + *delay;
}

machine_effects finish(order_record& r, const config& settings, unix_seconds now, machine_effects e) {
  e.alarm_at = next_wakeup(r, settings);
  e.due_now = e.alarm_at > 0 && e.alarm_at <= now;
  return e;
}

machine_effects answer(int status, std::string word, std::string message) {
  machine_effects e;
  e.answer = {status, std::move(word), std::move(message)};
  return e;
}

}  // namespace

std::optional<int64_t> retry_delay(const config& settings, int64_t attempts_made, uint32_t jitter) {
  if (attempts_made < 1 || attempts_made > static_cast<int64_t>(settings.retry_schedule.size())) return std::nullopt;
  const int64_t step = settings.retry_schedule[static_cast<size_t>(attempts_made - 1)];
  // Jitter spreads retries of many orders that failed together over ±RETRY_JITTER_PERCENT.
  const int64_t spread = step * settings.retry_jitter_percent / 100;
  if (spread == 0) return step;
  const int64_t offset = static_cast<int64_t>(jitter % static_cast<uint32_t>(2 * spread + 1)) - spread;
  return step + offset;
}

// A subscription's payment asked at its trial's record (RECURRING_SALES=first): the trial's first
// payment becomes the subscription's first sale, stored under its own key with the trial's click;
// any other payment is a renewal, which this setting does not send. Nothing new is stored here
// but which payment paid the trial.
machine_effects on_trial_payment(order_record& r, const order_arrival& arrival, const config& settings,
                                 unix_seconds now) {
  const order_event& o = arrival.order;
  if (!r.sale || !r.sale->trial || (!r.trial_paid_by.empty() && r.trial_paid_by != o.order_id))
    return finish(r, settings, now,
                  answer(200, "ignored", "a subscription's renewal: with RECURRING_SALES=first only its first sale is sent"));
  machine_effects e = answer(202, "queued", "the trial's first payment is the subscription's first sale");
  if (r.trial_paid_by.empty()) {
    r.trial_paid_by = o.order_id;
    e.changed = true;
  }
  // Told again (the first answer was lost): the sale's own record takes it as a duplicate.
  order_arrival sale;
  sale.order = o;
  sale.order.order_key = o.order_id;
  sale.order.pays_trial = false;
  sale.order.renewal = false;
  sale.order.after_trial = true;
  sale.order.trial_key.clear();
  sale.order.join_keys.clear();
  sale.order.links = r.sale->links;
  if (r.attributed_click) {
    sale.clicks.push_back(*r.attributed_click);
    sale.click_source = "trial";
  }
  e.forward = std::move(sale);
  return finish(r, settings, now, std::move(e));
}

// Another name of a sale (a subscription invoice's PaymentIntent): stored once, so a refund that
// names only the payment is sent on to the sale.
machine_effects on_alias(order_record& r, const order_event& o, const config& settings, unix_seconds now) {
  if (!r.order_key.empty())
    return finish(r, settings, now, answer(200, "duplicate", "this payment is already known as its sale's other name"));
  r.order_key = o.order_key.empty() ? o.order_id : o.order_key;
  r.order_id = o.order_id;
  r.received_at = now;
  r.alias_of = o.alias_of;
  r.attribution = attribution_state::unattributed;
  machine_effects e = answer(202, "stored", "the payment is known as " + o.alias_of + ": its refunds go there");
  e.changed = true;
  return finish(r, settings, now, std::move(e));
}

machine_effects on_order(order_record& r, const order_arrival& arrival, const config& settings, unix_seconds now) {
  const order_event& o = arrival.order;
  if (o.pays_trial) return on_trial_payment(r, arrival, settings, now);
  if (!o.alias_of.empty()) return on_alias(r, o, settings, now);
  if (!r.alias_of.empty()) {
    // A refund or cancellation that named the sale's payment: the sale's own record takes it.
    if (o.status == order_status::paid)
      return finish(r, settings, now, answer(200, "ignored", "this key is another name of " + r.alias_of + ", not a sale"));
    machine_effects e = answer(202, "queued", "sent on to " + r.alias_of);
    order_arrival adjustment = arrival;
    adjustment.order.order_id = r.alias_of;
    adjustment.order.order_key = r.alias_of;
    e.forward = std::move(adjustment);
    return finish(r, settings, now, std::move(e));
  }
  if (r.order_key.empty()) {
    r.order_key = o.order_key.empty() ? o.order_id : o.order_key;
    r.received_at = now;
  }
  // A provider refund may name the order only by its object key; the sale names it for Rakuten.
  if (r.order_id.empty() || (o.status == order_status::paid && !r.sale)) r.order_id = o.order_id;

  if (o.status == order_status::paid) {
    if (r.sale) {
      // One sale told twice (a Stripe subscription's Checkout Session and its first invoice): the
      // later telling may bring the click the first lacked, which the order takes as a late click.
      if (!r.attributed_click && !arrival.clicks.empty()) {
        const arbitration judged = arbitrate(settings, arrival.clicks, r.sale->created_at, sale_window_seconds(*r.sale, settings));
        if (judged.winner) {
          r.arbitration = judged.outcomes;
          return on_click(r, *judged.winner, arrival.click_source, settings, now);
        }
      }
      // Or join keys it lacked (the Checkout Session's id): the order waits there for its click.
      if (!r.attributed_click) {
        bool added = false;
        for (const auto& k : o.join_keys) {
          if (std::find(r.sale->join_keys.begin(), r.sale->join_keys.end(), k) != r.sale->join_keys.end()) continue;
          r.sale->join_keys.push_back(k);
          added = true;
        }
        if (added) {
          machine_effects e = answer(202, "waiting_for_click", "the order waits for its click at the join keys this telling added");
          e.changed = true;
          if (settings.join_grace_seconds > 0) {
            r.attribution = attribution_state::waiting_for_click;
            r.click_deadline = now + settings.join_grace_seconds;
          }
          e.join_lookups = r.sale->join_keys;
          return finish(r, settings, now, std::move(e));
        }
      }
      machine_effects e = answer(200, "duplicate", "this order was already received; nothing new was done");
      // The sender repeats an order when the first answer failed, which may have been the join
      // lookups: while the order still waits for its click, it asks its join keys again.
      if (r.attribution == attribution_state::waiting_for_click) e.join_lookups = r.sale->join_keys;
      return finish(r, settings, now, std::move(e));
    }
    machine_effects e = answer(202, "queued", "the order is stored and its postback queued");
    e.changed = true;
    r.sale = o;
    if (arrival.items) {
      r.items_pending = arrival.items;
      r.items_pending->next_at = now;
      r.items_pending->in_flight_since = 0;
      e.answer.message = "the order is stored; its postback is queued once its line items are read";
    }
    const arbitration judged = arbitrate(settings, arrival.clicks, o.created_at, sale_window_seconds(o, settings));
    if (!arrival.clicks.empty()) r.arbitration = judged.outcomes;
    if (judged.winner) {
      r.attributed_click = judged.winner;
      r.click_source = arrival.click_source;
      r.attribution = attribution_state::attributed;
    } else if (!r.attributed_click && o.fallback_click && (o.join_keys.empty() || settings.join_grace_seconds == 0) &&
               click_fits_sale(*o.fallback_click, o, settings)) {
      r.attributed_click = o.fallback_click;
      r.click_source = "landing_site";
      r.attribution = attribution_state::attributed;
    } else if (!r.attributed_click) {
      r.fallback_click = o.fallback_click;
      r.attribution = settings.join_grace_seconds > 0 && !o.join_keys.empty() ? attribution_state::waiting_for_click
                                                                               : attribution_state::unattributed;
      r.click_deadline = r.attribution == attribution_state::waiting_for_click ? now + settings.join_grace_seconds : 0;
      e.answer.code = r.attribution == attribution_state::waiting_for_click ? "waiting_for_click" : "unattributed";
      if (r.attribution == attribution_state::waiting_for_click) e.join_lookups = o.join_keys;
      e.answer.message = r.attribution == attribution_state::waiting_for_click
                      ? "the order is stored and waits for its click"
                      : "the order is stored; no valid click was found, so no postback is sent";
    }
    if (r.attributed_click) e.record_links = o.links;
    if (o.trial && e.answer.code == "queued") {
      e.answer.code = "trial";
      e.answer.message = "the trial is stored with its click; its first payment will be the subscription's first sale";
    }
    materialize_deliveries(r, settings, now);
    return finish(r, settings, now, std::move(e));
  }

  // A refund or a cancellation.
  const std::string id = adjustment_delivery_id(o);
  if (find_adjustment(r, id))
    return finish(r, settings, now, answer(200, "duplicate", "this adjustment was already received; nothing new was done"));
  if (!r.sale)
    return finish(r, settings, now, answer(409, "unknown_order",
                            "no paid order with this order_id is known yet; send the paid order first (or retry later)"));
  if (!o.currency.empty() && o.currency != r.sale->currency)
    return finish(r, settings, now, answer(400, "currency_mismatch", "an adjustment must use the currency of its order"));

  machine_effects e = answer(202, "queued", "the adjustment is stored");
  e.changed = true;
  r.adjustments.push_back(o);
  if (o.status == order_status::cancelled) {
    // Cancelled before a sale's postback ever left: neither is sent, to any network told.
    for (auto& sale : r.deliveries) {
      if (sale.id.rfind("sale", 0) != 0 || sale.state != delivery_state::queued || !sale.attempts.empty() ||
          sale.in_flight_since != 0)
        continue;
      sale.state = delivery_state::withdrawn;
      sale.next_at = 0;
    }
  }
  materialize_deliveries(r, settings, now);
  if (const delivery* d = r.find(id)) e.answer.code = std::string(delivery_state_name(d->state));
  else e.answer.code = "not_sent";
  if (e.answer.code == "held") e.answer.message = "the adjustment is stored and waits until Rakuten accepts the sale";
  if (e.answer.code == "not_sent") e.answer.message = "the adjustment is stored; the sale was not attributed, so nothing is sent";
  if (e.answer.code == "withdrawn") e.answer.message = "the order was cancelled before its postback was sent; nothing is sent";
  return finish(r, settings, now, std::move(e));
}

machine_effects on_click(order_record& r, const click& c, std::string_view source, const config& settings,
                         unix_seconds now) {
  // Only an order that arrived waits for a click; a record without one is not stored at all.
  if (r.order_id.empty())
    return finish(r, settings, now, answer(409, "unknown_order", "no order has arrived here for the click to join"));
  if (r.attributed_click) return finish(r, settings, now, answer(200, "duplicate", "the order already has its click"));
  if (r.sale && !click_fits_sale(c, *r.sale, settings))
    return finish(r, settings, now, answer(200, "outside_window", "the click is outside the order's attribution window"));
  machine_effects e = answer(202, "attributed", "the click is recorded");
  e.changed = true;
  r.attributed_click = c;
  if (r.attributed_click->network.empty()) r.attributed_click->network = std::string(networks().front().name);
  r.click_source = std::string(source);
  if (r.arbitration.empty()) r.arbitration = {ranked_click{c, "won"}};
  if (r.sale) {
    r.attribution = attribution_state::attributed;
    e.record_links = r.sale->links;
    e.answer.code = "queued";
    const std::string how = source == "join_key" ? "the order met its click through a join key"
                                                  : "the order met its click in a later telling of the same sale";
    e.answer.message = how + (r.items_pending ? "; its postback is queued once its line items are read" : "; its postback is queued");
    if (r.sale->trial) {
      e.answer.code = "trial";
      e.answer.message = how + "; the trial's first payment will be the subscription's first sale";
    }
  }
  materialize_deliveries(r, settings, now);
  return finish(r, settings, now, std::move(e));
}

machine_effects on_join_clicks(order_record& r, const std::vector<click>& found, const config& settings,
                               unix_seconds now) {
  // The join keys' clicks are judged as a landing's are: one winner (README, "Networks").
  if (r.attributed_click) return finish(r, settings, now, answer(200, "duplicate", "the order already has its click"));
  const arbitration judged = r.sale ? arbitrate(settings, found, r.sale->created_at, sale_window_seconds(*r.sale, settings))
                                    : arbitrate(settings, found, now);
  if (!judged.winner)
    return finish(r, settings, now, answer(200, "no_click", "no click recorded for the order's join keys fits its sale"));
  if (!r.order_id.empty()) r.arbitration = judged.outcomes;
  return on_click(r, *judged.winner, "join_key", settings, now);
}

machine_effects with_due_send(order_record& r, machine_effects e, const config& settings, unix_seconds now) {
  if (!e.due_now || e.send || e.fetch) return e;
  machine_effects due = on_alarm(r, settings, now);
  e.changed = e.changed || due.changed;
  e.send = std::move(due.send);
  e.fetch = std::move(due.fetch);
  e.alarm_at = due.alarm_at;
  e.due_now = due.due_now;
  return e;
}

machine_effects on_alarm(order_record& r, const config& settings, unix_seconds now) {
  machine_effects e;
  if (r.attribution == attribution_state::waiting_for_click && r.click_deadline > 0 && now >= r.click_deadline) {
    r.attribution = attribution_state::unattributed;
    if (r.fallback_click && r.sale && click_fits_sale(*r.fallback_click, *r.sale, settings)) {
      r.attributed_click = r.fallback_click;
      r.click_source = "landing_site";
      r.attribution = attribution_state::attributed;
      materialize_deliveries(r, settings, now);
    }
    e.changed = true;
  }
  if (r.items_pending && r.items_pending->in_flight_since && now >= items_read_expiry(*r.items_pending, settings)) {
    r.items_pending->in_flight_since = 0;
    schedule_items_retry(r, "the worker restarted while the order's line items were read", settings, now, 0);
    e.changed = true;
  }
  if (r.items_pending && !r.items_pending->in_flight_since && r.items_pending->next_at <= now) {
    r.items_pending->in_flight_since = now;
    e.fetch = items_request{now, r.items_pending->url, settings.postback_timeout_seconds};
    e.changed = true;
  }
  for (auto& d : r.deliveries) {
    if (d.state != delivery_state::queued || d.in_flight_since == 0 || now < in_flight_expiry(d, settings)) continue;
    // The worker stopped while this attempt was out: we cannot know if it arrived. Count it
    // and retry; Rakuten's answer to the repeat tells (see the README's delivery guarantees).
    ++d.attempts_in_round;
    record_attempt(d, {now, 0, "interrupted", "the worker restarted during this attempt"});
    d.in_flight_since = 0;
    d.next_at = now;
    e.changed = true;
  }
  for (;;) {
    delivery* due = nullptr;
    for (auto& d : r.deliveries)
      if (d.state == delivery_state::queued && d.in_flight_since == 0 && d.next_at <= now &&
          (!due || d.next_at < due->next_at))
        due = &d;
    if (!due) break;
    e.changed = true;
    if (const network* n = network_named(due->network); settings.mode_for(n ? n->name : due->network) == delivery_mode::shadow) {
      due->state = delivery_state::shadowed;
      record_attempt(*due, {now, 0, "shadow", "MODE=shadow for " + std::string(n ? n->name : due->network) +
                                                  ": built and recorded, not sent"});
      release_held(r, now);
      continue;
    }
    due->in_flight_since = now;
    e.send = send_for(*due, settings, now);
    break;
  }
  return finish(r, settings, now, std::move(e));
}

machine_effects on_attempt_result(order_record& r, std::string_view delivery_id, unix_seconds attempt, int status,
                                  std::string_view body, std::string_view retry_after_header, const config& settings,
                                  unix_seconds now, uint32_t jitter) {
  delivery* d = r.find(delivery_id);
  if (!d || d->state != delivery_state::queued || d->in_flight_since == 0 || d->in_flight_since != attempt)
    return finish(r, settings, now, answer(409, "not_in_flight", "this attempt of the postback is no longer out"));
  const network* n = network_named(d->network);
  attempt_judgement j;
  if (n) {
    j = n->judge(status, body, retry_after_header);
  } else {
    j.outcome = verdict::rejected;
    j.reason = "the record names a network edgepost does not know: " + d->network;
  }
  machine_effects e;
  e.changed = true;
  d->in_flight_since = 0;
  ++d->attempts_in_round;
  std::string detail = j.reason;
  if (!body.empty()) detail.append(" | ").append(body.substr(0, 160));
  record_attempt(*d, {now, status, std::string(verdict_name(j.outcome)), std::move(detail)});
  switch (j.outcome) {
    case verdict::accepted:
      d->state = delivery_state::accepted;
      d->next_at = 0;
      release_held(r, now);
      break;
    case verdict::rejected:
      d->state = delivery_state::rejected;
      d->next_at = 0;
      break;
    case verdict::retry: schedule_retry_or_bury(*d, settings, now, jitter, j.retry_after_seconds); break;
  }
  // Each signal names the network that answered: "<signal>:<network>" (monitoring/monitor.h).
  const std::string told = ":" + (n ? std::string(n->name) : d->network);
  if (j.outcome == verdict::accepted) e.signals.push_back("accepted" + told);
  else if (d->attempts.size() == 1) e.signals.push_back("first_attempt_failed" + told);
  if (j.access_denied) e.signals.push_back("access_denied" + told);
  if (d->state == delivery_state::dead) e.signals.push_back("dead_letter" + told);
  return finish(r, settings, now, std::move(e));
}

machine_effects on_items_page(order_record& r, unix_seconds attempt, const items_page& page, const config& settings,
                              unix_seconds now, uint32_t jitter) {
  if (!r.items_pending || r.items_pending->in_flight_since == 0 || r.items_pending->in_flight_since != attempt)
    return finish(r, settings, now, answer(409, "not_in_flight", "this read of the order's line items is no longer out"));
  machine_effects e;
  e.changed = true;
  items_fetch& f = *r.items_pending;
  f.in_flight_since = 0;
  switch (page.outcome) {
    case items_page_outcome::next_page:
      f.fetched = page.items;
      f.url = page.next_url;
      ++f.pages;
      f.failures = 0;
      f.next_at = now;
      break;
    case items_page_outcome::complete:
      EDGEPOST_ASSERT(r.sale);  // lines are read only for a stored sale
      if (r.sale) r.sale->items = page.items;
      r.items_pending.reset();
      r.items_note.clear();
      materialize_deliveries(r, settings, now);
      break;
    case items_page_outcome::retry: schedule_items_retry(r, page.problem, settings, now, jitter); break;
    case items_page_outcome::give_up: give_up_items(r, page.problem, settings, now); break;
  }
  return finish(r, settings, now, std::move(e));
}

machine_effects on_requeue(order_record& r, const config& settings, unix_seconds now) {
  machine_effects e = answer(200, "nothing_to_retry", "no rejected or dead postback in this order");
  for (auto& d : r.deliveries) {
    if (d.state != delivery_state::rejected && d.state != delivery_state::dead) continue;
    if (d.url.empty()) continue;  // never built: sending it again cannot help
    d.state = delivery_state::queued;
    d.next_at = now;
    d.attempts_in_round = 0;
    e.changed = true;
    e.answer.status = 202;
    e.answer.code = "requeued";
    e.answer.message = "the order's failed postbacks are queued again";
  }
  return finish(r, settings, now, std::move(e));
}

}  // namespace edgepost
