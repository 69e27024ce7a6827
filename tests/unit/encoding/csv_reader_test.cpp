#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "encoding/csv_reader.h"

using namespace edgepost;

namespace {
std::vector<std::vector<std::string>> all_records(std::string_view text, csv_reader::status* last = nullptr) {
  csv_reader reader(text);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> fields;
  csv_reader::status s;
  while ((s = reader.next(fields)) == csv_reader::status::record) out.push_back(fields);
  if (last) *last = s;
  return out;
}
}  // namespace

TEST_CASE("CSV records: quoting, escaped quotes, line breaks in quotes, CRLF and LF") {
  using rows = std::vector<std::vector<std::string>>;
  struct row {
    const char* name;
    const char* text;
    rows expected;
  };
  const row table[] = {
      {"plain", "a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}},
      {"CRLF, no final break", "a,b\r\n1,2", {{"a", "b"}, {"1", "2"}}},
      {"empty fields", ",,\n", {{"", "", ""}}},
      {"quoted comma", "\"1,234.56\",x\n", {{"1,234.56", "x"}}},
      {"escaped quote", "\"say \"\"hi\"\"\",2\n", {{"say \"hi\"", "2"}}},
      {"line break in quotes", "\"two\nlines\",2\r\n3,4\n", {{"two\nlines", "2"}, {"3", "4"}}},
      {"blank line", "a\n\nb\n", {{"a"}, {""}, {"b"}}},
  };
  for (const auto& t : table) {
    INFO(t.name);
    csv_reader::status last;
    CHECK(all_records(t.text, &last) == t.expected);
    CHECK(last == csv_reader::status::end);
  }
}

TEST_CASE("CSV records name the line each began on, quoted line breaks counted") {
  csv_reader reader("a\n\"x\ny\",1\nb\n");
  std::vector<std::string> fields;
  REQUIRE(reader.next(fields) == csv_reader::status::record);
  CHECK(reader.line() == 1);
  REQUIRE(reader.next(fields) == csv_reader::status::record);
  CHECK(reader.line() == 2);
  REQUIRE(reader.next(fields) == csv_reader::status::record);
  CHECK(reader.line() == 4);
  CHECK(fields == std::vector<std::string>{"b"});
}

TEST_CASE("CSV that is not RFC 4180 is refused, saying why") {
  for (const char* text : {"a\"b,c\n", "\"ab\"c,d\n", "\"never closed,1\n"}) {
    INFO(text);
    csv_reader::status last;
    (void)all_records(text, &last);
    CHECK(last == csv_reader::status::malformed);
  }
}
