// An order arrival's stored form, as intake hands it to the order's shard and the shard hands it
// to the machine.
#pragma once
#include <string>
#include <string_view>

#include "model/order_arrival.h"
#include "support/result.h"

namespace edgepost {

std::string write_arrival(const order_arrival& a);
result<order_arrival> read_arrival(std::string_view json);

}  // namespace edgepost
