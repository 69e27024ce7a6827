// What an order's shard stores of it: the sale (once seen), the click (once known), and
// one delivery per postback (the sale, each refund, a cancellation) with its attempt log.
// The core reads it, decides, and writes it back; the JS shell only stores the bytes.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/click.h"
#include "model/items_fetch.h"
#include "model/order.h"
#include "support/result.h"
#include "support/utc_time.h"

namespace edgepost {

enum class delivery_state {
  queued,     // due at next_at
  held,       // an adjustment waiting for its sale to be accepted
  accepted,   // Rakuten accepted it: never sent again
  rejected,   // Rakuten refused it for good (re-queue by hand after fixing the cause)
  dead,       // every scheduled attempt failed
  shadowed,   // MODE=shadow: built and recorded, not sent
  withdrawn,  // a cancellation arrived before the sale was ever sent: neither goes out
};
std::string_view delivery_state_name(delivery_state s);
std::optional<delivery_state> delivery_state_from_name(std::string_view name);

struct attempt {
  unix_seconds at = 0;
  int status = 0;          // HTTP status, 0 for no answer
  std::string verdict;     // accepted | rejected | retry | interrupted
  std::string detail;      // reason and a short excerpt of the body
};

struct delivery {
  std::string id;          // "sale", "refund:<refund_id>", "cancel"
  // The network told, by its name in the network table; empty in a record written before there
  // was more than one (it then means the table's first, the network edgepost began with).
  std::string network;
  // The request, fixed when created: retries send the same bytes. The network's credentials are
  // not in it: they are added at each attempt, so a record never holds a secret.
  std::string method;        // empty: GET
  std::string url;
  std::string content_type;  // with a body
  std::string body;
  delivery_state state = delivery_state::queued;
  unix_seconds created_at = 0;
  unix_seconds next_at = 0;
  unix_seconds in_flight_since = 0;  // non-zero while an attempt is out; survives a restart
  int64_t attempts_in_round = 0;     // attempts since (re)queueing, against RETRY_SCHEDULE
  std::vector<attempt> attempts;
};

enum class attribution_state { waiting_for_click, attributed, unattributed };
std::string_view attribution_state_name(attribution_state s);

struct order_record {
  std::string order_id;    // Rakuten's `ord`
  std::string order_key;  // the key the order's shard stores it under (model/order.h)
  int64_t revision = 0;  // +1 on every stored change
  unix_seconds received_at = 0;
  std::optional<order_event> sale;  // the paid order, items and all
  std::optional<click> attributed_click;  // the winner, whatever network it came through
  // Every click the sale carried, the winner first, with why each won or lost (networks/arbitration.h).
  std::vector<ranked_click> arbitration;
  std::string click_source;          // cookie | click | join_key
  attribution_state attribution = attribution_state::waiting_for_click;
  std::optional<click> fallback_click;  // used if no better click arrives by click_deadline
  unix_seconds click_deadline = 0;   // JOIN_GRACE_SECONDS after the sale
  std::vector<delivery> deliveries;
  // Refunds and cancellations, kept whole: their postbacks are built once a click is known and
  // sent once the sale is accepted, whatever order the events arrived in.
  std::vector<order_event> adjustments;
  // The sale's lines still being read from its provider's API; no postback is built until they
  // are (or the read is given up, and the sale keeps the stand-in line it arrived with).
  std::optional<items_fetch> items_pending;
  std::string items_note;  // why a read was given up, shown with the order
  // A trial's record (its sale is the `trial`): the order id of the payment that became the
  // subscription's first sale, stored under that order's own key. Empty while the trial is unpaid.
  std::string trial_paid_by;
  // Another name of a sale (model/order.h): this record only sends the refunds that reach it there.
  std::string alias_of;

  delivery* find(std::string_view id);
  const delivery* find(std::string_view id) const;
};

// The delivery of an adjustment: "cancel", or "refund:<refund_id>".
std::string adjustment_delivery_id(const order_event& adjustment);

// Written into every record as "v"; a record of another version is refused, not read.
constexpr int64_t order_record_schema_version = 1;

std::string write_order_record(const order_record& r);
result<order_record> read_order_record(std::string_view json);

}  // namespace edgepost
