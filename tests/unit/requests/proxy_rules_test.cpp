#include <catch2/catch.hpp>

#include <string>

#include "config/config.h"
#include "encoding/json_writer.h"
#include "requests/proxy_rules.h"

using namespace edgepost;

namespace {

std::string rules_for(const config& c) {
  json_writer out;
  write_proxy_rules(out, c);
  return out.take();
}

bool mentions(const std::string& text, const std::string& json) { return text.find(json) != std::string::npos; }

}  // namespace

TEST_CASE("the proxy drops hop-by-hop and forgeable forwarding headers, and edgepost's own credentials") {
  config c;
  const std::string rules = rules_for(c);
  for (const char* header : {"connection", "keep-alive", "proxy-authorization", "te", "transfer-encoding", "upgrade",
                             "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip"})
    CHECK(mentions(rules, std::string("\"") + header + "\""));
  CHECK(mentions(rules, R"("drop_headers_named_in":"connection")"));
  CHECK(mentions(rules, R"("strip_cookies":["edgepost_admin"])"));
  CHECK(mentions(rules, R"("strip_admin_bearer":false)"));
  c.admin_token = "admin-token-0123456789abcdef-0123456789";
  CHECK(mentions(rules_for(c), R"("strip_admin_bearer":true)"));
}

TEST_CASE("a Connection that names no other header is no reason to copy a request's headers") {
  const std::string rules = rules_for(config{});
  CHECK(mentions(rules, R"("connection_values_passed":["keep-alive","close"])"));
}
