// Percent-encoding as browsers and Rakuten's own tag use it.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace edgepost {

// Exactly JavaScript's encodeURIComponent on UTF-8 bytes: keeps A-Z a-z 0-9 - _ . ! ~ * ' ( ),
// encodes every other byte as %XX (upper-case hex). Rakuten's official tag encodes with it.
void append_uri_component(std::string& out, std::string_view text);
std::string encode_uri_component(std::string_view text);

// application/x-www-form-urlencoded decoding of one query value: '+' is a space, %XX a byte.
// nullopt for a truncated or non-hex escape.
std::optional<std::string> decode_query_value(std::string_view text);

}  // namespace edgepost
