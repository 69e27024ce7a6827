// The ABI's handlers: one per operation of abi/operations.h, each decoding its fields (integers,
// stored records, JSON lists) and handing them to the folder that answers the operation. Grouped
// by what they serve: requests (request_handlers.cpp), orders (order_handlers.cpp), the admin
// ranges and reports (admin_handlers.cpp), monitoring (monitor_handlers.cpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "abi/operations.h"
#include "config/config.h"
#include "encoding/core_answer.h"

namespace edgepost::abi {

// The fields of one call, read by the names operations.h gives them (checked at compile time).
struct call_fields {
  std::vector<std::string_view> values;
  bool ok = true;
  std::string_view at(size_t i) const { return i < values.size() ? values[i] : std::string_view{}; }
};
#define FIELD(op, name) f.at(::edgepost::abi::index_of(op, name))

// A field the shell writes as a decimal integer (a time, a random value, a count). Anything
// else, a number beyond 64 bits included, means shell and core disagree.
std::optional<int64_t> integer(std::string_view text);
// An HTTP status the shell writes (0: no answer at all).
std::optional<int> http_status(std::string_view text);

// The configuration configure parsed last (the one thing the core keeps between calls).
const config& settings();
// Parses and keeps the environment, answers the configure operation.
core_answer configure(const call_fields& f);

#define EDGEPOST_HANDLERS(X)                                                                                 \
  X(request) X(orders_intake) X(provider_webhook) X(provider_continue) X(response_joins) X(admin_session)     \
  X(order_arrived) X(order_clicks) X(order_click) X(order_alarm) X(order_attempt) X(order_items)             \
  X(order_requeue) X(order_view) X(join_click) X(ledger_plan) X(stats) X(reconciliation) X(orders_csv) X(report_import)    \
  X(report_pull_plan) X(report_pulled) X(monitor_plan) X(monitor_view) X(monitor_test) X(monitor_signals)    \
  X(monitor_checks) X(monitor_weekly) X(alert_request) X(alert_answer) X(consent_grant)
#define EDGEPOST_DECLARE_HANDLER(name) core_answer name(const call_fields& f);
EDGEPOST_HANDLERS(EDGEPOST_DECLARE_HANDLER)
#undef EDGEPOST_DECLARE_HANDLER

}  // namespace edgepost::abi
