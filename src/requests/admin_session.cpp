#include "requests/admin_session.h"

#include <charconv>

#include "crypto/crypto.h"
#include "encoding/base64.h"
#include "encoding/cookie_header.h"
#include "encoding/json_writer.h"
#include "encoding/query_string.h"

namespace edgepost {
namespace {

std::string session_mac(const config& settings, std::string_view expiry) {
  const sha256_digest mac = hmac_sha256(settings.admin_token, "edgepost-admin-session-v1." + std::string(expiry));
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()), base64_alphabet::url_safe);
}

}  // namespace

std::string admin_session_set_cookie(const config& settings, unix_seconds now) {
  const std::string expiry = std::to_string(now + admin_session_seconds);
  return std::string(admin_session_cookie_name) + "=v1." + expiry + "." + session_mac(settings, expiry) +
         "; Max-Age=" + std::to_string(admin_session_seconds) +
         "; Path=/_edgepost/admin; HttpOnly; Secure; SameSite=Strict";
}

std::string admin_session_clear_cookie() {
  return std::string(admin_session_cookie_name) + "=; Max-Age=0; Path=/_edgepost/admin; HttpOnly; Secure; SameSite=Strict";
}

bool has_admin_session(const config& settings, std::string_view cookie_header, unix_seconds now) {
  if (settings.admin_token.empty()) return false;
  const auto value = find_cookie(cookie_header, admin_session_cookie_name);
  if (!value || value->substr(0, 3) != "v1.") return false;
  const std::string_view rest = value->substr(3);
  const size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view expiry_text = rest.substr(0, dot);
  int64_t expiry = 0;
  const auto [end, ec] = std::from_chars(expiry_text.data(), expiry_text.data() + expiry_text.size(), expiry);
  if (ec != std::errc{} || end != expiry_text.data() + expiry_text.size()) return false;
  // Checked in constant time before the times, so timing says nothing about the MAC.
  const bool genuine = equal_in_constant_time(rest.substr(dot + 1), session_mac(settings, expiry_text));
  return genuine && expiry > now && expiry <= now + admin_session_seconds;
}

bool is_admin_token(const config& settings, std::string_view form_body) {
  if (settings.admin_token.empty()) return false;
  const auto token = find_query_parameter(form_body, "token");
  return token && equal_in_constant_time(*token, settings.admin_token);
}

core_answer answer_admin_session(const config& settings, std::string_view action, std::string_view form_body,
                                 unix_seconds now) {
  json_writer out;
  out.begin_object();
  int32_t status = 303;
  if (action == "logout") {
    out.member("status", int64_t{303}).member("set_cookie", admin_session_clear_cookie());
  } else if (is_admin_token(settings, form_body)) {
    out.member("status", int64_t{303}).member("set_cookie", admin_session_set_cookie(settings, now));
  } else {
    status = 401;
    out.member("status", int64_t{401});
    out.member("message", settings.admin_token.empty()
                              ? "ADMIN_TOKEN is not set (or shorter than 32 characters), so the dashboard is closed."
                              : "That is not the admin token.");
  }
  out.member("location", "/_edgepost/admin/").end_object();
  return {status, out.take()};
}

}  // namespace edgepost
