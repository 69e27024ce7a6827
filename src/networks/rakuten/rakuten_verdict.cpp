#include "networks/rakuten/rakuten_verdict.h"

#include "networks/http_verdict.h"

#include <charconv>
#include <optional>

namespace edgepost {
namespace {

std::optional<std::string_view> element_text(std::string_view body, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const size_t start = body.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  const size_t text_start = start + open.size();
  const size_t end = body.find(close, text_start);
  if (end == std::string_view::npos) return std::nullopt;
  return body.substr(text_start, end - text_start);
}

std::optional<int64_t> element_count(std::string_view body, std::string_view tag) {
  auto text = element_text(body, tag);
  if (!text) return std::nullopt;
  while (!text->empty() && (text->front() == ' ' || text->front() == '\n')) text->remove_prefix(1);
  while (!text->empty() && (text->back() == ' ' || text->back() == '\n')) text->remove_suffix(1);
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return n;
}


}  // namespace

attempt_judgement judge_rakuten_response(int status, std::string_view body, std::string_view retry_after_header) {
  attempt_judgement j;
  if (status == 0) {
    j.reason = "no answer (timeout or network error)";
    return j;
  }
  if (status == 408 || status == 429 || status >= 500) {
    j.reason = "HTTP " + std::to_string(status) + ": temporary, will retry";
    j.retry_after_seconds = parse_retry_after(retry_after_header);
    return j;
  }
  if (status >= 400) {
    j.outcome = verdict::rejected;
    j.reason = "HTTP " + std::to_string(status) + ": refused by the endpoint";
    return j;
  }
  if (status < 200 || status >= 300) {
    j.reason = "HTTP " + std::to_string(status) + ": unexpected, will retry";
    return j;
  }
  if (const auto error = element_text(body, "error")) {
    j.outcome = verdict::rejected;
    j.reason = "Rakuten error: " + std::string(error->substr(0, 200));
    j.access_denied = error->find("Access denied") != std::string_view::npos ||
                      error->find("access denied") != std::string_view::npos;
    return j;
  }
  const auto good = element_count(body, "good");
  const auto bad = element_count(body, "bad");
  if (bad && *bad > 0) {
    j.outcome = verdict::rejected;
    j.reason = "Rakuten reported " + std::to_string(*bad) + " bad line(s)";
    return j;
  }
  if (good && *good > 0) {
    j.outcome = verdict::accepted;
    j.reason = "Rakuten accepted " + std::to_string(*good) + " line(s)";
    return j;
  }
  if (good) {
    j.outcome = verdict::rejected;
    j.reason = "Rakuten accepted no lines";
    return j;
  }
  j.reason = "HTTP " + std::to_string(status) + " without a <good>/<bad> answer: will retry";
  return j;
}

}  // namespace edgepost
