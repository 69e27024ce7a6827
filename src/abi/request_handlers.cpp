#include <charconv>

#include "abi/handlers.h"
#include "intake/intake_answer.h"
#include "intake/order_intake.h"
#include "intake/provider_intake.h"
#include "providers/provider_table.h"
#include "requests/admin_session.h"
#include "requests/consent_grant.h"
#include "requests/request_answers.h"

#if defined(__EMSCRIPTEN__)
#define EDGEPOST_TOOLCHAIN "emscripten"
#elif defined(__wasm__)
#define EDGEPOST_TOOLCHAIN "wasi"
#else
#define EDGEPOST_TOOLCHAIN "native"
#endif

namespace edgepost::abi {
namespace {

config current;

}  // namespace

const config& settings() { return current; }

std::optional<int64_t> integer(std::string_view text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, v);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return v;
}

std::optional<int> http_status(std::string_view text) {
  const auto v = integer(text);
  if (!v || *v < 0 || *v > 999) return std::nullopt;
  return static_cast<int>(*v);
}

core_answer configure(const call_fields& f) {
  config parsed;
  if (parse_config(FIELD("configure", "environment")).get(parsed) != error_code::success) {
    parsed = config{};
    parsed.problems.push_back("the configuration could not be read");
  }
  current = std::move(parsed);
  return answer_configure(current, EDGEPOST_TOOLCHAIN);
}

core_answer request(const call_fields& f) {
  const auto now = integer(FIELD("request", "now"));
  if (!now) return bad_call("the request's time is not an integer");
  const incoming_request r{FIELD("request", "method"), FIELD("request", "path"),          FIELD("request", "query"),
                           FIELD("request", "cookie"), FIELD("request", "authorization"), FIELD("request", "origin"),
                           FIELD("request", "host")};
  return answer_request(settings(), r, *now, EDGEPOST_TOOLCHAIN);
}

core_answer orders_intake(const call_fields& f) {
  const auto now = integer(FIELD("orders_intake", "now"));
  if (!now) return bad_call("the order's time is not an integer");
  const standard_webhook_headers headers{FIELD("orders_intake", "webhook_id"), FIELD("orders_intake", "webhook_timestamp"),
                                         FIELD("orders_intake", "webhook_signature")};
  return answer_intake(accept_generic_order(settings(), headers, FIELD("orders_intake", "body"), *now));
}

core_answer provider_webhook(const call_fields& f) {
  const auto now = integer(FIELD("provider_webhook", "now"));
  if (!now) return bad_call("the webhook's time is not an integer");
  const provider_headers headers{FIELD("provider_webhook", "signature"), FIELD("provider_webhook", "topic"),
                                 FIELD("provider_webhook", "url")};
  return answer_intake(
      accept_provider_webhook(settings(), FIELD("provider_webhook", "provider"), headers, FIELD("provider_webhook", "body"), *now));
}

core_answer provider_continue(const call_fields& f) {
  const auto now = integer(FIELD("provider_continue", "now"));
  const auto status = http_status(FIELD("provider_continue", "status"));
  if (!now || !status) return bad_call("the continuation's time or HTTP status is not an integer");
  return answer_intake(continue_provider_webhook(settings(), FIELD("provider_continue", "continuation"), *status,
                                                 FIELD("provider_continue", "body"), *now));
}

core_answer response_joins(const call_fields& f) {
  return answer_response_joins(settings(), FIELD("response_joins", "location"), FIELD("response_joins", "body"));
}

core_answer admin_session(const call_fields& f) {
  const auto now = integer(FIELD("admin_session", "now"));
  if (!now) return bad_call("the sign-in's time is not an integer");
  const admin_session_request r{FIELD("admin_session", "action"), FIELD("admin_session", "form"),
                                FIELD("admin_session", "cookie"), FIELD("admin_session", "random"),
                                FIELD("admin_session", "failures")};
  return answer_admin_session(settings(), r, *now);
}

core_answer consent_grant(const call_fields& f) {
  const auto now = integer(FIELD("consent_grant", "now"));
  if (!now) return bad_call("the consent's time is not an integer");
  return answer_consent_grant(settings(), FIELD("consent_grant", "cookie"), FIELD("consent_grant", "content_type"),
                              FIELD("consent_grant", "body"), *now);
}

}  // namespace edgepost::abi
