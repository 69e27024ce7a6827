#include "intake/intake_outcome.h"

#include "model/arrival_codec.h"
#include "model/order_shard.h"

namespace edgepost {

addressed_arrival address_arrival(const order_arrival& arrival) {
  return {arrival.order.order_key, order_shard_for(arrival.order.order_key), write_arrival(arrival)};
}

}  // namespace edgepost
