#include "encoding/json_reader.h"

#include <memory>
#include <vector>

namespace edgepost {

namespace {

// Parsers not in use. Bounded: deeper nesting than this allocates and frees as before.
constexpr size_t max_idle_parsers = 4;
std::vector<std::unique_ptr<simdjson::dom::parser>>& idle_parsers() {
  static std::vector<std::unique_ptr<simdjson::dom::parser>> idle;
  return idle;
}

// Large documents are rare; a parser that grew past this is not kept.
constexpr size_t max_kept_capacity = 1 << 20;

}  // namespace

json_document::json_document() {
  auto& idle = idle_parsers();
  if (idle.empty()) {
    parser_ = new simdjson::dom::parser();
  } else {
    parser_ = idle.back().release();
    idle.pop_back();
  }
}

json_document::~json_document() {
  auto& idle = idle_parsers();
  if (idle.size() < max_idle_parsers && parser_->capacity() <= max_kept_capacity) idle.emplace_back(parser_);
  else delete parser_;
}

bool json_document::parse(std::string_view text) {
  return parser_->parse(text.data(), text.size()).get(root_) == simdjson::SUCCESS;
}

std::optional<json_object> as_object(json_element e) {
  json_object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return std::nullopt;
  return o;
}

std::optional<json_array> as_array(json_element e) {
  json_array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return std::nullopt;
  return a;
}

std::optional<std::string_view> as_string(json_element e) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

std::optional<int64_t> as_integer(json_element e) {
  int64_t v;
  if (e.get_int64().get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

std::optional<bool> as_boolean(json_element e) {
  bool v;
  if (e.get_bool().get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

bool is_null(json_element e) { return e.is_null(); }

std::optional<json_element> field(json_object o, std::string_view name) {
  json_element e;
  if (o.at_key(name).get(e) != simdjson::SUCCESS) return std::nullopt;
  return e;
}

std::optional<std::string_view> string_field(json_object o, std::string_view name) {
  const auto e = field(o, name);
  if (!e) return std::nullopt;
  return as_string(*e);
}

std::optional<unix_seconds> time_field(json_object o, std::string_view name) {
  const auto text = string_field(o, name);
  return text ? parse_rfc3339(*text) : std::nullopt;
}

std::optional<int64_t> integer_field(json_object o, std::string_view name) {
  const auto e = field(o, name);
  if (!e) return std::nullopt;
  return as_integer(*e);
}

}  // namespace edgepost
