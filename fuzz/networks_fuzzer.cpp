// Every network's verdict on whatever it answers, and the signed cookie with several networks'
// clicks (v2). Fields: network, HTTP status, the answer's body, Retry-After, a cookie value.
// An order with a click of the network goes in through the orders API (signed by the harness), its
// first attempt is answered with the fuzzer's answer, and the record the core stores must read back;
// the cookie is presented on a landing, whose merge of the clicks it holds must answer JSON.
#include "abi_driver.h"

namespace {

std::string string_member(const std::string& json, const char* a, const char* b = nullptr) {
  static simdjson::dom::parser parser;
  std::string_view v;
  auto doc = parser.parse(json);
  auto e = b ? doc[a][b] : doc[a];
  if (e.get(v) != simdjson::SUCCESS) return {};
  return std::string(v);
}

int64_t integer_member(const std::string& json, const char* a, const char* b) {
  static simdjson::dom::parser parser;
  int64_t v = 0;
  if (parser.parse(json)[a][b].get(v) != simdjson::SUCCESS) return 0;
  return v;
}

// The arrival of the orders API's answer: {"arrivals": [{"arrival": "<json>"}]}.
std::string first_arrival(const std::string& output) {
  static simdjson::dom::parser parser;
  std::string_view v;
  if (parser.parse(output)["arrivals"].at(0)["arrival"].get(v) != simdjson::SUCCESS) return {};
  return std::string(v);
}

constexpr const char* networks[] = {"rakuten", "awin", "impact", "cj", "partnerize"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 5);
  std::string network = "rakuten";
  for (const char* n : networks)
    if (f[0] == n) network = n;

  // A landing with the fuzzer's cookie: its clicks are verified and merged with this landing's.
  fuzzing::call_expecting_json("request", {fuzzing::now, "GET", "/", "cjevent=0123abcd&awc=1_2_3", "edgepost_click=" + f[4], "", "", ""});

  const std::string body = std::string(R"({"order_id":"N-1","status":"paid","currency":"USD","created_at":"2026-11-24T10:00:00Z",)") +
                           R"("items":[{"sku":"S","name":"N","quantity":1,"unit_price":"10.00"}],"click":{"network":")" + network +
                           R"(","click_id":"CLICK-1","landed_at":"2026-11-24T09:00:00Z"}})";
  const std::string id = "msg_networks";
  const std::string signature =
      "v1," + fuzzing::base64(fuzzing::hmac_sha256(fuzzing::orders_key, id + "." + fuzzing::now + "." + body));
  const std::string arrival = first_arrival(fuzzing::call_expecting_json("orders_intake", {fuzzing::now, id, fuzzing::now, signature, body}).output);
  if (arrival.empty()) fuzzing::finding("a signed order with a known network's click was not taken", body);
  const fuzzing::answer stored = fuzzing::call_expecting_json("order_arrived", {fuzzing::now, "7", "", arrival});
  const std::string record = string_member(stored.output, "record");
  if (record.empty()) fuzzing::finding("the order was not stored", stored.output);
  const std::string delivery = string_member(stored.output, "send", "id");
  if (delivery.empty()) return 0;  // a network edgepost only observes: nothing to answer
  const std::string attempt = std::to_string(integer_member(stored.output, "send", "attempt"));
  const fuzzing::answer judged =
      fuzzing::call_expecting_json("order_attempt", {fuzzing::now, "7", record, delivery, attempt, f[1], f[2], f[3]});
  if (judged.code == 1) {
    const std::string after = string_member(judged.output, "record");
    if (after.empty() || fuzzing::call("order_view", {fuzzing::now, "7", after}).code < 0)
      fuzzing::finding("the core stored a record after a network's answer that it cannot read back", judged.output);
  }
  return 0;
}
