// The consent platforms' cookies and the landing's decision (README, "Consent"). TC strings come
// from the IAB Tech Lab's own encoder (tests/fixtures/consent/make_tc_strings.js).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "consent/consent_platforms.h"
#include "consent/landing_consent.h"
#include "consent/tc_string.h"
#include "encoding/json_reader.h"

using namespace edgepost;

namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(EDGEPOST_FIXTURES) + "/" + name);
  REQUIRE(in.good());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<int64_t> integers(json_object o, const char* name) {
  std::set<int64_t> out;
  const auto list = as_array(*field(o, name));
  for (const json_element e : *list) out.insert(*as_integer(e));
  return out;
}

// OptanonConsent as a browser sends it: form-encoded, groups as "<id>:<0|1>" pairs.
std::string onetrust(const char* groups, int interactions = 1) {
  std::string v = "isGpcEnabled=0&datestamp=Mon+Dec+07+2026+10%3A00%3A00+GMT%2B0100&version=202411.1.0&browserGpcFlag=0"
                  "&isIABGlobal=false&hosts=&consentId=3f1e&interactionCount=" +
                  std::to_string(interactions) + "&isAnonUser=1&landingPath=NotLandingPage";
  if (groups) v += std::string("&groups=") + groups;
  return v + "&AwaitingReconsent=false";
}

// CookieConsent as a browser sends it: a URL-encoded object literal.
std::string cookiebot(const char* stamp, const char* marketing) {
  return std::string("{stamp:%27") + stamp + "%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:" +
         marketing + "%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1796500000000%2Cregion:%27fr%27}";
}

}  // namespace

TEST_CASE("TCF: strings from the IAB's encoder decode to the consents they were made from, in both encodings") {
  json_document doc;
  const std::string text = read_fixture("consent/tc_strings.json");
  REQUIRE(doc.parse(text));
  std::set<std::string> encodings;
  const auto cases = as_array(doc.root());
  for (const json_element e : *cases) {
    const json_object c = *as_object(e);
    INFO(*string_field(c, "name"));
    tc_consent tc;
    REQUIRE(decode_tc_string(*string_field(c, "tc_string")).get(tc) == error_code::success);
    const auto purposes = integers(c, "purposes");
    for (int p = 1; p <= 24; ++p) CHECK(tc.purpose(p) == (purposes.count(p) == 1));
    const auto vendors = integers(c, "vendors");
    for (const int64_t v : integers(c, "checked_vendors")) {
      INFO(v);
      CHECK(tc.vendor(v) == (vendors.count(v) == 1));
    }
    encodings.insert(std::string(*string_field(c, "encoding")));
  }
  CHECK(encodings == std::set<std::string>{"bitfield", "range"});
}

TEST_CASE("TCF: anything that is not a whole version 2 core segment is refused") {
  json_document doc;
  const std::string text = read_fixture("consent/tc_strings.json");
  REQUIRE(doc.parse(text));
  const auto cases = as_array(doc.root());
  const std::string good(*string_field(*as_object(*cases->begin()), "tc_string"));
  const std::string core = good.substr(0, good.find('.'));
  tc_consent tc;
  for (const std::string& bad : {std::string(), std::string("."), core.substr(0, 20), core.substr(0, 30), std::string("!!!!"),
                                 std::string("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA"),  // a TCF v1 string
                                 std::string(9000, 'A')}) {
    INFO(bad);
    CHECK(decode_tc_string(bad).get(tc) != error_code::success);
  }
  CHECK(decode_tc_string(core).get(tc) == error_code::success);  // the core segment alone is a TC string
}

TEST_CASE("OneTrust: the targeting group decides — no groups or no interaction yet is undecided") {
  CHECK(onetrust_consent(onetrust("C0001%3A1%2CC0002%3A0%2CC0003%3A1%2CC0004%3A1"), "C0004") == consent_answer::granted);
  CHECK(onetrust_consent(onetrust("C0001%3A1%2CC0004%3A0"), "C0004") == consent_answer::denied);
  CHECK(onetrust_consent(onetrust("C0001%3A1%2CC0002%3A1"), "C0004") == consent_answer::denied);
  CHECK(onetrust_consent(onetrust("C0001%3A1%2CC0004%3A1", 0), "C0004") == consent_answer::undecided);
  CHECK(onetrust_consent(onetrust(nullptr), "C0004") == consent_answer::undecided);
  CHECK(onetrust_consent(onetrust("C0001%3A1%2CC0007%3A1"), "C0007") == consent_answer::granted);
  CHECK(onetrust_consent(onetrust("C00041%3A1"), "C0004") == consent_answer::denied);  // another group's prefix
  CHECK(onetrust_consent("groups=C0004%3A1%ZZ", "C0004") == consent_answer::undecided);  // a broken escape reads as none
  CHECK(onetrust_consent(std::string(9000, 'x'), "C0004") == consent_answer::denied);
}

TEST_CASE("Cookiebot: marketing decides — a stamp of -1 means no consent is required there") {
  CHECK(cookiebot_consent(cookiebot("xB2XjMIDV%2FAd3QTRnZxjnaZ2B5XqS0jy6pABdh1KOMy5gOs3l00GqA%3D%3D", "true")) == consent_answer::granted);
  CHECK(cookiebot_consent(cookiebot("xB2XjMIDV%2FAd3QTRnZxjnaZ2B5XqS0jy6pABdh1KOMy5gOs3l00GqA%3D%3D", "false")) == consent_answer::denied);
  CHECK(cookiebot_consent(cookiebot("-1", "false")) == consent_answer::granted);
  CHECK(cookiebot_consent("{necessary:true}") == consent_answer::denied);
  CHECK(cookiebot_consent("{marketing:yes}") == consent_answer::denied);
  CHECK(cookiebot_consent("marketing:true") == consent_answer::denied);  // not an object literal
  CHECK(cookiebot_consent("%7Bmarketing:true%7D") == consent_answer::granted);
  CHECK(cookiebot_consent("{marketing:true%") == consent_answer::denied);
  CHECK(cookiebot_consent("") == consent_answer::denied);
}

TEST_CASE("a landing's consent: each source granted, denied and undecided, per network, and exemptions") {
  json_document doc;
  const std::string text = read_fixture("consent/tc_strings.json");
  REQUIRE(doc.parse(text));
  std::string with_907, without_purpose_1;
  const auto cases = as_array(doc.root());
  for (const json_element e : *cases) {
    const json_object c = *as_object(e);
    if (*string_field(c, "name") == "purpose 1 and two vendors") with_907 = std::string(*string_field(c, "tc_string"));
    if (*string_field(c, "name") == "vendors but not purpose 1") without_purpose_1 = std::string(*string_field(c, "tc_string"));
  }
  config c;
  struct row {
    consent_source source;
    std::string cookies;
    const char* network;
    const char* publisher;
    consent_state expected;
  };
  const std::string granted_onetrust = "OptanonConsent=" + onetrust("C0001%3A1%2CC0004%3A1");
  const row table[] = {
      {consent_source::off, "", "rakuten", "", consent_state::off},
      {consent_source::tcf, "", "rakuten", "", consent_state::undecided},
      {consent_source::tcf, "euconsent-v2=" + with_907, "awin", "", consent_state::granted},
      {consent_source::tcf, "euconsent-v2=" + with_907, "rakuten", "", consent_state::denied},  // vendor 1000 not consented
      {consent_source::tcf, "euconsent-v2=" + with_907, "cj", "", consent_state::granted},       // no vendor id: purpose 1
      {consent_source::tcf, "euconsent-v2=" + without_purpose_1, "awin", "", consent_state::denied},
      {consent_source::tcf, "euconsent-v2=garbage", "awin", "", consent_state::denied},
      {consent_source::onetrust, "a=b; " + granted_onetrust, "rakuten", "", consent_state::granted},
      {consent_source::onetrust, "OptanonConsent=" + onetrust("C0004%3A0"), "rakuten", "", consent_state::denied},
      {consent_source::onetrust, "OptanonConsent=" + onetrust("C0004%3A0"), "rakuten", "CASHBACK1", consent_state::exempt},
      {consent_source::onetrust, "", "rakuten", "", consent_state::undecided},
      {consent_source::cookiebot, "CookieConsent=" + cookiebot("abc", "true"), "impact", "", consent_state::granted},
      {consent_source::cookiebot, "CookieConsent=" + cookiebot("abc", "false"), "impact", "", consent_state::denied},
      {consent_source::cookie, "shop_consent=yes", "rakuten", "", consent_state::granted},
      {consent_source::cookie, "shop_consent=no", "rakuten", "", consent_state::denied},
      {consent_source::cookie, "other=yes", "rakuten", "", consent_state::undecided},
  };
  for (const auto& r : table) {
    INFO(r.cookies << " " << r.network);
    c.consent = r.source;
    c.consent_cookie_name = "shop_consent";
    c.consent_cookie_value = "yes";
    c.consent_tcf_vendors = {{"awin", 907}, {"rakuten", 1000}};
    c.consent_exempt_sites = {"CASHBACK1"};
    CHECK(consent_for_click(c, r.cookies, r.network, r.publisher) == r.expected);
  }
}

TEST_CASE("CONSENT and its companions are read, and a bad value is a problem, not a guess") {
  config c;
  REQUIRE(parse_config(R"({"CONSENT":"cookie:shop_consent=yes","CONSENT_TCF_VENDORS":"awin:907, rakuten:1000",
      "CONSENT_EXEMPT_SITES":"CASH1,LOYAL2","CONSENT_GROUP":"C0007"})")
              .get(c) == error_code::success);
  CHECK(c.consent == consent_source::cookie);
  CHECK(c.consent_cookie_name == "shop_consent");
  CHECK(c.consent_cookie_value == "yes");
  CHECK(c.consent_tcf_vendors == std::vector<std::pair<std::string, int64_t>>{{"awin", 907}, {"rakuten", 1000}});
  CHECK(c.consent_exempt_sites == std::vector<std::string>{"CASH1", "LOYAL2"});
  CHECK(c.consent_group == "C0007");
  for (const char* bad : {R"({"CONSENT":"gdpr"})", R"({"CONSENT":"cookie:=x"})", R"({"CONSENT_TCF_VENDORS":"awin:0"})",
                          R"({"CONSENT_TCF_VENDORS":"awin"})"}) {
    INFO(bad);
    REQUIRE(parse_config(bad).get(c) == error_code::success);
    CHECK(std::any_of(c.problems.begin(), c.problems.end(),
                      [](const std::string& p) { return p.find("CONSENT") != std::string::npos; }));
  }
}
