#include "requests/click_cookies.h"

#include "attribution/attribution_token.h"
#include "encoding/cookie_header.h"
#include "networks/network_table.h"

namespace edgepost {

std::string store_clicks(const config& settings, const std::vector<click>& landed, std::string_view cookie_header,
                         unix_seconds now, std::vector<std::string>& set_cookies) {
  std::vector<click> clicks = landed;
  std::vector<click> earlier;
  if (const auto token = find_cookie(cookie_header, attribution_cookie_name);
      token && verify_click_set(*token, cookie_keys(settings), now,
                                settings.attribution_seconds())
                       .get(earlier) == error_code::success) {
    for (auto& e : earlier) {
      bool replaced = false;
      for (const auto& l : landed) replaced |= l.network == e.network;
      if (!replaced) clicks.push_back(std::move(e));
    }
  }
  set_cookie_options attribution_cookie;
  attribution_cookie.max_age_seconds = settings.attribution_seconds();
  std::string token = sign_click_set(clicks, settings.cookie_secret.key());
  set_cookies.push_back(build_set_cookie(attribution_cookie_name, token, attribution_cookie));
  for (const auto& c : landed) {
    const network* n = find_network(c.network);
    if (n && n->landing_cookies) n->landing_cookies(settings, c, now, set_cookies);
  }
  return token;
}

}  // namespace edgepost
