// What a verified provider webhook means for edgepost: nothing (ignored, with a reason), or one
// or more normalised order events (a paid order, refunds, a cancellation).
#pragma once
#include <string>
#include <vector>

#include "model/order.h"
#include "support/reply.h"

namespace edgepost {

struct provider_reading {
  reply answer;  // 200 paid | refunded | cancelled | ignored; 400 when the webhook cannot be read
  std::vector<order_event> orders;
  std::string session_id;          // Stripe: the Checkout Session whose line items to fetch
  std::string refunded_charge_id;  // Stripe: a charge.refunded that did not list its refunds
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

}  // namespace edgepost
