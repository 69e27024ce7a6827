#include "model/order.h"

namespace edgepost {

micros order_net_total(const order_event& o) {
  micros total = 0;
  for (const auto& item : o.items) {
    micros line = 0;
    if (multiply_amount(item.unit_price, item.quantity).get(line) != error_code::success) return 0;
    if (__builtin_add_overflow(total, line, &total)) return 0;
  }
  return total - o.discount;
}

}  // namespace edgepost
