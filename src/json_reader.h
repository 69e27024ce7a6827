// The one place that includes simdjson: the DOM parser behind small typed accessors, so the
// rest of the core reads JSON without knowing the library (and without exceptions).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "simdjson.h"

namespace edgepost {

using json_element = simdjson::dom::element;
using json_object = simdjson::dom::object;
using json_array = simdjson::dom::array;

// Owns the parser and the parsed document; elements stay valid while it lives.
class json_document {
 public:
  // false for anything that is not valid JSON.
  bool parse(std::string_view text);
  json_element root() const { return root_; }

 private:
  simdjson::dom::parser parser_;
  json_element root_;
};

std::optional<json_object> as_object(json_element e);
std::optional<json_array> as_array(json_element e);
std::optional<std::string_view> as_string(json_element e);
std::optional<int64_t> as_integer(json_element e);
std::optional<bool> as_boolean(json_element e);
bool is_null(json_element e);

std::optional<json_element> field(json_object o, std::string_view name);
// A field that is absent or null reads as nullopt.
std::optional<std::string_view> string_field(json_object o, std::string_view name);
std::optional<int64_t> integer_field(json_object o, std::string_view name);

}  // namespace edgepost
