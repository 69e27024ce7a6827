// The request decision, as every proxied request reaches it: method, path, query, Cookie,
// Authorization, Origin and Host headers (landings, joins, edgepost's routes, the admin check and
// the dashboard's session); the query is also taken as the sign-in form's body, the Cookie header
// as the session to end, and the Authorization header as the stored failures and the random bytes.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 7);
  fuzzing::call_expecting_json("request", {fuzzing::now, f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  fuzzing::call_expecting_json("admin_session", {fuzzing::now, "login", f[2], "", f[4], f[4]});
  fuzzing::call_expecting_json("admin_session", {fuzzing::now, "logout", "", f[3], "", ""});
  fuzzing::call_expecting_json("admin_session", {fuzzing::now, "logout_everywhere", "", f[3], "", ""});
  return 0;
}
