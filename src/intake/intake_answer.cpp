#include "intake/intake_answer.h"

#include "encoding/json_writer.h"

namespace edgepost {

core_answer answer_intake(const intake_outcome& o) {
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
  if (!o.accepted_body.empty()) {
    // The provider's own word, with the status it counts as delivered.
    out.key("accepted").begin_object().member("status", int64_t{200}).member("body", o.accepted_body).end_object();
  }
  if (!o.log.empty()) out.member("log", o.log);
  out.end_object();
  return {o.answer.status, out.take()};
}

}  // namespace edgepost
