// The dashboard's session (the design card's contract): signing in with the admin token sets the
// cookie edgepost_admin (HttpOnly, Secure, SameSite=Strict, Path=/_edgepost/admin, at most 12 h),
// whose value is v1.<expiry>.<base64url HMAC-SHA256 of it, keyed with ADMIN_TOKEN>. A new token
// ends every session; nothing is stored.
#pragma once
#include "encoding/core_answer.h"
#include <string>
#include <string_view>

#include "config/config.h"
#include "support/utc_time.h"

namespace edgepost {

constexpr std::string_view admin_session_cookie_name = "edgepost_admin";
constexpr int64_t admin_session_seconds = 12 * 3600;

// The Set-Cookie header of a session that starts now.
std::string admin_session_set_cookie(const config& settings, unix_seconds now);
// The Set-Cookie header that ends a session.
std::string admin_session_clear_cookie();
// Whether the request's Cookie header carries a session that is valid now.
bool has_admin_session(const config& settings, std::string_view cookie_header, unix_seconds now);

// The sign-in form's body (application/x-www-form-urlencoded, field `token`) names the admin token.
bool is_admin_token(const config& settings, std::string_view form_body);

// Signing in (`action` login, with the form's body) or out (logout): 303 back to the dashboard
// with the session's cookie set or cleared, or 401 with a sentence for the sign-in page.
// {status, set_cookie, location, message}.
core_answer answer_admin_session(const config& settings, std::string_view action, std::string_view form_body,
                                 unix_seconds now);

}  // namespace edgepost
