// UTF-8 as RFC 3629 defines it. Text from the network may hold any bytes; everything the core
// writes for the shell (JSON, RFC 8259 section 8.1) must be UTF-8, so invalid sequences are
// replaced by U+FFFD, as the shell's own TextDecoder would replace them (it may use fewer of them:
// it replaces a truncated sequence as a whole, this replaces each byte that starts no valid one).
#pragma once
#include <string>
#include <string_view>

namespace edgepost {

bool is_valid_utf8(std::string_view text);

// `text` with each byte that does not start a valid sequence replaced by U+FFFD.
std::string replace_invalid_utf8(std::string_view text);

}  // namespace edgepost
