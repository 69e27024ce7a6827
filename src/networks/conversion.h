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

  // A reversal as a network that restates the whole order takes it (CJ), rather than as the lines
  // it takes back (Rakuten): whether it is a cancellation, whether nothing of the sale is left after
  // it, and the sale as it stands after it and every reversal before it (its lines, its discount
  // grown by what was refunded, and what it is worth).
  bool cancellation = false;
  bool reverses_all = false;
  std::vector<line_item> sale_items;
  micros restated_discount = 0;
  micros remaining = 0;
};

}  // namespace edgepost
