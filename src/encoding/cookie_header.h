// Reading the request's Cookie header (RFC 6265 §5.4 form: "a=1; b=2") and writing
// Set-Cookie values (§4.1). Values written are checked by the caller to be cookie-octets.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace edgepost {

// The first cookie named `name`, undecoded, surrounding DQUOTEs removed.
std::optional<std::string_view> find_cookie(std::string_view cookie_header, std::string_view name);

struct set_cookie_options {
  long max_age_seconds = 0;
  bool http_only = true;
  bool secure = true;
  std::string_view same_site = "Lax";
};

// "name=value; Max-Age=…; Path=/; Secure; HttpOnly; SameSite=Lax". Only callers that have
// validated `value` may call it: nothing here can escape a ';' or a newline.
std::string build_set_cookie(std::string_view name, std::string_view value, const set_cookie_options& options);

// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
bool is_cookie_octets(std::string_view value);

}  // namespace edgepost
