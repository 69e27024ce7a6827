// Drives the ABI exactly as worker/core.js does: length-prefixed fields in, JSON out.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "encoding/json_reader.h"

extern "C" {
uint8_t* edgepost_input(uint32_t size);
int32_t edgepost_call(uint32_t op, uint32_t size);
const char* edgepost_output_ptr();
uint32_t edgepost_output_len();
}

namespace {

struct answer {
  int32_t code;
  std::string output;
};

answer call(uint32_t op, const std::vector<std::string>& fields) {
  std::string framed;
  for (const auto& f : fields) {
    const auto n = static_cast<uint32_t>(f.size());
    framed.push_back(static_cast<char>(n & 0xFF));
    framed.push_back(static_cast<char>((n >> 8) & 0xFF));
    framed.push_back(static_cast<char>((n >> 16) & 0xFF));
    framed.push_back(static_cast<char>((n >> 24) & 0xFF));
    framed += f;
  }
  uint8_t* in = edgepost_input(static_cast<uint32_t>(framed.size()));
  std::memcpy(in, framed.data(), framed.size());
  const int32_t code = edgepost_call(op, static_cast<uint32_t>(framed.size()));
  return {code, std::string(edgepost_output_ptr(), edgepost_output_len())};
}

const std::string env = R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":"0123456789abcdef","ADMIN_TOKEN":"t"})";

}  // namespace

TEST_CASE("ABI: configure, then a page view costs one call and no output") {
  CHECK(call(1, {env}).code == 1);
  const answer pass = call(2, {"1795514520", "GET", "/p", "a=1", "", "", "", ""});
  CHECK(pass.code == 0);
  CHECK(pass.output.empty());
  const answer landing = call(2, {"1795514520", "GET", "/", "ranSiteID=abc", "", "", "", ""});
  CHECK(landing.code == 1);
  CHECK(landing.output.find("\"set_cookies\":[\"edgepost_click=v1.") != std::string::npos);
  const answer health = call(2, {"1795514520", "GET", "/_edgepost/health", "", "", "", "", ""});
  CHECK(health.code == 2);
  CHECK(health.output.find("\"status\":200") != std::string::npos);
  CHECK(health.output.find("0123456789abcdef") == std::string::npos);
}

TEST_CASE("ABI: malformed framing and unknown operations are refused") {
  uint8_t* in = edgepost_input(6);
  const uint8_t bad[] = {10, 0, 0, 0, 'a', 'b'};  // claims 10 bytes, has 2
  std::memcpy(in, bad, sizeof bad);
  CHECK(edgepost_call(2, 6) == -1);
  CHECK(edgepost_call(2, 1 << 30) == -1);
  CHECK(call(99, {}).code == -1);
  CHECK(call(1, {"not json"}).code == 0);
  CHECK(call(1, {env}).code == 1);
}

TEST_CASE("ABI: an order event round-trips the stored record") {
  CHECK(call(1, {env}).code == 1);
  const std::string arrival =
      R"({"order":{"order_id":"A-1","status":"paid","currency":"USD","created_at":"2026-11-24T10:02:00Z",)"
      R"("items":[{"sku":"S","name":"N","quantity":1,"unit_price":"10.00"}],"discount":"0"},)"
      R"("click":{"site_id":"CLICK","landed_at":1795510000},"click_source":"cookie"})";
  const answer first = call(4, {"1795514520", "7", "", "order", arrival});
  REQUIRE(first.code == 1);
  CHECK(first.output.find("\"status\":202") != std::string::npos);
  // The step that stored the order also hands out its postback, marked in flight in the record
  // it returns; the next wake-up is when that attempt would count as cut off.
  CHECK(first.output.find("\"send\":{\"id\":\"sale\",\"attempt\":1795514520,\"url\":\"https://track.linksynergy.com/ep?mid=12345&ord=A-1&tr=CLICK") !=
        std::string::npos);
  CHECK(first.output.find("\"wake_at\":1795514540") != std::string::npos);
  CHECK(first.output.find("\"ledger\":{\"day\":\"2026-11-24\",\"state\":\"pending\"") != std::string::npos);
  // The record is a string field: the shard stores it as it is.
  edgepost::json_document doc;
  REQUIRE(doc.parse(first.output));
  const auto root = edgepost::as_object(doc.root());
  REQUIRE(root);
  const std::string record(edgepost::string_field(*root, "record").value_or(""));
  CHECK(record.find("\"in_flight_since\":1795514520") != std::string::npos);
  const answer result = call(4, {"1795514521", "7", record, "attempt", "sale", "1795514520", "200",
                                 "<good>1</good><bad>0</bad>", ""});
  CHECK(result.code == 1);
  CHECK(result.output.find("\"state\":\"accepted\"") != std::string::npos);
  CHECK(result.output.find("\"wake_at\":0") != std::string::npos);
  // An answer for another attempt of the same postback is refused and changes nothing.
  const answer other = call(4, {"1795514521", "7", record, "attempt", "sale", "1795514000", "200", "", ""});
  CHECK(other.code == 0);
  CHECK(other.output.find("not_in_flight") != std::string::npos);
  CHECK(call(4, {"1795514520", "7", "{corrupt", "alarm"}).code == -1);
  CHECK(call(4, {"1795514520", "7", record, "bogus"}).code == -1);
}

// Found by the provider_continue fuzzer: an HTTP status of 2222222222222222222 overflowed the ABI's
// own number parser (undefined behaviour) instead of being refused.
TEST_CASE("ABI: integer fields that are not 64-bit decimal integers are refused") {
  CHECK(call(1, {env}).code == 1);
  const answer overflow = call(9, {"1795514520", "{}", "2222222222222222222", ""});
  CHECK(overflow.code == -1);
  CHECK(overflow.output.find("\"error\":\"bad_call\"") != std::string::npos);
  CHECK(call(9, {"1795514520", "{}", "1000", ""}).code == -1);
  CHECK(call(2, {"99999999999999999999", "GET", "/", "", "", "", "", ""}).code == -1);
  CHECK(call(2, {"17955x", "GET", "/", "", "", "", "", ""}).code == -1);
  CHECK(call(2, {"", "GET", "/", "", "", "", "", ""}).code == -1);
  CHECK(call(4, {"1795514520", "-", "", "view"}).code == -1);
  CHECK(call(2, {"1795514520", "GET", "/p", "a=1", "", "", "", ""}).code == 0);
}

TEST_CASE("ABI: each operation takes its own number of fields") {
  CHECK(call(1, {env}).code == 1);
  CHECK(call(2, {"1795514520", "GET", "/p", "a=1", "", "", "", "", ""}).code == -1);
  CHECK(call(2, {"1795514520", "GET", "/p", "a=1", "", "", "", "", ""}).code == -1);
  CHECK(call(4, {"1795514520", "7", "", "order"}).code == -1);          // order needs its arrival
  CHECK(call(4, {"1795514520", "7", "", "alarm", "extra"}).code == -1);
  CHECK(call(10, {""}).code == -1);
  CHECK(call(10, {"", ""}).code == 0);
}

TEST_CASE("ABI: a signal that changes nothing in monitoring asks the shell to store nothing") {
  CHECK(call(1, {env}).code == 1);
  const std::vector<std::string> rest(6, "");
  auto monitor = [&rest](const std::string& state, const std::string& signals) {
    std::vector<std::string> fields{"1795514520", state, "signals", signals};
    fields.insert(fields.end(), rest.begin(), rest.end());
    return call(16, fields);
  };
  const answer quiet = monitor("", R"(["accepted"])");
  CHECK(quiet.code == 0);
  CHECK(quiet.output.find("\"state\"") == std::string::npos);
  const answer denied = monitor("", R"(["access_denied"])");
  CHECK(denied.code == 1);
  CHECK(denied.output.find(R"("type":"edgepost.alert.opened")") != std::string::npos);
  CHECK(monitor("", R"(["first_attempt_failed"])").code == 1);  // the counter moved
}
