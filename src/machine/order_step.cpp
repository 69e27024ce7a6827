#include "machine/order_step.h"

#include "encoding/json_writer.h"
#include "intake/intake_outcome.h"
#include "intake/provider_intake.h"
#include "ledger/ledger.h"
#include "model/order_codec.h"
#include "model/order_record.h"
#include "model/order_shard.h"

namespace edgepost {

machine_effects on_items_read(order_record& record, unix_seconds attempt, int status, std::string_view body,
                              const config& settings, unix_seconds now, uint32_t jitter) {
  // The provider's reader judges the page; the machine only learns what it means.
  items_page page;
  if (record.items_pending && record.sale)
    page = read_items_page(settings, *record.items_pending, record.sale->currency, status, body);
  return on_items_page(record, attempt, page, settings, now, jitter);
}

core_answer answer_order_step(order_record& record, machine_effects e, order_step_kind kind, const config& settings,
                              unix_seconds now) {
  // Every kind but view and alarm hands out in the same step what it made due (the alarm's own
  // step already did).
  if (kind != order_step_kind::view && kind != order_step_kind::alarm) e = with_due_send(record, std::move(e), settings, now);
  if (e.changed) ++record.revision;
  json_writer out;
  out.begin_object();
  out.member("changed", e.changed);
  // The record crosses as a string the shard stores as it is, never parsing it.
  if (record.order_id.empty()) out.key("record").raw("null");
  else if (e.changed || kind == order_step_kind::view) out.member("record", write_order_record(record));
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
    out.member("id", e.send->delivery_id).member("attempt", e.send->attempt).member("network", e.send->network);
    out.member("method", e.send->method).member("url", e.send->url).key("headers").begin_object();
    for (const auto& [name, value] : e.send->headers) out.member(name, value);
    out.end_object();
    if (!e.send->body.empty()) out.member("body", e.send->body);
    out.member("timeout_seconds", e.send->timeout_seconds);
    out.end_object();
  }
  if (e.fetch) {
    out.key("fetch").begin_object();
    out.member("attempt", e.fetch->attempt).member("url", e.fetch->url);
    // A fetch is handed out only while the record reads its lines.
    const std::string authorization = record.items_pending ? items_authorization(settings, *record.items_pending) : "";
    out.member("authorization", authorization).member("timeout_seconds", e.fetch->timeout_seconds);
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
    for (const auto& k : e.join_lookups) write_addressed_key(out, k);
    // An order waits at its join keys as long as a click there could still attribute it.
    out.end_array().member("waits_until", now + settings.attribution_seconds());
  }
  if (!e.record_links.empty() && record.attributed_click) {
    // The subscription's click, for its renewals: kept as long as a renewal may be credited to it.
    out.key("record_links").begin_object().key("keys").begin_array();
    for (const auto& k : e.record_links) write_addressed_key(out, k);
    out.end_array().key("click");
    write_click(out, *record.attributed_click);
    out.member("expires_at", record.attributed_click->landed_at + settings.recurring_sales_days * 86400).end_object();
  }
  if (e.forward) {
    const addressed_arrival forward = address_arrival(*e.forward);
    out.key("forward").begin_object().member("key", forward.order_key).member("shard", int64_t{forward.shard});
    out.member("arrival", forward.arrival_json).end_object();
  }
  if (e.changed) {
    out.key("ledger");
    write_ledger_row(out, ledger_row_for(record));
  }
  out.end_object();
  return {e.changed ? 1 : 0, out.take()};
}

}  // namespace edgepost
