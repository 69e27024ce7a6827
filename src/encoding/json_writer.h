// A minimal JSON writer for the core's answers and stored records (RFC 8259 string escaping).
// The caller keeps the structure well-formed; the writer only tracks where commas go.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edgepost {

class json_writer {
 public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  json_writer& key(std::string_view name);
  json_writer& string(std::string_view value);
  json_writer& number(int64_t value);
  json_writer& boolean(bool value);
  // Inserts already-serialised JSON (a stored record passed through unchanged).
  json_writer& raw(std::string_view json);

  // Shorthands for the common "key": value member.
  json_writer& member(std::string_view name, std::string_view value) { return key(name).string(value); }
  json_writer& member(std::string_view name, const char* value) { return key(name).string(value); }
  json_writer& member(std::string_view name, int64_t value) { return key(name).number(value); }
  json_writer& member(std::string_view name, int value) { return key(name).number(value); }
  json_writer& member(std::string_view name, bool value) { return key(name).boolean(value); }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  std::string out_;
  std::vector<uint8_t> first_in_container_;  // one flag per open container (not vector<bool>: slow)
  bool after_key_ = false;
};

void append_json_string(std::string& out, std::string_view value);

}  // namespace edgepost
