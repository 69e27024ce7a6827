#include "model/order.h"

namespace edgepost {

bool is_valid_order_id(std::string_view id) {
  if (id.empty() || id.size() > max_order_id_length) return false;
  for (char c : id)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  return true;
}

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
