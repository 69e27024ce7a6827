// What a postback attempt's outcome means, judged from Rakuten's answer as the README ("Delivery") lists it:
//   2xx with <good>n</good><bad>0</bad> (n > 0)       accepted
//   2xx with <bad>n</bad> (n > 0) or <error>…</error>  rejected for good
//   400, 401, 403, 404 (and other 4xx)                 rejected for good
//   408, 429 (Retry-After honoured), 5xx, timeout,
//   network error, or a 2xx we cannot read            retried
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace edgepost {

enum class verdict { accepted, rejected, retry };

constexpr std::string_view verdict_name(verdict v) {
  return v == verdict::accepted ? "accepted" : v == verdict::rejected ? "rejected" : "retry";
}

struct attempt_judgement {
  verdict outcome = verdict::retry;
  std::string reason;               // a sentence for the attempt log
  int64_t retry_after_seconds = -1;  // from Retry-After on 429/503, -1 when absent
  // Rakuten's <error>Access denied</error>: the merchant's postback access is off or the mid is
  // wrong, so every sale is lost until someone acts (an alert, monitoring/monitor.h).
  bool access_denied = false;
};

// status 0 means no HTTP answer at all (timeout, connection refused, DNS failure).
attempt_judgement judge_rakuten_response(int status, std::string_view body, std::string_view retry_after_header);

}  // namespace edgepost
