#include "encoding/utf8.h"

#include <cstdint>

#include "simdjson.h"

namespace edgepost {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// The length of the valid sequence starting at text[at], or 0. Per RFC 3629 section 4: no overlong
// forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
size_t valid_sequence_length(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(at);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint8_t second_low = 0x80, second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead == 0xE0) length = 3, second_low = 0xA0;
  else if (lead >= 0xE1 && lead <= 0xEC) length = 3;
  else if (lead == 0xED) length = 3, second_high = 0x9F;
  else if (lead >= 0xEE && lead <= 0xEF) length = 3;
  else if (lead == 0xF0) length = 4, second_low = 0x90;
  else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
  else if (lead == 0xF4) length = 4, second_high = 0x8F;
  else return 0;
  if (at + 1 >= text.size() || byte(at + 1) < second_low || byte(at + 1) > second_high) return 0;
  for (size_t i = 2; i < length; ++i)
    if (at + i >= text.size() || byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
  return length;
}

}  // namespace

bool is_valid_utf8(std::string_view text) { return simdjson::validate_utf8(text.data(), text.size()); }

std::string replace_invalid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const size_t length = valid_sequence_length(text, at);
    if (length > 0) {
      out.append(text.substr(at, length));
      at += length;
      continue;
    }
    out.append(replacement_character);
    ++at;
  }
  return out;
}

}  // namespace edgepost
