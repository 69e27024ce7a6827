// One winner per order (README, "Networks"), table by table.
#include <catch2/catch.hpp>

#include "networks/arbitration.h"

using namespace edgepost;

namespace {

constexpr unix_seconds sale = 1795514520;

config settings(attribution_policy policy = attribution_policy::last_click, std::vector<std::string> priority = {}) {
  config c;
  c.rakuten_mid = "12345";
  c.policy = policy;
  c.network_priority = std::move(priority);
  return c;
}

click at(const char* network, unix_seconds landed, const char* id = "ID") {
  click c{id, landed, "", ""};
  c.network = network;
  return c;
}

std::string outcomes(const arbitration& a) {
  std::string out;
  for (const auto& r : a.outcomes) out += (out.empty() ? "" : " ") + r.c.network + ":" + r.outcome;
  return out;
}

}  // namespace

TEST_CASE("last click: the latest click in its window wins, whichever network it came through") {
  struct row {
    const char* name;
    std::vector<click> clicks;
    const char* winner;  // nullptr: none
    const char* outcomes;
  };
  const row table[] = {
      {"one Rakuten click", {at("rakuten", sale - 60)}, "rakuten", "rakuten:won"},
      {"Rakuten on Monday, CJ on Wednesday", {at("rakuten", sale - 2 * 86400), at("cj", sale - 3600)}, "cj",
       "cj:won rakuten:later_click"},
      {"CJ on Monday, Rakuten on Wednesday", {at("cj", sale - 2 * 86400), at("rakuten", sale - 3600)}, "rakuten",
       "rakuten:won cj:later_click"},
      {"the order of the list does not matter", {at("rakuten", sale - 3600), at("awin", sale - 2 * 86400)}, "rakuten",
       "rakuten:won awin:later_click"},
      {"a later click outside its window loses to an earlier one in it",
       {at("impact", sale - 31 * 86400), at("rakuten", sale - 40 * 86400)}, nullptr,
       "impact:outside_window rakuten:outside_window"},
      {"the latest click outside the window", {at("impact", sale - 31 * 86400), at("rakuten", sale - 86400)}, "rakuten",
       "rakuten:won impact:outside_window"},
      {"a click after the sale does not count", {at("cj", sale + 3600), at("rakuten", sale - 60)}, "rakuten",
       "rakuten:won cj:outside_window"},
      {"five minutes of clock skew are allowed", {at("cj", sale + 300), at("rakuten", sale - 60)}, "cj",
       "cj:won rakuten:later_click"},
      {"the same second: the network first in the table", {at("awin", sale - 60), at("impact", sale - 60)}, "impact",
       "impact:won awin:later_click"},
      {"the same second, Rakuten first by default", {at("cj", sale - 60), at("rakuten", sale - 60)}, "rakuten",
       "rakuten:won cj:later_click"},
      {"a click without a network is the table's first", {at("", sale - 60), at("cj", sale - 120)}, "rakuten",
       "rakuten:won cj:later_click"},
      {"no click", {}, nullptr, ""},
  };
  for (const auto& r : table) {
    INFO(r.name);
    const arbitration a = arbitrate(settings(), r.clicks, sale);
    CHECK(a.winner.has_value() == (r.winner != nullptr));
    if (a.winner && r.winner) CHECK(a.winner->network == r.winner);
    CHECK(outcomes(a) == r.outcomes);
  }
}

TEST_CASE("NETWORK_PRIORITY settles ties, the networks it leaves out following in the table's order") {
  const config c = settings(attribution_policy::last_click, {"awin", "cj"});
  CHECK(arbitrate(c, {at("rakuten", sale - 60), at("cj", sale - 60)}, sale).winner->network == "cj");
  CHECK(arbitrate(c, {at("cj", sale - 60), at("awin", sale - 60)}, sale).winner->network == "awin");
  CHECK(arbitrate(c, {at("impact", sale - 60), at("rakuten", sale - 60)}, sale).winner->network == "rakuten");
  CHECK(network_rank(c, "awin") < network_rank(c, "cj"));
  CHECK(network_rank(c, "cj") < network_rank(c, "rakuten"));
  CHECK(network_rank(c, "rakuten") < network_rank(c, "partnerize"));
  // A later click still beats any priority.
  CHECK(arbitrate(c, {at("rakuten", sale - 30), at("awin", sale - 60)}, sale).winner->network == "rakuten");
}

TEST_CASE("per network: the network edgepost sends to is told when its click is in its window") {
  const config c = settings(attribution_policy::per_network);
  const arbitration a = arbitrate(c, {at("rakuten", sale - 2 * 86400), at("cj", sale - 3600)}, sale);
  REQUIRE(a.winner);
  CHECK(a.winner->network == "rakuten");
  CHECK(outcomes(a) == "rakuten:won cj:not_configured");
  // With no click of a network edgepost sends to, the latest still wins (and nothing is sent).
  const arbitration b = arbitrate(c, {at("awin", sale - 2 * 86400), at("cj", sale - 3600)}, sale);
  REQUIRE(b.winner);
  CHECK(b.winner->network == "cj");
  CHECK(outcomes(b) == "cj:won awin:not_configured");
}
