#include "requests/admin_session.h"

#include <algorithm>
#include <charconv>

#include "crypto/crypto.h"
#include "encoding/base64.h"
#include "encoding/cookie_header.h"
#include "encoding/json_writer.h"
#include "encoding/query_string.h"

namespace edgepost {
namespace {

constexpr std::string_view cookie_version = "v2.";

std::string session_mac(const config& settings, std::string_view expiry, std::string_view id) {
  const sha256_digest mac =
      hmac_sha256(settings.admin_token, "edgepost-admin-session-v2." + std::string(expiry) + "." + std::string(id));
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()), base64_alphabet::url_safe);
}

std::optional<int64_t> whole_number(std::string_view text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The failures of the window, oldest first. The store wrote each entry; one it cannot read counts
// as a failure now, so a damaged row never opens the limit.
std::vector<int64_t> failures_in_window(std::string_view stored, unix_seconds now) {
  std::vector<int64_t> in_window;
  while (!stored.empty()) {
    const size_t comma = stored.find(',');
    const std::string_view entry = stored.substr(0, comma);
    stored = comma == std::string_view::npos ? std::string_view{} : stored.substr(comma + 1);
    const int64_t at = whole_number(entry).value_or(now);
    if (at > now - sign_in_failure_window_seconds) in_window.push_back(std::min<int64_t>(at, now));
  }
  std::sort(in_window.begin(), in_window.end());
  return in_window;
}

void write_sign_in(json_writer& out, const config& settings, const admin_session_request& r, unix_seconds now,
                   int32_t& status) {
  out.member("forget_failures_before", now - sign_in_failure_window_seconds);
  const std::vector<int64_t> failures = failures_in_window(r.failures, now);
  if (failures.size() >= static_cast<size_t>(sign_in_failures_allowed)) {
    // Refused before the token is looked at, so a right guess among many is not told apart.
    const int64_t frees_at = failures[failures.size() - sign_in_failures_allowed] + sign_in_failure_window_seconds;
    const int64_t retry_after = std::max<int64_t>(1, frees_at - now);
    status = 429;
    out.member("status", int64_t{429}).member("retry_after", retry_after);
    out.member("message", "Too many wrong tokens from this address. Try again in " +
                              std::to_string((retry_after + 59) / 60) + " minutes.");
    return;
  }
  if (is_admin_token(settings, r.form)) {
    if (!is_valid_session_id(r.random)) {
      // The shell's random bytes are its own; a wrong length is a shell bug, not the user's.
      status = 500;
      out.member("status", int64_t{500}).member("message", "edgepost could not start a session; see the logs.");
      return;
    }
    out.member("status", int64_t{303}).member("set_cookie", admin_session_set_cookie(settings, r.random, now));
    out.key("session").begin_object().member("id", r.random).member("expires_at", now + admin_session_seconds).end_object();
    return;
  }
  status = 401;
  out.member("status", int64_t{401});
  if (settings.admin_token.empty()) {
    out.member("message", "ADMIN_TOKEN is not set (or shorter than 32 characters), so the dashboard is closed.");
    return;
  }
  out.member("message", "That is not the admin token.").member("record_failure", true);
}

}  // namespace

bool is_valid_session_id(std::string_view id) {
  if (id.size() < 22 || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::string admin_session_set_cookie(const config& settings, std::string_view id, unix_seconds now) {
  const std::string expiry = std::to_string(now + admin_session_seconds);
  return std::string(admin_session_cookie_name) + "=" + std::string(cookie_version) + expiry + "." + std::string(id) +
         "." + session_mac(settings, expiry, id) + "; Max-Age=" + std::to_string(admin_session_seconds) +
         "; Path=/_edgepost/admin; HttpOnly; Secure; SameSite=Strict";
}

std::string admin_session_clear_cookie() {
  return std::string(admin_session_cookie_name) + "=; Max-Age=0; Path=/_edgepost/admin; HttpOnly; Secure; SameSite=Strict";
}

std::optional<admin_session_claim> admin_session_of(const config& settings, std::string_view cookie_header,
                                                    unix_seconds now) {
  if (settings.admin_token.empty()) return std::nullopt;
  const auto value = find_cookie(cookie_header, admin_session_cookie_name);
  if (!value || value->substr(0, cookie_version.size()) != cookie_version) return std::nullopt;
  const std::string_view rest = value->substr(cookie_version.size());
  const size_t first = rest.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = rest.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view expiry_text = rest.substr(0, first);
  const std::string_view id = rest.substr(first + 1, second - first - 1);
  const auto expiry = whole_number(expiry_text);
  if (!expiry || !is_valid_session_id(id)) return std::nullopt;
  // Checked in constant time before the times, so timing says nothing about the MAC.
  const bool genuine = equal_in_constant_time(rest.substr(second + 1), session_mac(settings, expiry_text, id));
  if (!genuine || *expiry <= now || *expiry > now + admin_session_seconds) return std::nullopt;
  return admin_session_claim{std::string(id), *expiry};
}

bool is_admin_token(const config& settings, std::string_view form_body) {
  if (settings.admin_token.empty()) return false;
  const auto token = find_query_parameter(form_body, "token");
  return token && equal_in_constant_time(*token, settings.admin_token);
}

core_answer answer_admin_session(const config& settings, const admin_session_request& r, unix_seconds now) {
  json_writer out;
  out.begin_object();
  int32_t status = 303;
  if (r.action == "login") {
    write_sign_in(out, settings, r, now, status);
  } else if (r.action == "logout" || r.action == "logout_everywhere") {
    out.member("status", int64_t{303}).member("set_cookie", admin_session_clear_cookie());
    const auto session = admin_session_of(settings, r.cookie, now);
    if (r.action == "logout_everywhere") out.member("end_all_sessions", true);
    else if (session) out.member("end_session", session->id);
  } else {
    return refusal_answer(400, "bad_call", "admin_session takes login, logout or logout_everywhere");
  }
  out.member("location", "/_edgepost/admin/").end_object();
  return {status, out.take()};
}

}  // namespace edgepost
