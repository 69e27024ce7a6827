// What an order intake answers, whichever way the order came (the generic orders API or a
// provider's webhook): a reply for the caller, and the order events to store, each addressed to
// its order's key and shard. The shell stores them and answers the same way for every source.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/order_arrival.h"
#include "support/reply.h"

namespace edgepost {

struct addressed_arrival {
  std::string order_key;
  uint32_t shard = 0;        // order_shard_for(order_key)
  std::string arrival_json;  // for the order's shard
};

// The arrival addressed to the shard its order's key names.
addressed_arrival address_arrival(const order_arrival& arrival);

struct intake_outcome {
  // 202 stored | paid | refunded | cancelled, 200 ignored | ping, or the refusal to answer
  // (nothing stored).
  reply answer{202, "", ""};
  std::vector<addressed_arrival> arrivals;  // to deliver in order
  std::string fetch_url;                    // non-empty: fetch this, then continue
  std::string fetch_authorization;
  std::string continuation;
  std::string forward_to;                   // forward the webhook unchanged here, answer its status
  std::string accepted_body;                // once stored, answer 200 with this text, not the JSON
  std::string log;
};

// A request refused before anything was stored.
inline intake_outcome refused(reply r) {
  intake_outcome o;
  o.answer = std::move(r);
  return o;
}
inline intake_outcome refused(int status, std::string code, std::string message) {
  return refused(reply{status, std::move(code), std::move(message)});
}

}  // namespace edgepost
