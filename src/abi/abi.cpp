// The boundary between the JS shell (worker/core.js) and the core: plain C functions over
// (pointer, length) pairs, in the manner of proxy-wasm's ABI.
//
//   1. uint8_t* edgepost_input(size)   reserves `size` bytes; the shell writes the request there
//                                      as fields, each a little-endian u32 length then its bytes.
//   2. int32_t  edgepost_call(op, size) runs operation `op` on those fields; the return value is
//                                      op-specific (>= 0) or -1 for malformed input.
//   3. edgepost_output_ptr()/_len()    the answer bytes (JSON), valid until the next call.
//
// Each operation takes a fixed number of fields (`arities` below); a call with another number, a
// malformed frame, or an integer field that is not one returns -1 with {"error": "bad_call"}: the
// shell and the core disagree, which is a bug, never the user's input.
//
// The buffers below are transport, not state: each call reads only its own input. The one
// thing kept between calls is the parsed configuration (set once by op_configure), so a page
// view does not re-read it.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/health_report.h"
#include "encoding/json_writer.h"
#include "intake/order_intake.h"
#include "intake/provider_intake.h"
#include "ledger/ledger.h"
#include "ledger/orders_export.h"
#include "machine/order_machine.h"
#include "model/order_codec.h"
#include "model/order_record.h"
#include "model/order_shard.h"
#include "intake/standard_webhooks.h"
#include "monitoring/alert_delivery.h"
#include "monitoring/checks.h"
#include "monitoring/monitor.h"
#include "providers/provider_table.h"
#include "reconciliation/dashboard_view.h"
#include "reconciliation/reconciliation_rows.h"
#include "reconciliation/reconciliation_view.h"
#include "reconciliation/report_import.h"
#include "requests/admin_session.h"
#include "requests/request_decision.h"
#include "support/assert.h"

#if defined(__EMSCRIPTEN__)
#define EDGEPOST_TOOLCHAIN "emscripten"
#elif defined(__wasm__)
#define EDGEPOST_TOOLCHAIN "wasi"
#else
#define EDGEPOST_TOOLCHAIN "native"
#endif

#if defined(__wasm__)
#define EDGEPOST_EXPORT(name) extern "C" __attribute__((export_name(#name), used))
#else
#define EDGEPOST_EXPORT(name) extern "C"
#endif

namespace edgepost {
namespace {

enum operation : uint32_t {
  op_configure = 1,      // fields: env JSON → 1 ok, 0 with problems; answers {health, request_filter}
  op_request = 2,        // fields: now, method, path, query, cookie, authorization, origin, host
                         //                                                    → request_action (+3: pass with a log)
  op_orders_intake = 3,  // fields: now, webhook-id, webhook-timestamp, webhook-signature, body → HTTP status
  op_order_event = 4,    // fields: now, random, record JSON, kind, arguments… → 1 changed, 0 unchanged
  op_ledger_plan = 6,    // fields: now, query string, "states" or ""          → 200, or 400 with a body
  op_stats = 7,          // fields: now, query string, grouped ledger rows JSON, quarantined count
                         //                                                    → 200, or 400
  op_provider_webhook = 8,   // fields: now, provider, signature header, topic header, body → HTTP status
  op_provider_continue = 9,  // fields: now, continuation, fetch status, fetched body     → HTTP status
  op_response_joins = 10,    // fields: Location header, JSON body                     → number of keys
  op_report_import = 11,     // fields: now, report CSV                                → HTTP status
  op_report_pull_plan = 12,  // fields: now                                            → 200, or 404 not configured
  op_report_pulled = 13,     // fields: now, from, to, fetch status, fetched body      → HTTP status
  op_reconciliation = 14,    // fields: now, query string, days|orders|csv, grouped ledger rows JSON,
                             //   quarantined count, ledger sides JSON, report orders JSON, covered
                             //   days JSON, last import JSON                          → 200, or 400
  op_orders_csv = 15,        // fields: ledger rows JSON                               → 200
  op_monitor = 16,           // fields: now, monitor state JSON, kind, seven arguments (run_monitor)
                             //                                                    → 1 state changed, 0 not
  op_alert_request = 17,     // fields: now, channel, message id, body               → 200, or 404 channel off
  op_alert_answer = 18,      // fields: attempts made, HTTP status, random           → 200
  op_admin_session = 19,     // fields: now, login|logout, the sign-in form's body     → 303, or 401
};

std::vector<uint8_t> input_buffer;
std::string output_buffer;
config settings;
bool configured = false;

struct fields {
  std::vector<std::string_view> values;
  bool ok = true;
  std::string_view at(size_t i) const { return i < values.size() ? values[i] : std::string_view{}; }
};

fields read_fields(uint32_t size) {
  fields f;
  size_t at = 0;
  while (at < size) {
    if (size - at < 4) return f.ok = false, f;
    const uint32_t length = uint32_t(input_buffer[at]) | (uint32_t(input_buffer[at + 1]) << 8) |
                            (uint32_t(input_buffer[at + 2]) << 16) | (uint32_t(input_buffer[at + 3]) << 24);
    at += 4;
    if (length > size - at) return f.ok = false, f;
    f.values.emplace_back(reinterpret_cast<const char*>(input_buffer.data() + at), length);
    at += length;
  }
  return f;
}

std::string error_body(std::string_view code, std::string_view message) {
  json_writer out;
  out.begin_object().member("error", code).member("message", message).end_object();
  return out.take();
}

// How many fields each operation takes. Shell and core must agree; a call that does not is refused
// rather than run with missing values read as empty.
struct operation_arity {
  uint32_t op;
  size_t fields;
};
constexpr operation_arity arities[] = {
    {op_configure, 1},     {op_request, 8},          {op_orders_intake, 5},       {op_ledger_plan, 3},
    {op_stats, 4},         {op_provider_webhook, 5}, {op_provider_continue, 4},   {op_response_joins, 2},
    {op_report_import, 2}, {op_report_pull_plan, 1}, {op_report_pulled, 5},       {op_reconciliation, 9},
    {op_orders_csv, 1},    {op_monitor, 10},         {op_alert_request, 4},       {op_alert_answer, 3},
    {op_admin_session, 3},
};
// op_order_event: now, random, record, kind, then the kind's own arguments.
constexpr size_t order_event_fields(std::string_view kind) {
  return kind == "order" || kind == "clicks" ? 5 : kind == "attempt" ? 9 : kind == "click" ? 6 : kind == "items" ? 7 : 4;
}

// A join key with the shard that holds it.
void write_join_key(json_writer& out, std::string_view key) {
  out.begin_object().member("key", key).member("shard", int64_t{order_shard_for(key)}).end_object();
}

// The refusal of a call the shell got wrong (a bug in one of the two, never the user's input).
int32_t refuse_call(std::string_view message) {
  output_buffer = error_body("bad_call", message);
  return -1;
}

// A field the shell writes as a decimal integer (a time, a random value, an HTTP status). Anything
// else, a number beyond 64 bits included, means shell and core disagree.
std::optional<int64_t> parse_integer(std::string_view text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, v);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return v;
}

int32_t run_configure(const fields& f) {
  config parsed;
  if (parse_config(f.at(0)).get(parsed) != error_code::success) {
    parsed = config{};
    parsed.problems.push_back("the configuration could not be read");
  }
  settings = std::move(parsed);
  configured = true;
  const request_filter filter = make_request_filter(settings);
  json_writer out;
  out.begin_object().key("health").raw(health_report_json(settings, EDGEPOST_TOOLCHAIN));
  out.key("request_filter").begin_object().member("path_prefix", filter.path_prefix);
  out.key("query_markers").begin_array();
  for (const auto& m : filter.query_markers) out.string(m);
  out.end_array().member("cookie_marker", filter.cookie_marker).end_object().end_object();
  output_buffer = out.take();
  return settings.is_complete() ? 1 : 0;
}

// The route's own answer when it needs nothing more from the shell (errors, mostly).
void write_terminal_answer(json_writer& out, const request_decision& d) {
  int status = 0;
  std::string body;
  if (d.route == "not_found") {
    status = 404;
    body = error_body("not_found", "no such edgepost route, or the provider behind it is switched off");
  } else if (d.route == "method_not_allowed") {
    status = 405;
    body = error_body("method_not_allowed", "this route does not answer that method");
  } else if (d.route == "unauthorized") {
    status = 401;
    body = error_body("unauthorized", settings.admin_token.empty()
                                          ? "ADMIN_TOKEN is not set (or shorter than 32 characters), so the admin routes are closed"
                                          : "send Authorization: Bearer <ADMIN_TOKEN>");
  } else if (d.route == "cross_origin") {
    status = 403;
    body = error_body("cross_origin", "a dashboard session only takes changes from the dashboard's own page");
  } else if (d.route == "health") {
    status = settings.is_complete() ? 200 : 503;
    body = health_report_json(settings, EDGEPOST_TOOLCHAIN);
  }
  if (status != 0) out.member("status", int64_t{status}).member("body", body);
}

int32_t run_request(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the request's time is not an integer");
  incoming_request r{f.at(1), f.at(2), f.at(3), f.at(4), f.at(5), f.at(6), f.at(7)};
  if (!settings.test_trap_token.empty() &&
      r.query.find("edgepost_test_trap=" + settings.test_trap_token) != std::string_view::npos)
    __builtin_trap();
  const request_decision d = decide_request(settings, r, *now);
  if (d.action == request_action::pass && d.log.empty()) {
    output_buffer.clear();
    return 0;
  }
  json_writer out;
  out.begin_object();
  if (!d.log.empty()) out.member("log", d.log);
  if (d.action == request_action::decorate) {
    out.key("set_cookies").begin_array();
    for (const auto& c : d.set_cookies) out.string(c);
    out.end_array();
    if (d.has_click) {
      out.key("join").begin_object().key("keys").begin_array();
      for (const auto& k : d.join_keys) write_join_key(out, k);
      out.end_array().key("click");
      write_click(out, d.join_click);
      // A join key keeps its click for the attribution window; after that it could no longer
      // attribute a sale.
      out.member("expires_at", d.join_click.landed_at + settings.attribution_seconds());
      out.end_object();
    }
    if (d.watch_response) out.member("watch_response", true);
    if (!d.payment_link_reference.empty() || !d.cart_attribute_reference.empty()) {
      out.key("rewrite").begin_object();
      if (!d.payment_link_reference.empty()) out.member("payment_links", d.payment_link_reference);
      if (!d.cart_attribute_reference.empty())
        out.member("cart_attribute_name", d.cart_attribute_field).member("cart_attribute", d.cart_attribute_reference);
      out.end_object();
    }
  }
  if (d.action == request_action::route) {
    out.member("route", d.route).member("argument", d.route_argument);
    if (d.route == "provider_webhook") {
      // Which request headers carry this provider's signature and topic.
      if (const provider* p = find_provider(d.route_argument))
        out.member("signature_header", p->signature_header).member("topic_header", p->topic_header);
    }
    write_terminal_answer(out, d);
  }
  out.end_object();
  output_buffer = out.take();
  if (d.action == request_action::pass) return 3;
  return d.action == request_action::decorate ? 1 : 2;
}

std::string write_intake_outcome(const intake_outcome& o) {
  json_writer out;
  out.begin_object();
  out.member("status", int64_t{o.answer.status});
  if (o.answer.is_refusal()) {
    out.member("body", error_body(o.answer.code, o.answer.message));
  } else {
    json_writer body;
    body.begin_object().member("status", o.answer.code).member("message", o.answer.message).end_object();
    out.member("body", body.text());
  }
  if (!o.fetch_url.empty()) {
    out.member("fetch_url", o.fetch_url).member("fetch_authorization", o.fetch_authorization);
    out.member("continuation", o.continuation);
  }
  out.key("arrivals").begin_array();
  for (const auto& a : o.arrivals) {
    out.begin_object().member("key", a.order_key).member("shard", int64_t{a.shard});
    out.member("arrival", a.arrival_json).end_object();
  }
  out.end_array();
  if (!o.forward_to.empty()) out.member("forward_to", o.forward_to);
  if (!o.log.empty()) out.member("log", o.log);
  out.end_object();
  return out.take();
}

// The generic orders API answers in the same form as a provider webhook: one arrival to store.
int32_t run_orders_intake(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the order's time is not an integer");
  const standard_webhook_headers headers{f.at(1), f.at(2), f.at(3)};
  const intake_outcome o = accept_generic_order(settings, headers, f.at(4), *now);
  output_buffer = write_intake_outcome(o);
  return o.answer.status;
}

// kinds and their arguments: order <arrival JSON>; clicks <JSON array of clicks>; click <click
// JSON> <source>; alarm; attempt <delivery id> <attempt> <status> <body> <Retry-After>; items
// <attempt> <status> <body> (a page of the sale's lines); requeue; view. Every kind but view and alarm hands out in the same step what it made due.
int32_t run_order_event(const fields& f) {
  const std::string_view kind = f.at(3);
  if (f.values.size() != order_event_fields(kind)) return refuse_call("the order event has the wrong number of fields");
  const auto time = parse_integer(f.at(0));
  const auto random = parse_integer(f.at(1));
  if (!time || !random) return refuse_call("the order event's time or random value is not an integer");
  const unix_seconds now = *time;
  const auto jitter = static_cast<uint32_t>(*random);
  order_record record;
  if (!f.at(2).empty() && read_order_record(f.at(2)).get(record) != error_code::success) {
    output_buffer = error_body("corrupt_record", "the stored order record could not be read");
    return -1;
  }
  machine_effects e;
  if (kind == "order") {
    order_arrival arrival;
    if (read_arrival(f.at(4)).get(arrival) != error_code::success) {
      output_buffer = error_body("bad_arrival", "the order handed to its shard could not be read");
      return -1;
    }
    e = on_order(record, arrival, settings, now);
  } else if (kind == "clicks") {
    std::vector<click> found;
    json_document doc;
    const auto list = doc.parse(f.at(4)) ? as_array(doc.root()) : std::nullopt;
    if (!list) return refuse_call("the clicks are not a JSON array");
    for (json_element element : *list) {
      const auto c = read_click(element);
      if (!c) return refuse_call("a click handed to the shard could not be read");
      found.push_back(*c);
    }
    e = on_join_clicks(record, found, settings, now);
  } else if (kind == "alarm") {
    e = on_alarm(record, settings, now);
  } else if (kind == "attempt") {
    const auto attempt = parse_integer(f.at(5));
    const auto status = parse_integer(f.at(6));
    if (!attempt || !status || *status < 0 || *status > 999)
      return refuse_call("the attempt's identity or HTTP status is not an integer");
    e = on_attempt_result(record, f.at(4), *attempt, static_cast<int>(*status), f.at(7), f.at(8), settings, now,
                          jitter);
  } else if (kind == "items") {
    const auto attempt = parse_integer(f.at(4));
    const auto status = parse_integer(f.at(5));
    if (!attempt || !status || *status < 0 || *status > 999)
      return refuse_call("the read's identity or HTTP status is not an integer");
    // The provider's reader judges the page; the machine only learns what it means.
    items_page page;
    if (record.items_pending && record.sale)
      page = read_items_page(settings, *record.items_pending, record.sale->currency, static_cast<int>(*status), f.at(6));
    e = on_items_page(record, *attempt, page, settings, now, jitter);
  } else if (kind == "click") {
    click c;
    if (read_click(f.at(4)).get(c) != error_code::success) {
      output_buffer = error_body("bad_click", "the click handed to the shard could not be read");
      return -1;
    }
    e = on_click(record, c, f.at(5), settings, now);
  } else if (kind == "requeue") {
    e = on_requeue(record, settings, now);
  } else if (kind != "view") {
    output_buffer = error_body("bad_event", "unknown order event");
    return -1;
  }
  if (kind != "view" && kind != "alarm") e = with_due_send(record, std::move(e), settings, now);

  if (e.changed) ++record.revision;
  json_writer out;
  out.begin_object();
  out.member("changed", e.changed);
  // The record crosses as a string the shard stores as it is, never parsing it.
  if (record.order_id.empty()) out.key("record").raw("null");
  else if (e.changed || kind == "view") out.member("record", write_order_record(record));
  out.member("order_id", record.order_id);
  if (!e.answer.code.empty()) {
    json_writer body;
    body.begin_object();
    if (e.answer.is_refusal()) body.member("error", e.answer.code);
    else body.member("status", e.answer.code);
    body.member("message", e.answer.message).member("order_id", record.order_id);
    body.end_object();
    out.key("answer").begin_object().member("status", int64_t{e.answer.status}).member("body", body.text()).end_object();
  }
  if (e.send) {
    out.key("send").begin_object();
    out.member("id", e.send->delivery_id).member("attempt", e.send->attempt).member("url", e.send->url);
    out.member("timeout_seconds", e.send->timeout_seconds);
    out.end_object();
  }
  if (e.fetch) {
    out.key("fetch").begin_object();
    out.member("attempt", e.fetch->attempt).member("url", e.fetch->url);
    out.member("authorization", items_authorization(settings)).member("timeout_seconds", e.fetch->timeout_seconds);
    out.end_object();
  }
  if (!e.signals.empty()) {
    out.key("signals").begin_array();
    for (const auto& s : e.signals) out.string(s);
    out.end_array();
  }
  out.member("wake_at", e.alarm_at);
  if (!e.join_lookups.empty()) {
    out.key("join_lookups").begin_array();
    for (const auto& k : e.join_lookups) write_join_key(out, k);
    // An order waits at its join keys as long as a click there could still attribute it.
    out.end_array().member("waits_until", now + settings.attribution_seconds());
  }
  if (e.changed) {
    out.key("ledger");
    write_ledger_row(out, ledger_row_for(record));
  }
  out.end_object();
  output_buffer = out.take();
  return e.changed ? 1 : 0;
}

int32_t run_provider_webhook(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the webhook's time is not an integer");
  const intake_outcome o = accept_provider_webhook(settings, f.at(1), provider_headers{f.at(2), f.at(3)}, f.at(4), *now);
  output_buffer = write_intake_outcome(o);
  return o.answer.status;
}

int32_t run_provider_continue(const fields& f) {
  const auto now = parse_integer(f.at(0));
  const auto status = parse_integer(f.at(2));
  if (!now || !status || *status < 0 || *status > 999)
    return refuse_call("the continuation's time or HTTP status is not an integer");
  const intake_outcome o = continue_provider_webhook(settings, f.at(1), static_cast<int>(*status), f.at(3), *now);
  output_buffer = write_intake_outcome(o);
  return o.answer.status;
}

int32_t run_response_joins(const fields& f) {
  const std::vector<std::string> keys = response_join_keys(settings, f.at(0), f.at(1));
  json_writer out;
  out.begin_array();
  for (const auto& k : keys) write_join_key(out, k);
  out.end_array();
  output_buffer = out.take();
  return static_cast<int32_t>(keys.size());
}

int32_t run_ledger_plan(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the query's time is not an integer");
  const ledger_query q = plan_ledger_query(f.at(1), *now, f.at(2) == "states");
  json_writer out;
  out.begin_object();
  if (!q.error.empty()) {
    out.member("status", int64_t{400}).member("body", error_body("invalid_query", q.error)).end_object();
    output_buffer = out.take();
    return 400;
  }
  out.member("status", int64_t{200});
  // Reconciliation reads both sides this much wider (reconciliation/reconciliation_view.h).
  if (const auto first = parse_calendar_day(q.days.front()), last = parse_calendar_day(q.days.back()); first && last) {
    out.member("wide_from", format_calendar_day(*first - reconciliation_margin_days * 86400));
    out.member("wide_to", format_calendar_day(*last + reconciliation_margin_days * 86400));
  }
  out.key("days").begin_array();
  for (const auto& d : q.days) out.string(d);
  out.end_array().key("states").begin_array();
  for (const auto& s : q.states) out.string(s);
  out.end_array().end_object();
  output_buffer = out.take();
  return 200;
}

int32_t run_stats(const fields& f) {
  const auto now = parse_integer(f.at(0));
  const auto quarantined = parse_integer(f.at(3));
  if (!now || !quarantined) return refuse_call("the query's time or the quarantined count is not an integer");
  const ledger_query q = plan_ledger_query(f.at(1), *now, false);
  std::string body;
  if (!q.error.empty() || format_stats(q, f.at(2), *quarantined).get(body) != error_code::success) {
    output_buffer = error_body("invalid_query", q.error.empty() ? "the ledger rows could not be read" : q.error);
    return 400;
  }
  output_buffer = std::move(body);
  return 200;
}

// An import's answer: the caller's, and what the report store keeps of it.
int32_t write_report_import(const report_import& r) {
  json_writer out;
  out.begin_object();
  if (r.refusal.is_refusal()) {
    out.member("status", int64_t{r.refusal.status}).member("body", error_body(r.refusal.code, r.refusal.message));
    out.end_object();
    output_buffer = out.take();
    return r.refusal.status;
  }
  out.member("status", int64_t{200}).member("body", r.summary_json);
  out.key("store").begin_object().member("from", r.from).member("to", r.to).key("days").begin_array();
  for (const auto& d : r.days) out.string(d);
  out.end_array().member("report", r.report_json).member("orders", r.orders_json).end_object();
  out.end_object();
  output_buffer = out.take();
  return 200;
}

int32_t run_report_import(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the import's time is not an integer");
  report_import too_large;
  too_large.refusal = refusal(413, "too_large", "the report is larger than MAX_BODY_BYTES");
  if (static_cast<int64_t>(f.at(1).size()) > settings.max_body_bytes) return write_report_import(too_large);
  return write_report_import(import_report(f.at(1), "upload", *now));
}

int32_t run_report_pull_plan(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the pull's time is not an integer");
  json_writer out;
  out.begin_object();
  if (settings.rakuten_report_url.empty()) {
    out.member("status", int64_t{404})
        .member("body", error_body("not_configured", "RAKUTEN_REPORT_URL is not set, so there is no report to pull"));
    out.end_object();
    output_buffer = out.take();
    return 404;
  }
  const report_pull p = plan_report_pull(settings.rakuten_report_url, *now);
  out.member("status", int64_t{200}).member("url", p.url);
  out.member("from", format_calendar_day(p.from)).member("to", format_calendar_day(p.to)).end_object();
  output_buffer = out.take();
  return 200;
}

int32_t run_report_pulled(const fields& f) {
  const auto now = parse_integer(f.at(0));
  const auto from = parse_calendar_day(f.at(1));
  const auto to = parse_calendar_day(f.at(2));
  const auto status = parse_integer(f.at(3));
  if (!now || !from || !to || !status || *status < 0 || *status > 999)
    return refuse_call("the pull's time, days or HTTP status could not be read");
  report_pull p;
  p.from = *from;
  p.to = *to;
  return write_report_import(import_pulled_report(p, static_cast<int>(*status), f.at(4), *now));
}

int32_t refuse_query(std::string_view message) {
  output_buffer = error_body("invalid_query", message);
  return 400;
}

int32_t run_reconciliation(const fields& f) {
  const auto now = parse_integer(f.at(0));
  const auto quarantined = parse_integer(f.at(4));
  if (!now || !quarantined) return refuse_call("the query's time or the quarantined count is not an integer");
  const ledger_query plan = plan_ledger_query(f.at(1), *now, false);
  if (!plan.error.empty()) return refuse_query(plan.error);
  reconciliation_input in;
  in.shadow = settings.mode == delivery_mode::shadow;
  stats_days stats;
  if (count_stats(plan, f.at(3)).get(stats) != error_code::success || read_ledger_sides(f.at(5)).get(in.ours) != error_code::success ||
      read_report_orders(f.at(6)).get(in.theirs) != error_code::success || read_days(f.at(7)).get(in.covered) != error_code::success)
    return refuse_call("the rows handed to reconciliation could not be read");
  const std::string_view what = f.at(2);
  if (what == "days") {
    output_buffer = format_reconciliation(plan, stats, *quarantined, in, f.at(8));
    return 200;
  }
  if (what == "dashboard") {
    output_buffer = format_dashboard(plan, stats, *quarantined, in, f.at(8));
    return 200;
  }
  const match_filter filter = parse_match_filter(f.at(1));
  if (!filter.error.empty()) return refuse_query(filter.error);
  const std::vector<order_match> matches = filtered(reconcile(plan, in), filter);
  if (what == "csv") output_buffer = format_match_csv(matches);
  else output_buffer = format_match_list(matches, reconciliation_list_limit);
  return 200;
}

int32_t run_orders_csv(const fields& f) {
  std::string csv;
  if (format_orders_csv(f.at(0)).get(csv) != error_code::success) return refuse_call("the ledger rows could not be read");
  output_buffer = std::move(csv);
  return 200;
}

void write_notifications(json_writer& out, const std::vector<notification>& notifications) {
  out.key("notifications").begin_array();
  for (const auto& n : notifications) {
    out.begin_object().member("id", n.id).member("type", n.event_type);
    out.member("webhook", n.webhook_body).member("slack", n.slack_body).end_object();
  }
  out.end_array();
}

// kinds and their arguments (the rest empty):
//   plan                    → {"plan": {from, to, pull_due, weekly_due}}
//   signals  <JSON array>   the order path's signals
//   checks   <grouped ledger rows> <ledger sides> <report orders> <covered days> <latest sale time>
//            <pull status, empty when none> <"1" when the pull was imported>
//   weekly   the same rows as checks
//   test     a test alert
//   view     → the alerts route's answer
// Every kind answers {"state" (when changed), "notifications"}.
int32_t run_monitor(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the monitor's time is not an integer");
  monitor_state state;
  if (read_monitor_state(f.at(1)).get(state) != error_code::success) {
    output_buffer = error_body("corrupt_state", "the stored monitoring state could not be read");
    return -1;
  }
  const std::string_view kind = f.at(2);
  json_writer out;
  out.begin_object();
  std::vector<notification> notifications;
  bool changed = false;
  if (kind == "plan") {
    const scheduled_plan p = plan_scheduled_run(state, settings, *now);
    out.key("plan").begin_object().member("from", p.from).member("to", p.to);
    out.member("pull_due", p.pull_due).member("weekly_due", p.weekly_due).end_object();
  } else if (kind == "view") {
    out.key("view").raw(format_alerts(state));
  } else if (kind == "test") {
    notifications.push_back(test_notification(state, settings, *now));
    changed = true;
  } else if (kind == "signals") {
    std::vector<std::string> signals;
    json_document doc;
    const auto list = doc.parse(f.at(3)) ? as_array(doc.root()) : std::nullopt;
    if (!list) return refuse_call("the signals are not a JSON array");
    for (json_element e : *list)
      if (const auto text = as_string(e)) signals.emplace_back(*text);
    // Most signals change nothing (an accepted postback with no alert open): then nothing is
    // stored, so the order path costs monitoring no write.
    const std::string before = write_monitor_state(state);
    const auto observations = observations_from_signals(state, signals);
    notifications = observe(state, observations, settings, *now);
    changed = !notifications.empty() || write_monitor_state(state) != before;
  } else if (kind == "checks" || kind == "weekly") {
    const scheduled_plan p = plan_scheduled_run(state, settings, *now);
    const ledger_query plan = plan_ledger_query("from=" + p.from + "&to=" + p.to, *now, false);
    check_input in;
    reconciliation_input rows;
    rows.shadow = settings.mode == delivery_mode::shadow;
    const auto last_sale = parse_integer(f.at(7).empty() ? std::string_view("0") : f.at(7));
    if (!plan.error.empty() || !last_sale || count_stats(plan, f.at(3)).get(in.stats) != error_code::success ||
        read_ledger_sides(f.at(4)).get(rows.ours) != error_code::success ||
        read_report_orders(f.at(5)).get(rows.theirs) != error_code::success ||
        read_days(f.at(6)).get(rows.covered) != error_code::success)
      return refuse_call("the rows handed to the checks could not be read");
    in.matches = reconcile(plan, rows);
    in.complete_days = complete_days(rows.covered);
    in.last_sale_at = *last_sale;
    if (kind == "weekly") {
      notifications.push_back(weekly_summary(in, settings, *now));
      state.last_weekly_day = p.to;
    } else {
      if (!f.at(8).empty()) {
        const auto status = parse_integer(f.at(8));
        if (!status) return refuse_call("the pull's status is not an integer");
        in.pull_status = static_cast<int>(*status);
        in.pull_imported = f.at(9) == "1";
        state.last_pull_at = *now;
      }
      notifications = observe(state, scheduled_observations(state, in, *now), settings, *now);
    }
    changed = true;
  } else {
    return refuse_call("unknown monitor kind");
  }
  if (changed) out.member("state", write_monitor_state(state));
  write_notifications(out, notifications);
  out.end_object();
  output_buffer = out.take();
  return changed ? 1 : 0;
}

// Where a notification goes on one channel, and how: the URL (a secret for Slack) and the headers,
// signed at this attempt so a retry's timestamp is fresh.
int32_t run_alert_request(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the alert's time is not an integer");
  const std::string_view channel = f.at(1);
  json_writer out;
  out.begin_object();
  if (channel == "webhook" && !settings.alert_webhook_url.empty()) {
    const std::string timestamp = std::to_string(*now);
    out.member("url", settings.alert_webhook_url).key("headers").begin_object();
    out.member("content-type", "application/json").member("webhook-id", f.at(2)).member("webhook-timestamp", timestamp);
    out.member("webhook-signature", sign_standard_webhook(f.at(2), timestamp, f.at(3), settings.alert_webhook_secret));
    out.end_object();
  } else if (channel == "slack" && !settings.alert_slack_webhook_url.empty()) {
    out.member("url", settings.alert_slack_webhook_url).key("headers").begin_object();
    out.member("content-type", "application/json").end_object();
  } else {
    output_buffer = error_body("not_configured", "this alert channel is not configured");
    return 404;
  }
  out.end_object();
  output_buffer = out.take();
  return 200;
}

int32_t run_alert_answer(const fields& f) {
  const auto attempts = parse_integer(f.at(0));
  const auto status = parse_integer(f.at(1));
  const auto random = parse_integer(f.at(2));
  if (!attempts || !status || !random || *status < 0 || *status > 999 || *attempts < 1)
    return refuse_call("the alert delivery's attempts, status or random value could not be read");
  const alert_delivery_verdict v = judge_alert_delivery(static_cast<int>(*status), *attempts, settings,
                                                        static_cast<uint32_t>(*random));
  json_writer out;
  out.begin_object().member("outcome", alert_delivery_outcome_name(v.outcome));
  out.member("retry_in_seconds", v.retry_in_seconds).end_object();
  output_buffer = out.take();
  return 200;
}

// Signing in and out of the dashboard: a 303 back to it with the session's cookie set or cleared,
// or 401 when the token is wrong.
int32_t run_admin_session(const fields& f) {
  const auto now = parse_integer(f.at(0));
  if (!now) return refuse_call("the sign-in's time is not an integer");
  json_writer out;
  out.begin_object();
  int32_t status = 303;
  if (f.at(1) == "logout") {
    out.member("status", int64_t{303}).member("set_cookie", admin_session_clear_cookie());
  } else if (is_admin_token(settings, f.at(2))) {
    out.member("status", int64_t{303}).member("set_cookie", admin_session_set_cookie(settings, *now));
  } else {
    status = 401;
    out.member("status", int64_t{401});
    out.member("message", settings.admin_token.empty()
                              ? "ADMIN_TOKEN is not set (or shorter than 32 characters), so the dashboard is closed."
                              : "That is not the admin token.");
  }
  out.member("location", "/_edgepost/admin/").end_object();
  output_buffer = out.take();
  return status;
}

}  // namespace
}  // namespace edgepost

using namespace edgepost;

EDGEPOST_EXPORT(edgepost_input) uint8_t* edgepost_input(uint32_t size) {
  if (input_buffer.size() < size) input_buffer.resize(size);
  return input_buffer.data();
}

static int32_t dispatch(uint32_t op, uint32_t size) {
  if (size > input_buffer.size()) return refuse_call("the call is larger than the input it reserved");
  const fields f = read_fields(size);
  if (!f.ok) return refuse_call("the fields are not framed as length-prefixed values");
  for (const auto& a : arities)
    if (a.op == op && f.values.size() != a.fields) return refuse_call("the operation has the wrong number of fields");
  if (op != op_configure && !configured) run_configure(fields{{"{}"}, true});
  switch (op) {
    case op_configure: return run_configure(f);
    case op_request: return run_request(f);
    case op_orders_intake: return run_orders_intake(f);
    case op_order_event: return run_order_event(f);
    case op_ledger_plan: return run_ledger_plan(f);
    case op_stats: return run_stats(f);
    case op_provider_webhook: return run_provider_webhook(f);
    case op_provider_continue: return run_provider_continue(f);
    case op_response_joins: return run_response_joins(f);
    case op_report_import: return run_report_import(f);
    case op_report_pull_plan: return run_report_pull_plan(f);
    case op_report_pulled: return run_report_pulled(f);
    case op_reconciliation: return run_reconciliation(f);
    case op_orders_csv: return run_orders_csv(f);
    case op_monitor: return run_monitor(f);
    case op_alert_request: return run_alert_request(f);
    case op_alert_answer: return run_alert_answer(f);
    case op_admin_session: return run_admin_session(f);
    default: return refuse_call("no such operation");
  }
}

EDGEPOST_EXPORT(edgepost_call) int32_t edgepost_call(uint32_t op, uint32_t size) {
  const int32_t code = dispatch(op, size);
  // A bug the core caught in itself (support/assert.h): whatever the call produced is not used.
  if (const char* failed = take_failed_assertion()) {
    output_buffer = error_body("internal", std::string("edgepost core assertion failed: ") + failed);
    return -1;
  }
  return code;
}

// The version of this ABI, as a marker the shell looks for before it calls anything (proxy-wasm's
// proxy_abi_version_* idea): a module built from other sources than the shell's is refused at
// instantiation instead of misreading fields. worker/core.js names the same version.
EDGEPOST_EXPORT(edgepost_abi_version_1) void edgepost_abi_version_1() {}

EDGEPOST_EXPORT(edgepost_output_ptr) const char* edgepost_output_ptr() { return output_buffer.data(); }
EDGEPOST_EXPORT(edgepost_output_len) uint32_t edgepost_output_len() {
  return static_cast<uint32_t>(output_buffer.size());
}
