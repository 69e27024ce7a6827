// What a verified provider webhook means for edgepost: nothing (ignored, with a reason), or one
// or more normalised order events (a paid order, refunds, a cancellation).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/order.h"
#include "support/reply.h"
#include "support/utc_time.h"

namespace edgepost {

struct provider_reading {
  reply answer;  // 200 paid | refunded | cancelled | ignored; 400 when the webhook cannot be read
  std::vector<order_event> orders;
  // What the provider's API is to be asked (providers/provider_api.h), when the webhook left it out:
  std::string items_source;    // whose lines to read (a Stripe Checkout Session, a Square order)
  std::string refunds_source;  // whose refunds to list (a Stripe charge.refunded without its list)
};

inline provider_reading ignored_reading(std::string message) {
  provider_reading r;
  r.answer = {200, "ignored", std::move(message)};
  return r;
}

inline provider_reading unreadable_reading(std::string message) {
  provider_reading r;
  r.answer = refusal(400, "invalid_field", std::move(message));
  return r;
}

// A subscription that starts without a payment: its trial (model/order.h), stored at `trial_key`
// with the click it carries, never sent; its sale's click is kept under `subscription_key` for the
// renewals. The subscription's id is the trial's order id.
provider_reading trial_reading(std::string_view subscription, std::string trial_key, std::string subscription_key,
                               std::string_view currency, unix_seconds created, std::string attribution = {});

// The provider's payment `payment_id` as another name of the sale `sale_id` (model/order.h,
// alias_of), for refunds that name only the payment; nullopt when either id cannot be a key or
// they are the same.
std::optional<order_event> another_name_of(std::string_view sale_id, std::string_view payment_id,
                                           std::string_view currency, unix_seconds created);

}  // namespace edgepost
