// The cookies that store clicks: edgepost's attribution cookie, holding the latest click of every
// network (the request's own cookie's clicks kept, the networks clicked now replaced), and each
// landed network's own cookie (Rakuten's rmStore). A landing writes them, and so does the consent
// route once the shopper consents (README, "Consent").
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/click.h"
#include "support/utc_time.h"

namespace edgepost {

// Appends the Set-Cookie values for `landed` (at most one click per network) to `set_cookies` and
// answers the attribution cookie's signed value.
std::string store_clicks(const config& settings, const std::vector<click>& landed, std::string_view cookie_header,
                         unix_seconds now, std::vector<std::string>& set_cookies);

}  // namespace edgepost
