// What a verified provider webhook means for edgepost: nothing (ignored, with a reason), or one
// or more normalised order events (a paid order, refunds, a cancellation).
#pragma once
#include <string>
#include <vector>

#include "model/order.h"

namespace edgepost {

struct provider_reading {
  int status = 200;          // 400 when the webhook cannot be read
  std::string word;          // paid | refunded | cancelled | ignored | an error code
  std::string message;
  std::vector<order_event> orders;
  std::string session_id;    // Stripe: the Checkout Session whose line items to fetch
};

inline provider_reading ignored_reading(std::string message) {
  provider_reading r;
  r.word = "ignored";
  r.message = std::move(message);
  return r;
}

inline provider_reading unreadable_reading(std::string message) {
  provider_reading r;
  r.status = 400;
  r.word = "invalid_field";
  r.message = std::move(message);
  return r;
}

}  // namespace edgepost
