// An order event on its way to its order's record: the normalised event, and the click its
// intake already resolved from what the order carried (a verified cookie or an explicit click).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/click.h"
#include "model/items_fetch.h"
#include "model/order.h"

namespace edgepost {

struct order_arrival {
  order_event order;
  // The clicks the order carried (a verified cookie: the latest per network; or an explicit click),
  // judged by the order's machine, which picks one winner (networks/arbitration.h).
  std::vector<click> clicks;
  std::string click_source;  // cookie | click | join_key
  // Where the sale's lines are to be read from, when its webhook did not carry them (its items
  // are a one-line stand-in meanwhile).
  std::optional<items_fetch> items;
};

}  // namespace edgepost
