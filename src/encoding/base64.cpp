#include "encoding/base64.h"

#include <array>
#include <cstdint>

namespace edgepost {
namespace {

constexpr std::string_view standard_symbols =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_safe_symbols =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<int8_t, 256> reverse_table(std::string_view symbols) {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (size_t i = 0; i < symbols.size(); ++i) table[static_cast<uint8_t>(symbols[i])] = static_cast<int8_t>(i);
  return table;
}

constexpr auto standard_reverse = reverse_table(standard_symbols);
constexpr auto url_safe_reverse = reverse_table(url_safe_symbols);

}  // namespace

std::string base64_encode(std::string_view bytes, base64_alphabet alphabet) {
  const std::string_view symbols = alphabet == base64_alphabet::standard ? standard_symbols : url_safe_symbols;
  const bool pad = alphabet == base64_alphabet::standard;
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) |
                       uint32_t(uint8_t(bytes[i + 2]));
    out += symbols[(n >> 18) & 63];
    out += symbols[(n >> 12) & 63];
    out += symbols[(n >> 6) & 63];
    out += symbols[n & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (rest == 2) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += symbols[(n >> 18) & 63];
    out += symbols[(n >> 12) & 63];
    if (rest == 2) out += symbols[(n >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text, base64_alphabet alphabet) {
  const auto& reverse = alphabet == base64_alphabet::standard ? standard_reverse : url_safe_reverse;
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int8_t v = reverse[static_cast<uint8_t>(c)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace edgepost
