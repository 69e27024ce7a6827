// The generic join: a merchant's own identifiers (a cart id cookie, an order id in a URL) seen on
// a request that carries the attribution cookie become join keys "<name>:<value>". An order that
// later names one of them meets its click, without any change to the origin.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace edgepost {

constexpr std::string_view join_marker_cookie_name = "edgepost_join";
constexpr size_t max_join_value_length = 128;

// A value seen in traffic that may become part of a join key: visible ASCII without quotes or
// backslashes (cart and order ids are), at most max_join_value_length characters.
bool is_valid_join_value(std::string_view value);

// The join keys this request shows, in configuration order, each at most once.
std::vector<std::string> capture_join_keys(const config& settings, std::string_view query,
                                           std::string_view cookie_header);

// A short digest of (attribution token, keys): the marker cookie that says "these keys were
// already recorded for this click", so a key is recorded once, not on every page view. Not a
// security boundary (a forged marker only suppresses recording for its own sender).
std::string join_marker(std::string_view token, const std::vector<std::string>& keys);

}  // namespace edgepost
