// What the networks that take credentials have in common: their state from which of their
// required settings are set (README, "Networks"), and the check of their numeric ids.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "networks/network_table.h"

namespace edgepost {

struct required_setting {
  std::string_view name;   // as the merchant sets it, e.g. AWIN_API_KEY
  std::string_view value;
};

// observing when none is set, misconfigured (naming the missing ones) when some are; nullopt when
// all are, for the network to check their values.
std::optional<network_status> status_from_settings(std::string_view network,
                                                   std::initializer_list<required_setting> required);

bool is_numeric_id(std::string_view s);  // 1-20 digits

// A network's API base: the named setting (…_API_BASE) without its trailing slashes, or the
// network's production host when it is not set. Tests point it at stand-ins.
std::string api_base(const config& settings, std::string_view name, std::string_view production);

// The sale's lines less its discount (before tax and shipping, which edgepost's lines never hold).
result<micros> subtotal_after_discount(const conversion& c);

}  // namespace edgepost
