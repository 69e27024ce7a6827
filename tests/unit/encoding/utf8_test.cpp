#include <catch2/catch.hpp>

#include <string>

#include "encoding/json_writer.h"
#include "encoding/utf8.h"

using namespace edgepost;

TEST_CASE("UTF-8 is validated as RFC 3629 defines it") {
  CHECK(is_valid_utf8("plain ASCII"));
  CHECK(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\x9E"));              // a continuation byte alone
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
}

TEST_CASE("invalid UTF-8 bytes become U+FFFD and valid text is kept") {
  CHECK(replace_invalid_utf8("ok") == "ok");
  CHECK(replace_invalid_utf8("a\x9E" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(replace_invalid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(replace_invalid_utf8("caf\xC3\xA9\xFF") == "caf\xC3\xA9\xEF\xBF\xBD");
}

// Found by the request fuzzer: a cookie value with a stray byte made the core's answer invalid JSON.
TEST_CASE("JSON strings written by the core are UTF-8 whatever bytes they were given") {
  json_writer out;
  out.begin_array().string("cart:c1=[r344\x9E/").end_array();
  CHECK(out.text() == "[\"cart:c1=[r344\xEF\xBF\xBD/\"]");
  CHECK(is_valid_utf8(out.text()));
}
