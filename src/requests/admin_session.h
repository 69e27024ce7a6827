// The dashboard's session (the design card's contract): signing in with the admin token sets the
// cookie edgepost_admin (HttpOnly, Secure, SameSite=Strict, Path=/_edgepost/admin, at most 12 h),
// whose value is v2.<expiry>.<session id>.<base64url HMAC-SHA256 of both, keyed with ADMIN_TOKEN>.
// A session is taken only while the shell's session store (the alert desk) still holds its id:
// signing out ends it, signing out everywhere ends them all, and a new token ends every one.
// Sign-in is limited per client address: a token cannot be guessed by asking quickly.
#pragma once
#include "encoding/core_answer.h"
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "support/utc_time.h"

namespace edgepost {

constexpr std::string_view admin_session_cookie_name = "edgepost_admin";
constexpr int64_t admin_session_seconds = 12 * 3600;
// Wrong tokens one client address may send in a window; the next attempt waits for the oldest of
// them to leave the window. Ten is many for a person mistyping and nothing against a 32-character token.
constexpr int sign_in_failures_allowed = 10;
constexpr int64_t sign_in_failure_window_seconds = 15 * 60;

struct admin_session_claim {
  std::string id;
  int64_t expires_at = 0;
};

// The random bytes the shell draws for a new session's id (192 bits; 32 base64url characters).
constexpr int64_t admin_session_random_bytes = 24;

// A session id, the shell's random bytes in base64url: 22 to 64 characters.
bool is_valid_session_id(std::string_view id);

// The Set-Cookie header of session `id`, starting now.
std::string admin_session_set_cookie(const config& settings, std::string_view id, unix_seconds now);
// The Set-Cookie header that ends a session.
std::string admin_session_clear_cookie();
// The genuine, unexpired session the request's Cookie header carries (whether the store still
// holds it is the shell's question, asked of the store).
std::optional<admin_session_claim> admin_session_of(const config& settings, std::string_view cookie_header,
                                                    unix_seconds now);

// The sign-in form's body (application/x-www-form-urlencoded, field `token`) names the admin token.
bool is_admin_token(const config& settings, std::string_view form_body);

struct admin_session_request {
  std::string_view action;       // login | logout | logout_everywhere
  std::string_view form;         // the sign-in form's body (login)
  std::string_view cookie;       // the request's Cookie header (logout)
  std::string_view random;       // the shell's random bytes, base64url, for a new session's id (login)
  std::string_view failures;     // this client address's stored failed sign-ins: unix seconds, comma-separated
};

// Signing in or out: 303 back to the dashboard with the session's cookie set or cleared, 401 with
// a sentence for the sign-in page, or 429 while the address has failed too often. What the store
// does with it: {status, location, set_cookie, message, retry_after,
//   session: {id, expires_at}   (login: store it),
//   record_failure: true        (login with a wrong token: store the failure, now),
//   forget_failures_before: t   (failures before t no longer count: delete them),
//   end_session: id | end_all_sessions: true}.
core_answer answer_admin_session(const config& settings, const admin_session_request& request, unix_seconds now);

}  // namespace edgepost
