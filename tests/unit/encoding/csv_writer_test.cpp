#include <catch2/catch.hpp>

#include "encoding/csv_reader.h"
#include "encoding/csv_writer.h"

using namespace edgepost;

TEST_CASE("CSV fields are quoted only when they must be, and a formula is shown as text") {
  struct row {
    const char* value;
    const char* written;
  };
  const row rows[] = {
      {"A-1001", "A-1001"},
      {"", ""},
      {"Mug, large", "\"Mug, large\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
      {"+1", "\"'+1\""},
      {"-5.00", "\"'-5.00\""},
      {"@SUM(A1)", "\"'@SUM(A1)\""},
      {"\tx", "\"'\tx\""},
      {"\rx", "\"'\rx\""},
      {"a=b", "a=b"},
  };
  for (const auto& r : rows) {
    INFO(r.value);
    csv_writer out;
    out.field(r.value).end_record();
    CHECK(out.text() == std::string(r.written) + "\r\n");
  }
}

TEST_CASE("what the CSV writer writes, an RFC 4180 reader reads back field for field") {
  csv_writer out;
  out.field("ord").field("name").field("count").end_record();
  out.field("A,1").field("line\r\nbreak \"q\"").field(int64_t{-3}).end_record();
  csv_reader in(out.text());
  std::vector<std::string> fields;
  REQUIRE(in.next(fields) == csv_reader::status::record);
  CHECK(fields == std::vector<std::string>{"ord", "name", "count"});
  REQUIRE(in.next(fields) == csv_reader::status::record);
  CHECK(fields == std::vector<std::string>{"A,1", "line\r\nbreak \"q\"", "-3"});
  CHECK(in.next(fields) == csv_reader::status::end);
}
