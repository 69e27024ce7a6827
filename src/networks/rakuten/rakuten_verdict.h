// What a postback attempt's outcome means, judged from Rakuten's answer as the README ("Delivery") lists it:
//   2xx with <good>n</good><bad>0</bad> (n > 0)       accepted
//   2xx with <bad>n</bad> (n > 0) or <error>…</error>  rejected for good
//   400, 401, 403, 404 (and other 4xx)                 rejected for good
//   408, 429 (Retry-After honoured), 5xx, timeout,
//   network error, or a 2xx we cannot read            retried
#pragma once
#include <string_view>

#include "networks/network_verdict.h"

namespace edgepost {

// status 0 means no HTTP answer at all (timeout, connection refused, DNS failure).
attempt_judgement judge_rakuten_response(int status, std::string_view body, std::string_view retry_after_header);

}  // namespace edgepost
