// Drives the ABI exactly as worker/core.js does: length-prefixed fields in, JSON out.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "abi/operations.h"
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

answer call_id(uint32_t op, const std::vector<std::string>& fields) {
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
  if (!framed.empty()) std::memcpy(in, framed.data(), framed.size());  // no fields: the buffer may be null
  const int32_t code = edgepost_call(op, static_cast<uint32_t>(framed.size()));
  return {code, std::string(edgepost_output_ptr(), edgepost_output_len())};
}

// Operations by name, as the shell calls them (abi/operations.h).
answer call(std::string_view name, const std::vector<std::string>& fields) {
  const auto* op = edgepost::abi::find_operation(name);
  REQUIRE(op != nullptr);
  return call_id(op->id, fields);
}

const std::string env = R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":"0123456789abcdef","ADMIN_TOKEN":"t"})";

}  // namespace

TEST_CASE("ABI: configure, then a page view costs one call and no output") {
  CHECK(call("configure", {env}).code == 1);
  const answer pass = call("request", {"1795514520", "GET", "/p", "a=1", "", "", "", ""});
  CHECK(pass.code == 0);
  CHECK(pass.output.empty());
  const answer landing = call("request", {"1795514520", "GET", "/", "ranSiteID=abc", "", "", "", ""});
  CHECK(landing.code == 1);
  CHECK(landing.output.find("\"set_cookies\":[\"edgepost_click=v1.") != std::string::npos);
  const answer health = call("request", {"1795514520", "GET", "/_edgepost/health", "", "", "", "", ""});
  CHECK(health.code == 2);
  CHECK(health.output.find("\"status\":200") != std::string::npos);
  CHECK(health.output.find("0123456789abcdef") == std::string::npos);
  // Publicly only whether it runs: not the origin, the providers or the networks.
  CHECK(health.output.find(R"(\"ok\":true)") != std::string::npos);
  CHECK(health.output.find("networks") == std::string::npos);
  CHECK(health.output.find("origin") == std::string::npos);
}

TEST_CASE("ABI: malformed framing and unknown operations are refused") {
  uint8_t* in = edgepost_input(6);
  const uint8_t bad[] = {10, 0, 0, 0, 'a', 'b'};  // claims 10 bytes, has 2
  std::memcpy(in, bad, sizeof bad);
  CHECK(edgepost_call(edgepost::abi::id_of("request"), 6) == -1);
  CHECK(edgepost_call(edgepost::abi::id_of("request"), 1 << 30) == -1);
  CHECK(call_id(99, {}).code == -1);
  CHECK(call("configure", {"not json"}).code == 0);
  CHECK(call("configure", {env}).code == 1);
}

TEST_CASE("ABI: an order event round-trips the stored record") {
  CHECK(call("configure", {env}).code == 1);
  const std::string arrival =
      R"({"order":{"order_id":"A-1","status":"paid","currency":"USD","created_at":"2026-11-24T10:02:00Z",)"
      R"("items":[{"sku":"S","name":"N","quantity":1,"unit_price":"10.00"}],"discount":"0"},)"
      R"("click":{"site_id":"CLICK","landed_at":1795510000},"click_source":"cookie"})";
  const answer first = call("order_arrived", {"1795514520", "7", "", arrival});
  REQUIRE(first.code == 1);
  CHECK(first.output.find("\"status\":202") != std::string::npos);
  // The step that stored the order also hands out its postback, marked in flight in the record
  // it returns; the next wake-up is when that attempt would count as cut off.
  CHECK(first.output.find("\"send\":{\"id\":\"sale\",\"attempt\":1795514520,\"network\":\"rakuten\",\"method\":\"GET\","
                          "\"url\":\"https://track.linksynergy.com/ep?mid=12345&ord=A-1&tr=CLICK") != std::string::npos);
  CHECK(first.output.find("\"wake_at\":1795514540") != std::string::npos);
  CHECK(first.output.find("\"ledger\":{\"day\":\"2026-11-24\",\"state\":\"pending\"") != std::string::npos);
  // The record is a string field: the shard stores it as it is.
  edgepost::json_document doc;
  REQUIRE(doc.parse(first.output));
  const auto root = edgepost::as_object(doc.root());
  REQUIRE(root);
  const std::string record(edgepost::string_field(*root, "record").value_or(""));
  CHECK(record.find("\"in_flight_since\":1795514520") != std::string::npos);
  const answer result = call("order_attempt", {"1795514521", "7", record, "sale", "1795514520", "200",
                                          "<good>1</good><bad>0</bad>", ""});
  CHECK(result.code == 1);
  CHECK(result.output.find("\"state\":\"accepted\"") != std::string::npos);
  CHECK(result.output.find("\"wake_at\":0") != std::string::npos);
  // An answer for another attempt of the same postback is refused and changes nothing.
  const answer other = call("order_attempt", {"1795514521", "7", record, "sale", "1795514000", "200", "", ""});
  CHECK(other.code == 0);
  CHECK(other.output.find("not_in_flight") != std::string::npos);
  CHECK(call("order_alarm", {"1795514520", "7", "{corrupt"}).code == -1);
}

// Found by the provider_continue fuzzer: an HTTP status of 2222222222222222222 overflowed the ABI's
// own number parser (undefined behaviour) instead of being refused.
TEST_CASE("ABI: integer fields that are not 64-bit decimal integers are refused") {
  CHECK(call("configure", {env}).code == 1);
  const answer overflow = call("provider_continue", {"1795514520", "{}", "2222222222222222222", ""});
  CHECK(overflow.code == -1);
  CHECK(overflow.output.find("\"error\":\"bad_call\"") != std::string::npos);
  CHECK(call("provider_continue", {"1795514520", "{}", "1000", ""}).code == -1);
  CHECK(call("request", {"99999999999999999999", "GET", "/", "", "", "", "", ""}).code == -1);
  CHECK(call("request", {"17955x", "GET", "/", "", "", "", "", ""}).code == -1);
  CHECK(call("request", {"", "GET", "/", "", "", "", "", ""}).code == -1);
  CHECK(call("order_view", {"1795514520", "-", ""}).code == -1);
  CHECK(call("request", {"1795514520", "GET", "/p", "a=1", "", "", "", ""}).code == 0);
}

TEST_CASE("ABI: each operation takes its own number of fields") {
  CHECK(call("configure", {env}).code == 1);
  CHECK(call("request", {"1795514520", "GET", "/p", "a=1", "", "", "", "", ""}).code == -1);
  CHECK(call("request", {"1795514520", "GET", "/p", "a=1", "", "", "", "", ""}).code == -1);
  CHECK(call("order_arrived", {"1795514520", "7", ""}).code == -1);  // an arrival needs its arrival
  CHECK(call("order_alarm", {"1795514520", "7", "", "extra"}).code == -1);
  CHECK(call("response_joins", {""}).code == -1);
  CHECK(call("response_joins", {"", ""}).code == 0);
}

TEST_CASE("ABI: a signal that changes nothing in monitoring asks the shell to store nothing") {
  CHECK(call("configure", {env}).code == 1);
  auto monitor = [](const std::string& state, const std::string& signals) {
    return call("monitor_signals", {"1795514520", state, signals});
  };
  const answer quiet = monitor("", R"(["accepted"])");
  CHECK(quiet.code == 0);
  CHECK(quiet.output.find("\"state\"") == std::string::npos);
  const answer denied = monitor("", R"(["access_denied"])");
  CHECK(denied.code == 1);
  CHECK(denied.output.find(R"("type":"edgepost.alert.opened")") != std::string::npos);
  CHECK(monitor("", R"(["first_attempt_failed"])").code == 1);  // the counter moved
}

TEST_CASE("ABI table: ids and names are unique, and describe answers the table") {
  using namespace edgepost::abi;
  for (const auto& a : operations)
    for (const auto& b : operations)
      if (&a != &b) {
        CHECK(a.id != b.id);
        CHECK(a.name != b.name);
      }
  const answer described = call_id(describe_id, {});
  CHECK(described.code == 0);
  edgepost::json_document doc;
  REQUIRE(doc.parse(described.output));
  const auto root = edgepost::as_object(doc.root());
  REQUIRE(root);
  CHECK(edgepost::integer_field(*root, "abi").value_or(0) == abi_version);
  const auto ops_field = edgepost::field(*root, "operations");
  REQUIRE(ops_field);
  const auto ops = edgepost::as_object(*ops_field);
  REQUIRE(ops);
  for (const auto& o : operations) {
    INFO(std::string(o.name));
    const auto entry_field = edgepost::field(*ops, o.name);
    REQUIRE(entry_field);
    const auto entry = edgepost::as_object(*entry_field);
    REQUIRE(entry);
    CHECK(edgepost::integer_field(*entry, "id").value_or(-1) == int64_t(o.id));
    const auto fields_field = edgepost::field(*entry, "fields");
    REQUIRE(fields_field);
    const auto fields = edgepost::as_array(*fields_field);
    REQUIRE(fields);
    size_t n = 0;
    for (auto element : *fields) {
      (void)element;
      ++n;
    }
    CHECK(n == field_count(o.fields));
  }
}

TEST_CASE("ABI table: every operation answers a call with its fields, and refuses one field more or less") {
  CHECK(call("configure", {env}).code == 1);
  for (const auto& o : edgepost::abi::operations) {
    INFO(std::string(o.name));
    const size_t n = edgepost::abi::field_count(o.fields);
    // Empty fields are wrong for most operations, but a wrong value is the operation's to refuse:
    // only the number of fields is the table's.
    const answer right = call_id(o.id, std::vector<std::string>(n, ""));
    CHECK(right.output.find("wrong number of fields") == std::string::npos);
    CHECK(right.output.find("no such operation") == std::string::npos);
    CHECK(call_id(o.id, std::vector<std::string>(n + 1, "")).output.find("wrong number of fields") != std::string::npos);
    if (n > 0) CHECK(call_id(o.id, std::vector<std::string>(n - 1, "")).output.find("wrong number of fields") != std::string::npos);
  }
  CHECK(call("configure", {env}).code == 1);
}
