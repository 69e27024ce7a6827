#include "networks/network_settings.h"

#include <string>

namespace edgepost {

std::optional<network_status> status_from_settings(std::string_view network,
                                                   std::initializer_list<required_setting> required) {
  std::string missing;
  size_t set = 0;
  for (const auto& r : required) {
    if (!r.value.empty()) {
      ++set;
      continue;
    }
    if (!missing.empty()) missing += ", ";
    missing += r.name;
  }
  if (set == required.size()) return std::nullopt;
  if (set == 0)
    return network_status{network_state::observing,
                          missing + " not set: " + std::string(network) + "'s clicks are captured, nothing is sent"};
  return network_status{network_state::misconfigured, missing + " not set: " + std::string(network) + " needs all of them"};
}

bool is_numeric_id(std::string_view s) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string api_base(const config& settings, std::string_view name, std::string_view production) {
  std::string_view base = settings.setting(name);
  if (base.empty()) base = production;
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string(base);
}

result<micros> subtotal_after_discount(const conversion& c) {
  micros subtotal = 0;
  for (const auto& item : c.items) {
    micros line = 0;
    if (multiply_amount(item.unit_price, item.quantity).get(line) != error_code::success ||
        __builtin_add_overflow(subtotal, line, &subtotal))
      return error_code::amount_out_of_range;
  }
  if (__builtin_sub_overflow(subtotal, c.discount, &subtotal)) return error_code::amount_out_of_range;
  return subtotal;
}

}  // namespace edgepost
