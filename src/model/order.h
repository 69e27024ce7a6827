// A normalised order event: what every provider's webhook (and the generic orders API) is
// turned into before the order's state machine sees it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/click.h"
#include "money/money.h"
#include "support/utc_time.h"

namespace edgepost {

enum class order_status { paid, refunded, cancelled };

struct line_item {
  std::string sku;
  std::string name;
  int64_t quantity = 0;
  micros unit_price = 0;
};

struct order_event {
  std::string order_id;  // becomes Rakuten's `ord`: 1..40 characters, no blanks
  // The one key every path reaches the order by (intake, joins, refunds, admin, the alarm); it
  // also names the order's shard (model/order_shard.h). The generic API uses the order id; a
  // provider whose refunds name the order by another id (Shopify) uses that one.
  std::string order_key;
  order_status status = order_status::paid;
  std::string currency;  // ISO 4217, upper case
  unix_seconds created_at = 0;
  std::vector<line_item> items;
  micros discount = 0;
  std::string refund_id;  // for refunded: which refund
  // A refund known only by its amount (Stripe): -1 when the refund lists its items instead.
  micros refund_amount = -1;
  // Attribution candidates, in the order they are tried.
  std::string attribution;  // the signed cookie value
  std::optional<click> explicit_click;
  // A click good enough only when nothing better turns up within JOIN_GRACE_SECONDS (Shopify's
  // landing_site, whose landing time is inferred).
  std::optional<click> fallback_click;
  std::vector<std::string> join_keys;
  // A subscription's sales (DESIGN, "Subscriptions"): `links` are keys the sale's click is
  // recorded under once it has one (the subscription), so its renewals find that click; a
  // `renewal` looks for it there and is credited within RECURRING_SALES_DAYS of the click.
  std::vector<std::string> links;
  bool renewal = false;
  // Trials (README, "Subscriptions"). A subscription that starts without a payment is a `trial`:
  // stored at its trial key ("<provider>_trial:<subscription>") with its click, never sent. A
  // renewal names that key as `trial_key`; with RECURRING_SALES=first it is asked there whether it
  // is the trial's first payment (`pays_trial`), which becomes the subscription's first sale,
  // `after_trial`: its click judged as a renewal's, within RECURRING_SALES_DAYS.
  bool trial = false;
  std::string trial_key;
  bool pays_trial = false;
  bool after_trial = false;
  // Not an order but another name of one: the provider's payment (a Stripe PaymentIntent) of the
  // sale `alias_of` (its invoice), so a refund that names only the payment reaches the sale.
  std::string alias_of;
};

// Sum of the lines less the order discount; 0 if it would overflow (the parser refuses such
// orders, so this only guards stored data).
micros order_net_total(const order_event& o);

constexpr size_t max_order_id_length = 40;
// What Rakuten's `ord` may be: 1 to max_order_id_length characters, none blank or a control character.
bool is_valid_order_id(std::string_view id);
constexpr size_t max_line_items = 1000;
// Items of one line: beyond this no shop's order is real, and the amounts of every accepted line
// (unit price at most 10^12 units) still fit in 64-bit micro-units.
constexpr int64_t max_quantity = 1'000'000;

// The line that stands for many when an order has more lines than fit (a provider's order over
// max_line_items, or a postback over Rakuten's URL length): SKU and name of the merged line.
constexpr std::string_view merged_lines_sku = "OTHER";
constexpr std::string_view merged_lines_name = "Other items";

}  // namespace edgepost
