#include "networks/http_verdict.h"

#include <charconv>
#include <string>

namespace edgepost {

int64_t parse_retry_after(std::string_view header) {
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  if (ec != std::errc{} || end != header.data() + header.size() || seconds < 0) return -1;
  return seconds;
}

attempt_judgement judge_http_status(std::string_view network, int status, std::string_view body,
                                    std::string_view retry_after_header) {
  attempt_judgement j;
  const std::string who(network);
  if (status == 0) {
    j.reason = "no answer (timeout or network error)";
    return j;
  }
  if (status >= 200 && status < 300) {
    j.outcome = verdict::accepted;
    j.reason = who + " accepted it for processing (HTTP " + std::to_string(status) + ")";
    return j;
  }
  if (status == 408 || status == 429 || status >= 500) {
    j.reason = "HTTP " + std::to_string(status) + ": temporary, will retry";
    j.retry_after_seconds = parse_retry_after(retry_after_header);
    return j;
  }
  if (status == 401 || status == 403) {
    j.outcome = verdict::rejected;
    j.access_denied = true;
    j.reason = who + " refused the credentials (HTTP " + std::to_string(status) + "): check its API settings";
    return j;
  }
  if (status >= 400) {
    j.outcome = verdict::rejected;
    j.reason = who + " refused it (HTTP " + std::to_string(status) + ")";
    if (!body.empty()) j.reason += ": " + std::string(body.substr(0, 200));
    return j;
  }
  j.reason = "HTTP " + std::to_string(status) + ": unexpected, will retry";
  return j;
}

}  // namespace edgepost
