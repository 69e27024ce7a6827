// The order state machine. An order's shard holds its order_record; every event (an order or
// refund arrives, a click is joined, the alarm fires, an attempt comes back, an admin re-queues)
// goes through one of these functions, which change the record and return the effects for the
// shell to carry out. Nothing here does I/O or reads a clock.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/order_arrival.h"
#include "model/order_record.h"
#include "networks/network_table.h"
#include "support/reply.h"

namespace edgepost {

struct postback_send {
  std::string delivery_id;
  // The attempt's identity: when it went out (its delivery's in_flight_since). The shell hands it
  // back with the answer, so an answer that comes back after its attempt was given up for lost
  // (and another one sent) is never taken for the other attempt's.
  unix_seconds attempt = 0;
  std::string network;  // the network told (its name in the network table)
  std::string method;   // GET, POST, …
  std::string url;
  header_list headers;  // the body's type and the network's credentials, added at this attempt
  std::string body;
  int64_t timeout_seconds = 15;
};

// A page of the sale's lines to read (model/items_fetch.h), with the read's identity.
struct items_request {
  unix_seconds attempt = 0;
  std::string url;
  int64_t timeout_seconds = 15;
};

struct machine_effects {
  bool changed = false;                 // the record must be stored before anything else happens
  reply answer;                          // for events that answer a request: queued, duplicate, …
                                        // (code empty: nothing to answer)
  std::optional<postback_send> send;    // at most one attempt per step; the shell loops
  std::optional<items_request> fetch;   // a page of the sale's lines to read, then on_items_page
  unix_seconds alarm_at = 0;            // 0: no alarm needed
  bool due_now = false;                 // alarm_at has come (with_due_send hands out what is due)
  std::vector<std::string> join_lookups;  // ask these join keys for a click recorded earlier
  // Record the order's click under these keys (its sale's links: a subscription), now that the
  // sale has it, for the subscription's later sales.
  std::vector<std::string> record_links;
  // An event for another record, whose answer is the request's: a trial's first payment, now the
  // subscription's first sale, to store under its own key (with the trial's click); a refund that
  // reached a sale's other name, for the sale.
  std::optional<order_arrival> forward;
  // What monitoring hears of this step (monitoring/monitor.h): accepted, first_attempt_failed,
  // access_denied, dead_letter.
  std::vector<std::string> signals;
};

// After an event: what it made due goes out in the same step (marked in flight in the same
// record the event changed, so one commit stores both), instead of in an alarm step after it.
machine_effects with_due_send(order_record& record, machine_effects effects, const config& settings,
                              unix_seconds now);

machine_effects on_order(order_record& record, const order_arrival& arrival, const config& settings,
                         unix_seconds now);

// A click found later through a join key.
machine_effects on_click(order_record& record, const click& c, std::string_view source, const config& settings,
                         unix_seconds now);

// The clicks the order's join keys had recorded when it asked for them (one per key that had
// one): the most recent one that fits the sale's attribution window wins — the last click, as
// affiliate networks attribute — and goes through on_click.
machine_effects on_join_clicks(order_record& record, const std::vector<click>& found, const config& settings,
                               unix_seconds now);

// The alarm fired: expire the click wait, recover an attempt a restart interrupted, and hand out
// the next due postback (in shadow mode, record every due one as shadowed instead).
machine_effects on_alarm(order_record& record, const config& settings, unix_seconds now);

// The shell's report of one attempt (`attempt` is the identity its send carried). `jitter` is any
// random 32-bit value from the shell.
machine_effects on_attempt_result(order_record& record, std::string_view delivery_id, unix_seconds attempt, int status,
                                  std::string_view body, std::string_view retry_after_header,
                                  const config& settings, unix_seconds now, uint32_t jitter);

// A page of the sale's lines came back, as the provider's reader judged it (`attempt` is the
// identity its request carried). A failure that may pass is read again on RETRY_SCHEDULE; once
// that is used up, or on an answer that will not change, the sale keeps its one-line stand-in and
// the record says why. No postback is built before.
machine_effects on_items_page(order_record& record, unix_seconds attempt, const items_page& page,
                              const config& settings, unix_seconds now, uint32_t jitter);

// Admin re-queue of rejected and dead deliveries (a fresh round of the retry schedule).
machine_effects on_requeue(order_record& record, const config& settings, unix_seconds now);

// Delay before attempt number `attempts_made + 1`; nullopt once the schedule is used up.
std::optional<int64_t> retry_delay(const config& settings, int64_t attempts_made, uint32_t jitter);

}  // namespace edgepost
