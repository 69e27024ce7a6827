#include "abi/handlers.h"
#include "monitoring/alert_channels.h"
#include "monitoring/monitor_answers.h"

namespace edgepost::abi {
namespace {

// Every monitor operation starts from the time and the stored state, read by monitor_view's names.
consteval bool starts_like_monitor_view(std::string_view name) {
  return index_of(name, "now") == 0 && index_of(name, "state") == 1;
}
static_assert(starts_like_monitor_view("monitor_plan") && starts_like_monitor_view("monitor_view") &&
              starts_like_monitor_view("monitor_test") && starts_like_monitor_view("monitor_signals") &&
              starts_like_monitor_view("monitor_checks") && starts_like_monitor_view("monitor_weekly"));
std::optional<core_answer> read_monitor_input(const call_fields& f, unix_seconds& now, monitor_state& state) {
  const auto time = integer(FIELD("monitor_view", "now"));
  if (!time) return bad_call("the monitor's time is not an integer");
  now = *time;
  if (read_monitor_state(FIELD("monitor_view", "state")).get(state) != error_code::success)
    return core_answer{-1, error_body("corrupt_state", "the stored monitoring state could not be read")};
  return std::nullopt;
}

#define MONITOR_INPUT           \
  unix_seconds now = 0;         \
  monitor_state state;          \
  if (auto refused = read_monitor_input(f, now, state)) return std::move(*refused)

// The rows of monitor_checks and monitor_weekly, which name them alike.
std::optional<check_rows> read_check_rows(const call_fields& f) {
  static_assert(index_of("monitor_checks", "grouped") == index_of("monitor_weekly", "grouped") &&
                index_of("monitor_checks", "sides") == index_of("monitor_weekly", "sides") &&
                index_of("monitor_checks", "report_orders") == index_of("monitor_weekly", "report_orders") &&
                index_of("monitor_checks", "covered") == index_of("monitor_weekly", "covered") &&
                index_of("monitor_checks", "last_sale") == index_of("monitor_weekly", "last_sale"));
  const std::string_view last_sale = FIELD("monitor_checks", "last_sale");
  const auto last_sale_at = integer(last_sale.empty() ? std::string_view("0") : last_sale);
  if (!last_sale_at) return std::nullopt;
  return check_rows{FIELD("monitor_checks", "grouped"), FIELD("monitor_checks", "sides"),
                    FIELD("monitor_checks", "report_orders"), FIELD("monitor_checks", "covered"), *last_sale_at, std::nullopt, false};
}

}  // namespace

core_answer monitor_plan(const call_fields& f) {
  MONITOR_INPUT;
  return answer_monitor_plan(state, settings(), now);
}
core_answer monitor_view(const call_fields& f) {
  MONITOR_INPUT;
  return answer_monitor_view(state, settings());
}
core_answer monitor_test(const call_fields& f) {
  MONITOR_INPUT;
  return answer_monitor_test(state, settings(), now);
}
core_answer monitor_signals(const call_fields& f) {
  MONITOR_INPUT;
  return answer_monitor_signals(state, FIELD("monitor_signals", "signals"), settings(), now);
}

core_answer monitor_checks(const call_fields& f) {
  MONITOR_INPUT;
  auto rows = read_check_rows(f);
  if (!rows) return bad_call("the latest sale time is not an integer");
  if (const std::string_view pulled = FIELD("monitor_checks", "pull_status"); !pulled.empty()) {
    const auto status = http_status(pulled);
    if (!status) return bad_call("the pull's status is not an integer");
    rows->pull_status = *status;
    rows->pull_imported = FIELD("monitor_checks", "pull_imported") == "1";
  }
  return answer_monitor_checks(state, *rows, settings(), now);
}

core_answer monitor_weekly(const call_fields& f) {
  MONITOR_INPUT;
  const auto rows = read_check_rows(f);
  if (!rows) return bad_call("the latest sale time is not an integer");
  return answer_monitor_weekly(state, *rows, settings(), now);
}

core_answer alert_request(const call_fields& f) {
  const auto now = integer(FIELD("alert_request", "now"));
  if (!now) return bad_call("the alert's time is not an integer");
  return answer_alert_request(settings(), FIELD("alert_request", "channel"), FIELD("alert_request", "message_id"),
                              FIELD("alert_request", "body"), *now);
}

core_answer alert_answer(const call_fields& f) {
  const auto attempts = integer(FIELD("alert_answer", "attempts"));
  const auto status = http_status(FIELD("alert_answer", "status"));
  const auto random = integer(FIELD("alert_answer", "random"));
  if (!attempts || !status || !random || *attempts < 1)
    return bad_call("the alert delivery's attempts, status or random value could not be read");
  return answer_alert_answer(settings(), *attempts, *status, static_cast<uint32_t>(*random));
}

}  // namespace edgepost::abi
