// Hexadecimal digits: a key given as hex text (Adyen's HMAC key), a percent-escape's two digits.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace edgepost {

// 0..15 for a hex digit of either case, -1 for anything else.
int hex_digit_value(char c);
// The bytes an even number of hex digits spell; nullopt for anything else (empty text too).
std::optional<std::string> decode_hex(std::string_view text);

}  // namespace edgepost
