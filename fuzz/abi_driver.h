// What every fuzz target shares: it drives the core through the ABI exactly as worker/core.js does
// (length-prefixed fields in, JSON out), splits the fuzzer's input into fields, signs bodies the way
// the providers do (with OpenSSL, never with the code under test) so the fuzzer gets past the
// signature, and checks what must hold for every input:
//   * a call answers, never crashes (ASan and UBSan watch the memory and the arithmetic);
//   * whatever the core writes for the shell is valid JSON (the shell JSON.parses it).
#pragma once
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "abi/operations.h"
#include "simdjson.h"

extern "C" {
uint8_t* edgepost_input(uint32_t size);
int32_t edgepost_call(uint32_t op, uint32_t size);
const char* edgepost_output_ptr();
uint32_t edgepost_output_len();
}

namespace fuzzing {

// A fixed "now" (2026-11-24T10:02:00Z): the fuzzer explores inputs, not the clock.
constexpr const char* now = "1795514520";
constexpr int64_t now_seconds = 1795514520;

// Secrets the harness signs with; the configuration below hands the same ones to the core.
constexpr const char* cookie_secret = "fuzz-cookie-secret-0123456789abcdef";
constexpr const char* orders_key = "fuzz-orders-api-key";  // ORDERS_API_SECRET is whsec_ + base64 of it
constexpr const char* stripe_secret = "whsec_fuzz_stripe";
constexpr const char* shopify_secret = "shpss_fuzz";
constexpr const char* woocommerce_secret = "wc_fuzz";
constexpr const char* paddle_secret = "pdl_ntfset_fuzz";
constexpr const char* square_key = "sq0wss-fuzz";
// Adyen's HMAC key is hex; the harness does not sign Adyen's items, so the fuzzer reaches its
// verifier (which reads the whole batch) rather than its reader.
constexpr const char* adyen_key = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
constexpr const char* webhook_url = "https://shop.example/_edgepost/webhooks/provider";
constexpr const char* admin_token = "fuzz-admin-token-0123456789abcdef";

inline std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

inline std::string hmac_sha256(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

inline std::string hex(const std::string& bytes) {
  std::string out;
  for (unsigned char b : bytes) {
    out += "0123456789abcdef"[b >> 4];
    out += "0123456789abcdef"[b & 15];
  }
  return out;
}

inline std::string orders_api_secret() { return "whsec_" + base64(orders_key); }

// Every provider switched on, Awin and Impact sending, joins configured, a short retry schedule: as
// much of the core as a request can reach.
inline std::string environment() {
  return std::string(R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":")") + cookie_secret +
         R"(","COOKIE_SECRET_PREVIOUS":"fuzz-previous-secret-0123456789","ORDERS_API_SECRET":")" +
         orders_api_secret() + R"(","STRIPE_WEBHOOK_SECRET":")" + stripe_secret +
         R"(","STRIPE_API_KEY":"sk_test_fuzz","SHOPIFY_WEBHOOK_SECRET":")" + shopify_secret +
         R"(","WOOCOMMERCE_WEBHOOK_SECRET":")" + woocommerce_secret + R"(","PADDLE_WEBHOOK_SECRET":")" + paddle_secret +
         R"(","SQUARE_SIGNATURE_KEY":")" + square_key + R"(","SQUARE_ACCESS_TOKEN":"EAAAfuzz","ADYEN_HMAC_KEY":")" + adyen_key +
         R"(","RECURRING_SALES":"all","ADMIN_TOKEN":")" + admin_token +
         R"(","JOIN_COOKIES":"cart_id","JOIN_PARAMS":"order_ref","RETRY_SCHEDULE":"60,300",)"
         R"("CURRENCIES_WITHOUT_CENTS":"JPY","STRIPE_FORWARD_TO":"/hooks/stripe",)"
         R"("RAKUTEN_REPORT_URL":"https://reports.example/r?token=t","ALERT_WEBHOOK_URL":"https://alerts.example/h",)"
         R"("ALERT_WEBHOOK_SECRET":"whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD","ALERT_SLACK_WEBHOOK_URL":"https://hooks.example/s",)"
         R"("AWIN_ADVERTISER_ID":"1001","AWIN_API_KEY":"fuzz-awin-key","IMPACT_ACCOUNT_SID":"IRfuzz","IMPACT_AUTH_TOKEN":"fuzz-impact",)"
         R"("IMPACT_CAMPAIGN_ID":"30665","IMPACT_EVENT_TYPE_ID":"52916","CJ_ENTERPRISE_ID":"1234567",)"
         R"("CJ_ACTION_TRACKER_ID":"987654","CJ_API_TOKEN":"fuzz-cj"})";
}

struct answer {
  int32_t code = 0;
  std::string output;
};

inline bool is_json(const std::string& text) {
  static simdjson::dom::parser parser;
  return parser.parse(text).error() == simdjson::SUCCESS;
}

[[noreturn]] inline void finding(const char* what, const std::string& output) {
  std::fprintf(stderr, "fuzz finding: %s\noutput: %.2000s\n", what, output.c_str());
  std::abort();
}

// Operations by the names of src/abi/operations.h, as the shell calls them. A name the table lacks,
// or another number of fields than it says, is the harness's bug and stops the run at once.
inline answer call(std::string_view operation, const std::vector<std::string>& fields) {
  const edgepost::abi::operation* op = edgepost::abi::find_operation(operation);
  if (!op || fields.size() != edgepost::abi::field_count(op->fields))
    finding("the harness calls an operation the ABI table does not have, or with other fields", std::string(operation));
  std::string framed;
  for (const auto& f : fields) {
    const auto n = static_cast<uint32_t>(f.size());
    for (int shift = 0; shift < 32; shift += 8) framed.push_back(static_cast<char>((n >> shift) & 0xFF));
    framed += f;
  }
  uint8_t* in = edgepost_input(static_cast<uint32_t>(framed.size()));
  if (!framed.empty()) std::memcpy(in, framed.data(), framed.size());
  answer a;
  a.code = edgepost_call(op->id, static_cast<uint32_t>(framed.size()));
  a.output.assign(edgepost_output_ptr(), edgepost_output_len());
  return a;
}

// A call whose output the shell would parse as JSON (every operation's but a plain page view's).
inline answer call_expecting_json(std::string_view operation, const std::vector<std::string>& fields) {
  answer a = call(operation, fields);
  if (!a.output.empty() && !is_json(a.output)) finding("the core's output is not JSON", a.output);
  return a;
}

inline void configure_once() {
  static bool done = false;
  if (done) return;
  done = true;
  if (call("configure", {environment()}).code != 1) finding("the fuzzing configuration is incomplete", "");
}

// The fuzzer's bytes as fields separated by 0x1E (ASCII record separator), so seeds stay readable
// text; missing fields are empty.
inline std::vector<std::string> split_fields(const uint8_t* data, size_t size, size_t count) {
  std::vector<std::string> fields(count);
  size_t field = 0;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0x1E && field + 1 < count) {
      ++field;
      continue;
    }
    fields[field].push_back(static_cast<char>(data[i]));
  }
  return fields;
}

}  // namespace fuzzing
