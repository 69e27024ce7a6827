// What one attempt's answer means, whichever network judged it (each network's verdict reader
// makes one from its own answers).
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
  std::string reason;                // a sentence for the attempt log
  int64_t retry_after_seconds = -1;  // from Retry-After on 429/503, -1 when absent
  // The network refuses the merchant's access (Rakuten's <error>Access denied</error>, a revoked
  // token): every sale is lost until someone acts, so it raises an alert (monitoring/monitor.h).
  bool access_denied = false;
};

}  // namespace edgepost
