// The one place that includes simdjson: the DOM parser behind small typed accessors, so the
// rest of the core reads JSON without knowing the library (and without exceptions).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "simdjson.h"
#include "support/utc_time.h"

namespace edgepost {

using json_element = simdjson::dom::element;
using json_object = simdjson::dom::object;
using json_array = simdjson::dom::array;

// A parsed document; its elements stay valid while it lives. The parser behind it is borrowed
// from a small free-list and returned on destruction: simdjson's buffers are reused from call to
// call (a fresh parser per document cost page faults on every large order), while no value
// outlives its document. Documents may nest: each holds its own parser.
class json_document {
 public:
  json_document();
  ~json_document();
  json_document(const json_document&) = delete;
  json_document& operator=(const json_document&) = delete;

  // false for anything that is not valid JSON.
  bool parse(std::string_view text);
  json_element root() const { return root_; }

 private:
  simdjson::dom::parser* parser_;
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
// A string field holding an RFC 3339 time, as Unix seconds; nullopt when absent or not such a time.
std::optional<unix_seconds> time_field(json_object o, std::string_view name);

}  // namespace edgepost
