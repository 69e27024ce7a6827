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

}  // namespace edgepost
