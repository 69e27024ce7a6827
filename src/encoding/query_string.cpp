#include "encoding/query_string.h"

#include "encoding/percent_encoding.h"

namespace edgepost {

std::string_view query_of_url(std::string_view url) {
  const size_t hash = url.find('#');
  if (hash != std::string_view::npos) url = url.substr(0, hash);
  const size_t question = url.find('?');
  if (question == std::string_view::npos) return {};
  return url.substr(question + 1);
}

std::optional<std::string> find_query_parameter(std::string_view query, std::string_view name) {
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    if (key != name) continue;
    const std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    return decode_query_value(value);
  }
  return std::nullopt;
}

bool query_mentions(std::string_view query, std::string_view name) {
  return !name.empty() && query.find(name) != std::string_view::npos;
}

}  // namespace edgepost
