// One event of one order as its shard runs it (operations order_*): the machine's step, the
// postback or read it makes due handed out in the same step, and what the shard stores — the
// record, its ledger columns, its wake-up — and asks — the join keys to look up.
#pragma once
#include <string_view>
#include <vector>

#include "config/config.h"
#include "encoding/core_answer.h"
#include "machine/order_machine.h"
#include "model/order_arrival.h"

namespace edgepost {

enum class order_step_kind { arrived, clicks, click, alarm, attempt, items, requeue, view };

// A page of the sale's lines, judged by the provider's reader, then learnt by the machine.
machine_effects on_items_read(order_record& record, unix_seconds attempt, int status, std::string_view body,
                              const config& settings, unix_seconds now, uint32_t jitter);

// The step's answer for the shell: 1 when the record changed (store it), 0 when not.
// {changed, record, order_id, answer, send, fetch, signals, wake_at, join_lookups, waits_until,
//  record_links: {keys, click, expires_at}, ledger}
core_answer answer_order_step(order_record& record, machine_effects effects, order_step_kind kind,
                              const config& settings, unix_seconds now);

}  // namespace edgepost
