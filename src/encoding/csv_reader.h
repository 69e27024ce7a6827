// RFC 4180 records from a text: fields separated by commas, records by CRLF or LF; a field in
// double quotes may hold commas, line breaks and "" for one quote. Reads one record at a time,
// so a caller can stop (and bound its memory) wherever it likes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edgepost {

class csv_reader {
 public:
  explicit csv_reader(std::string_view text) : text_(text) {}

  enum class status { record, end, malformed };
  // The next record's fields into `fields`. malformed: a quote inside an unquoted field, text
  // after a closing quote, or a quoted field that never closes; error() says which.
  status next(std::vector<std::string>& fields);
  // The line the last record read began on (1-based), for messages naming it.
  int64_t line() const { return record_line_; }
  std::string_view error() const { return error_; }

 private:
  std::string_view text_;
  size_t at_ = 0;
  int64_t next_line_ = 1;
  int64_t record_line_ = 0;
  std::string_view error_;
};

}  // namespace edgepost
