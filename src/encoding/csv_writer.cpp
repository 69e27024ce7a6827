#include "encoding/csv_writer.h"

namespace edgepost {

csv_writer& csv_writer::field(std::string_view value) {
  if (!first_in_record_) out_ += ',';
  first_in_record_ = false;
  const bool formula = !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                                          value[0] == '\t' || value[0] == '\r');
  const bool quoted = formula || value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quoted) out_ += '"';
  if (formula) out_ += '\'';
  for (const char c : value) {
    if (c == '"') out_ += '"';
    out_ += c;
  }
  if (quoted) out_ += '"';
  return *this;
}

csv_writer& csv_writer::field(int64_t value) {
  if (!first_in_record_) out_ += ',';
  first_in_record_ = false;
  out_ += std::to_string(value);  // a count edgepost computed: a negative one is only ever data
  return *this;
}

csv_writer& csv_writer::end_record() {
  out_ += "\r\n";
  first_in_record_ = true;
  return *this;
}

}  // namespace edgepost
