#include "encoding/percent_encoding.h"

#include <array>

#include "encoding/hex.h"

namespace edgepost {
namespace {

// ECMAScript encodeURIComponent's unreserved set: ALPHA / DIGIT / - _ . ! ~ * ' ( ).
// A table, since this runs for every character of every postback field.
constexpr auto kept_by_encode_uri_component = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c)
    table[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  for (unsigned char c : std::string_view("-_.!~*'()")) table[c] = true;
  return table;
}();

}  // namespace

void append_uri_component(std::string& out, std::string_view text) {
  constexpr char hex[] = "0123456789ABCDEF";
  size_t run_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kept_by_encode_uri_component[c]) continue;  // copied below, in one run
    out.append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    const char escape[3] = {'%', hex[c >> 4], hex[c & 15]};
    out.append(escape, 3);
  }
  out.append(text.data() + run_start, text.size() - run_start);
}

std::string encode_uri_component(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_uri_component(out, text);
  return out;
}

std::optional<std::string> decode_query_value(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;  // needs two hex digits after '%'
      const int hi = hex_digit_value(text[i + 1]);
      const int lo = hex_digit_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace edgepost
