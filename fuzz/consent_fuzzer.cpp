// The consent platforms' cookies (README, "Consent"), as a landing reads them. Fields: which
// platform CONSENT names (tcf, onetrust, cookiebot, or a cookie:<name>=<value>), the Cookie header.
// The core is configured with that CONSENT (its TCF vendor ids and an exemption set) and a landing of
// two networks is decided under the fuzzer's cookies: its answer must be JSON, and a landing whose
// consent is not granted must set no cookie. The consent route takes the token an undecided landing
// signed, and the fuzzer's bytes as a body. The TC string decoder is also called directly on the
// cookie's value, and what it decodes must hold its own invariant (vendor ranges in order).
#include "abi_driver.h"
#include "consent/tc_string.h"

namespace {

const char* const sources[] = {"tcf", "onetrust", "cookiebot", "cookie:shop_consent=yes"};

std::string environment_with(const std::string& source) {
  std::string env = fuzzing::environment();
  env.pop_back();  // the closing brace
  return env + R"(,"CONSENT":")" + source +
         R"(","CONSENT_TCF_VENDORS":"rakuten:1000,awin:907","CONSENT_EXEMPT_SITES":"CASH","CONSENT_GROUP":"C0004"})";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto f = fuzzing::split_fields(data, size, 2);
  std::string source = sources[0];
  for (const char* s : sources)
    if (f[0] == s) source = s;
  static std::string configured;
  if (configured != source) {
    if (fuzzing::call("configure", {environment_with(source)}).code != 1) fuzzing::finding("the consent configuration is incomplete", source);
    configured = source;
  }
  const fuzzing::answer landing =
      fuzzing::call_expecting_json("request", {fuzzing::now, "GET", "/", "ranSiteID=PUB-1&ranMID=12345&awc=1_2_3", f[1], "", "", ""});
  // Every network the landing carried is in "consent"; a cookie is set only when one granted it.
  if (landing.output.find("\"consent\"") == std::string::npos)
    fuzzing::finding("a landing under CONSENT did not say which consent it had", landing.output);
  const bool granted = landing.output.find("\"granted\"") != std::string::npos;
  if (!granted && landing.output.find("edgepost_click=") != std::string::npos)
    fuzzing::finding("a landing without consent set a cookie", landing.output);

  // The consent route: the landing's own token (when it was undecided) under the same cookies, and
  // the fuzzer's bytes as a body.
  static simdjson::dom::parser parser;
  std::string_view token;
  if (parser.parse(landing.output)["consent_token"].get(token) == simdjson::SUCCESS) {
    const fuzzing::answer granted = fuzzing::call_expecting_json(
        "consent_grant", {fuzzing::now, f[1], "application/x-www-form-urlencoded", "token=" + std::string(token)});
    if (granted.code != 204) fuzzing::finding("the consent route refused the token a landing just signed", granted.output);
  }
  fuzzing::call_expecting_json("consent_grant", {fuzzing::now, f[1], "application/json", f[1]});

  edgepost::tc_consent tc;
  if (edgepost::decode_tc_string(f[1]).get(tc) == edgepost::error_code::success) {
    for (size_t i = 0; i < tc.vendors.size(); ++i) {
      if (tc.vendors[i].first > tc.vendors[i].second || (i > 0 && tc.vendors[i - 1].second >= tc.vendors[i].first))
        fuzzing::finding("a decoded TC string's vendor ranges are out of order", f[1]);
    }
  }
  return 0;
}
