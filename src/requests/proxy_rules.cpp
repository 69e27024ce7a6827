#include "requests/proxy_rules.h"

#include <string_view>

#include "config/config.h"
#include "encoding/json_writer.h"
#include "requests/admin_session.h"

namespace edgepost {
namespace {

// Hop-by-hop (RFC 9110 §7.6.1, and Keep-Alive and Proxy-Connection as deployed), then what a
// client could say about where it came from: an origin that trusts them would build links and
// cache keys from an attacker's host, so they are dropped, not passed on.
constexpr std::string_view dropped_headers[] = {
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "transfer-encoding", "upgrade", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
    "x-forwarded-port", "x-forwarded-server", "x-real-ip",
};

}  // namespace

void write_proxy_rules(json_writer& out, const config& settings) {
  out.begin_object().key("drop_headers").begin_array();
  for (std::string_view h : dropped_headers) out.string(h);
  out.end_array().member("drop_headers_named_in", "connection");
  out.key("strip_cookies").begin_array().string(admin_session_cookie_name).end_array();
  out.member("strip_admin_bearer", !settings.admin_token.empty()).end_object();
}

}  // namespace edgepost
