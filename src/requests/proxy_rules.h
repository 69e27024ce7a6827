// What the proxy forwards to the origin, as a reverse proxy should (README, "Security"): the
// shell applies these to every request it passes on, and leaves everything else (cookies, bodies,
// Set-Cookie, redirects) exactly as it came.
#pragma once

namespace edgepost {

class json_writer;
struct config;

// {"drop_headers": [...], "drop_headers_named_in": "connection", "connection_values_passed": [...],
//  "strip_cookies": [...], "strip_admin_bearer": true}
//   drop_headers: hop-by-hop headers (RFC 9110 §7.6.1) and the forwarding headers a client could
//     forge (Forwarded, X-Forwarded-*, X-Real-IP), lower case;
//   drop_headers_named_in: the header whose listed names are hop-by-hop too;
//   connection_values_passed: values of that header (lower case, trimmed) that alone are no reason
//     to rewrite a request: it is passed on as it came when nothing else applies;
//   strip_cookies: edgepost's own session cookie, which is the dashboard's and no business of the shop;
//   strip_admin_bearer: an Authorization that is edgepost's admin bearer is never forwarded.
void write_proxy_rules(json_writer& out, const config& settings);

}  // namespace edgepost
