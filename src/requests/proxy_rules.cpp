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

// The values of Connection that name no other header. The HTTP layer in front of the worker keeps
// Connection (it answers keep-alive to almost every client) and opens its own connection to the
// origin whatever the request says, so a request whose Connection says only this goes on as it
// came: copying its headers to drop one harmless header costs a page view about 5 µs in workerd.
constexpr std::string_view connection_values_passed[] = {"keep-alive", "close"};

}  // namespace

void write_proxy_rules(json_writer& out, const config& settings) {
  out.begin_object().key("drop_headers").begin_array();
  for (std::string_view h : dropped_headers) out.string(h);
  out.end_array().member("drop_headers_named_in", "connection");
  out.key("connection_values_passed").begin_array();
  for (std::string_view v : connection_values_passed) out.string(v);
  out.end_array();
  out.key("strip_cookies").begin_array().string(admin_session_cookie_name).end_array();
  out.member("strip_admin_bearer", !settings.admin_token.empty()).end_object();
}

}  // namespace edgepost
