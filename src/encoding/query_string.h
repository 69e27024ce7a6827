// Looking up parameters in a URL's query string without building a map: a page view asks for
// one or two names, so a single scan is cheaper than parsing everything.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace edgepost {

// The query part of a URL (after '?', before '#'); empty when there is none.
std::string_view query_of_url(std::string_view url);

// The decoded value of the first parameter named `name` (names compare exactly, undecoded).
// nullopt when absent or when its escape is malformed.
std::optional<std::string> find_query_parameter(std::string_view query, std::string_view name);

// Cheap pre-check used on every page view: could `name` occur as a parameter at all?
bool query_mentions(std::string_view query, std::string_view name);

}  // namespace edgepost
