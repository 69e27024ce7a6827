// Monitoring: a stored state and every step kind on it (plan, signals, checks, weekly, test, view),
// and an alert delivery's request and answer. Fields: state, kind, then the kind's seven arguments.
// What must hold beyond the driver's checks: a state the core stores is one it reads again.
#include "abi_driver.h"

namespace {

std::string stored_state(const std::string& output) {
  static simdjson::dom::parser parser;
  std::string_view state;
  if (parser.parse(output)["state"].get(state) != simdjson::SUCCESS) return {};
  return std::string(state);
}

constexpr std::pair<std::string_view, std::string_view> kinds[] = {
    {"plan", "monitor_plan"},       {"view", "monitor_view"},     {"test", "monitor_test"},
    {"signals", "monitor_signals"}, {"checks", "monitor_checks"}, {"weekly", "monitor_weekly"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 9);
  // Each kind is its own operation, with the arguments it takes; the seeds name the kinds.
  std::string_view operation;
  for (const auto& [kind, name] : kinds)
    if (f[1] == kind) operation = name;
  if (operation.empty()) return 0;
  const edgepost::abi::operation* op = edgepost::abi::find_operation(operation);
  std::vector<std::string> fields{fuzzing::now, f[0]};
  for (size_t i = 2; i < edgepost::abi::field_count(op->fields); ++i) fields.push_back(f[i]);
  const fuzzing::answer a = fuzzing::call_expecting_json(operation, fields);
  if (a.code == 1) {
    const std::string state = stored_state(a.output);
    if (state.empty()) fuzzing::finding("a monitor step reports a change but has no state to store", a.output);
    if (fuzzing::call("monitor_view", {fuzzing::now, state}).code < 0)
      fuzzing::finding("the core stored a monitoring state it cannot read back", a.output);
  }
  fuzzing::call_expecting_json("alert_request", {fuzzing::now, f[1], f[2], f[3]});
  fuzzing::call_expecting_json("alert_answer", {f[2], f[3], "7"});
  return 0;
}
