// The verdict on a network API's answer by its HTTP status, for networks whose APIs answer in
// status codes (Awin, Impact, CJ); Rakuten's postback answers in its body (rakuten_verdict.h).
#pragma once
#include <string_view>

#include "networks/network_verdict.h"

namespace edgepost {

// Retry-After in seconds; -1 when absent or an HTTP-date (not used).
int64_t parse_retry_after(std::string_view header);

// 2xx accepted; 401 and 403 rejected with access denied (the credentials are refused: an alert);
// other 4xx rejected; 408, 429, 5xx, no answer (status 0) and anything else retried, Retry-After
// honoured. `network` names it in the attempt log.
attempt_judgement judge_http_status(std::string_view network, int status, std::string_view body,
                                    std::string_view retry_after_header);

}  // namespace edgepost
