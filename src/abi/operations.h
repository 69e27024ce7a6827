// The ABI's operations, declared once. The core dispatches by this table (src/abi/abi.cpp), hands
// it to the shell (operation `describe`), which calls every operation by name with its fields by
// name (worker/core.js); the fuzz driver and the unit tests look operations up here, so a name
// one side spells differently does not compile, or is refused at the first call.
//
// Each operation takes exactly its fields, in this order, each a byte string (integers as
// decimal text). Its answer is an integer code (>= 0; -1 with {"error": "bad_call"} when the
// shell and the core disagree) and the output bytes, JSON unless said otherwise.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace edgepost::abi {

// The version of this table's form; the module exports edgepost_abi_version_<this> and the shell
// refuses a module without the marker it expects.
inline constexpr int abi_version = 2;

struct operation {
  uint32_t id;
  std::string_view name;
  std::string_view fields;  // names in order, one space between each
  std::string_view answer;  // what the code and the output are
};

// `describe` is the one operation the shell calls by number: it answers this table.
inline constexpr uint32_t describe_id = 0;

inline constexpr operation operations[] = {
    {describe_id, "describe", "", "0; {abi, operations: {name: {id, fields}}}"},
    {1, "configure", "environment", "1 complete, 0 with problems; {health, request_filter, shell}"},
    {2, "request", "now method path query cookie authorization origin host",
     "0 pass (no output), 1 decorate, 2 route, 3 pass with a log; the decision"},
    {3, "orders_intake", "now webhook_id webhook_timestamp webhook_signature body", "HTTP status; the intake outcome"},
    {6, "ledger_plan", "now query with_states", "200 or 400; the days, states and wide range of a query"},
    {7, "stats", "now query grouped quarantined", "200 or 400; the stats answer"},
    {8, "provider_webhook", "now provider signature topic url body", "HTTP status; the intake outcome"},
    {9, "provider_continue", "now continuation status body", "HTTP status; the intake outcome"},
    {10, "response_joins", "location body", "number of keys; [{key, shard}]"},
    {11, "report_import", "now report", "HTTP status; {status, body, store}"},
    {12, "report_pull_plan", "now", "200 or 404; {status, url, from, to} or {status, body}"},
    {13, "report_pulled", "now from to status body", "HTTP status; {status, body, store}"},
    {14, "reconciliation", "now query view grouped quarantined sides report_orders covered last_import",
     "200 or 400; the answer of the view (days, dashboard, orders, csv: CSV text)"},
    {15, "orders_csv", "rows", "200; CSV text"},
    {17, "alert_request", "now channel message_id body", "200 or 404; {url, headers}"},
    {18, "alert_answer", "attempts status random", "200; {outcome, retry_in_seconds}"},
    {19, "admin_session", "now action form cookie random failures",
     "303, 401 or 429; {status, set_cookie, location, message, retry_after, session, record_failure, "
     "forget_failures_before, end_session, end_all_sessions}"},
    {20, "order_arrived", "now random record arrival", "1 changed, 0 not; the order step"},
    {21, "order_clicks", "now random record clicks", "1 changed, 0 not; the order step"},
    {22, "order_click", "now random record click source", "1 changed, 0 not; the order step"},
    {23, "order_alarm", "now random record", "1 changed, 0 not; the order step"},
    {24, "order_attempt", "now random record delivery attempt status body retry_after",
     "1 changed, 0 not; the order step"},
    {25, "order_items", "now random record attempt status body", "1 changed, 0 not; the order step"},
    {26, "order_requeue", "now random record", "1 changed, 0 not; the order step"},
    {27, "order_view", "now random record", "0; the order step"},
    {28, "join_click", "now key stored_expires_at waiting_since click_keys shard_keys",
     "1 the click takes the key, 0 the stored one keeps it, 2 refused: {refused}"},
    {30, "monitor_plan", "now state", "0; {plan: {from, to, pull_due, weekly_due}, notifications}"},
    {31, "monitor_view", "now state", "0; {view, notifications}"},
    {32, "monitor_test", "now state", "1; {state, notifications}"},
    {33, "monitor_signals", "now state signals", "1 state changed, 0 not; {state, notifications}"},
    {34, "monitor_checks", "now state grouped sides report_orders covered last_sale pull_status pull_imported",
     "1; {state, notifications}"},
    {35, "monitor_weekly", "now state grouped sides report_orders covered last_sale", "1; {state, notifications}"},
    {36, "consent_grant", "now cookie content_type body", "204 or 400; {status, set_cookies, consent, stored} or {error}"},
};

constexpr size_t field_count(std::string_view fields) {
  if (fields.empty()) return 0;
  size_t n = 1;
  for (char c : fields)
    if (c == ' ') ++n;
  return n;
}

constexpr const operation* find_operation(std::string_view name) {
  for (const auto& o : operations)
    if (o.name == name) return &o;
  return nullptr;
}

constexpr const operation* find_operation(uint32_t id) {
  for (const auto& o : operations)
    if (o.id == id) return &o;
  return nullptr;
}

// The position of `field` among the fields of operation `name`, or field_count when it has none.
constexpr size_t field_index(std::string_view name, std::string_view field) {
  const operation* o = find_operation(name);
  if (!o) return SIZE_MAX;
  std::string_view rest = o->fields;
  for (size_t i = 0; !rest.empty(); ++i) {
    const size_t space = rest.find(' ');
    if (rest.substr(0, space) == field) return i;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return SIZE_MAX;
}

// Compile-time look-ups: naming an operation or a field the table does not have does not compile.
void no_such_operation_or_field();

consteval uint32_t id_of(std::string_view name) {
  const operation* o = find_operation(name);
  if (!o) no_such_operation_or_field();
  return o->id;
}

consteval size_t index_of(std::string_view name, std::string_view field) {
  const size_t i = field_index(name, field);
  if (i == SIZE_MAX) no_such_operation_or_field();
  return i;
}

// The table as the shell reads it (operation `describe`).
std::string describe_operations();

}  // namespace edgepost::abi
