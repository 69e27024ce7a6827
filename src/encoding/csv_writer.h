// CSV for spreadsheets: RFC 4180 records (fields separated by commas, records ended by CRLF, a field
// holding a comma, a quote or a line break in double quotes with "" for a quote), and every field a
// spreadsheet would take for a formula — one starting with =, +, -, @, a tab or a carriage return —
// prefixed with ' so it is shown as text (OWASP, "CSV Injection"). Exports hold what shoppers and
// providers typed (names, order ids); opened in a spreadsheet they must never run.
#pragma once
#include <string>
#include <string_view>

namespace edgepost {

class csv_writer {
 public:
  csv_writer& field(std::string_view value);
  csv_writer& field(int64_t value);
  csv_writer& end_record();
  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool first_in_record_ = true;
};

}  // namespace edgepost
