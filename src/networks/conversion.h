// A sale or its reversal as a network is told of it: what every network's request builder reads.
#pragma once
#include <string>
#include <vector>

#include "model/click.h"
#include "model/order.h"
#include "support/utc_time.h"

namespace edgepost {

enum class conversion_kind { sale, reversal };

struct conversion {
  std::string order_id;
  click attributed_click;
  unix_seconds date = 0;  // when the sale (or the reversal) happened
  std::string currency;
  std::vector<line_item> items;
  micros discount = 0;
  conversion_kind kind = conversion_kind::sale;
};

}  // namespace edgepost
