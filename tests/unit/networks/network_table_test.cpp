#include <catch2/catch.hpp>

#include <set>

#include "encoding/json_writer.h"
#include "networks/network_table.h"

using namespace edgepost;

TEST_CASE("the network table: names and landing parameters are unique, Rakuten first") {
  std::set<std::string_view> names, parameters;
  for (const auto& n : networks()) {
    CHECK(names.insert(n.name).second);
    CHECK(parameters.insert(n.landing_parameter).second);
    CHECK(is_valid_network_name(n.name));
    CHECK(n.valid_click_id != nullptr);
  }
  CHECK(networks().front().name == "rakuten");
  CHECK(network_named("") == &networks().front());
  CHECK(network_named("cj") == find_network("cj"));
  CHECK(network_named("nosuch") == nullptr);
}

TEST_CASE("health names each network's state: Rakuten sending with its mid, the others observed") {
  config c;
  c.rakuten_mid = "12345";
  json_writer out;
  write_network_states(out, c);
  const std::string text = out.take();
  CHECK(text.find(R"("rakuten":{"state":"sending")") != std::string::npos);
  for (const char* n : {"impact", "cj", "awin", "partnerize"})
    CHECK(text.find(std::string("\"") + n + R"(":{"state":"observing")") != std::string::npos);
  CHECK(sends_to(*find_network("rakuten"), c));
  CHECK_FALSE(sends_to(*find_network("cj"), c));
  c.rakuten_mid.clear();
  CHECK(status_of(*find_network("rakuten"), c).state == network_state::misconfigured);
}
