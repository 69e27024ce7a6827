#include "encoding/json_writer.h"

#include <array>
#include <charconv>

#include "encoding/utf8.h"
#include "support/assert.h"

namespace edgepost {

namespace {

// RFC 8259 section 7: control characters, the quotation mark and the reverse solidus are escaped.
constexpr auto needs_escape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

}  // namespace

void append_json_string(std::string& out, std::string_view value) {
  // Bytes from the network can be anything; JSON text must be UTF-8 (RFC 8259 section 8.1).
  if (!is_valid_utf8(value)) return append_json_string(out, replace_invalid_utf8(value));
  constexpr char hex[] = "0123456789abcdef";
  out += '"';
  size_t run_start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (!needs_escape[c]) continue;  // copied below, in one run
    out.append(value.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(value.data() + run_start, value.size() - run_start);
  out += '"';
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_in_container_.empty()) {
    if (!first_in_container_.back()) out_ += ',';
    first_in_container_.back() = 0;
  }
}

json_writer& json_writer::begin_object() {
  before_value();
  out_ += '{';
  first_in_container_.push_back(1);
  return *this;
}
json_writer& json_writer::end_object() {
  EDGEPOST_ASSERT(!first_in_container_.empty());  // an end without its begin is the caller's bug
  out_ += '}';
  if (!first_in_container_.empty()) first_in_container_.pop_back();
  return *this;
}
json_writer& json_writer::begin_array() {
  before_value();
  out_ += '[';
  first_in_container_.push_back(1);
  return *this;
}
json_writer& json_writer::end_array() {
  EDGEPOST_ASSERT(!first_in_container_.empty());
  out_ += ']';
  if (!first_in_container_.empty()) first_in_container_.pop_back();
  return *this;
}
json_writer& json_writer::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}
json_writer& json_writer::string(std::string_view value) {
  before_value();
  append_json_string(out_, value);
  return *this;
}
json_writer& json_writer::number(int64_t value) {
  before_value();
  char digits[24];
  out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
  return *this;
}
json_writer& json_writer::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}
json_writer& json_writer::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

}  // namespace edgepost
