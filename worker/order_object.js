// One Durable Object per order: the rendezvous of order and click, and its own retry queue.
// It stores the record the core returns, sets the alarm the core asks for, and sends the
// postback the core hands out. Every decision is the core's (src/machine/order_machine.cpp).
import { DurableObject } from "cloudflare:workers";
import { OP, call, configure, nowSeconds } from "./core.js";
import { readStreamLimited } from "./streams.js";

const RECORD_KEY = "record";
const LEDGER_ROW_KEY = "ledger_row";
const LEDGER_SYNCED_KEY = "ledger_synced_revision";
const CORE_ALARM_KEY = "core_alarm_at";
const LEDGER_REPAIR_MS = 30_000;
const RESPONSE_EXCERPT_BYTES = 2048;
const MAX_ATTEMPTS_PER_RUN = 32;  // bounds one run; the alarm picks up the rest

export class OrderObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    configure(env);
  }

  // Runs one event through the core, stores the new record and sets the alarm before anything
  // is answered: the caller's 2xx is only sent once the event is durable. The ledger row is
  // stored in the same write, and an alarm stays set until the ledger has confirmed it, so a
  // crash before the ledger hears of it cannot leave the stats behind.
  async step(kind, args = []) {
    const stored = await this.ctx.storage.get(RECORD_KEY);
    const random = String(crypto.getRandomValues(new Uint32Array(1))[0]);
    const { code, output } = call(OP.orderEvent, [String(nowSeconds()), random, stored ?? "", kind, ...args]);
    const out = JSON.parse(output);
    if (code < 0) throw new Error(`edgepost core refused the ${kind} event: ${out.message}`);
    if (out.changed) {
      const writes = { [RECORD_KEY]: JSON.stringify(out.record), [CORE_ALARM_KEY]: out.alarm_at };
      if (out.ledger) writes[LEDGER_ROW_KEY] = out.ledger;
      await this.ctx.storage.put(writes);
      await this.rearm();
    }
    return out;
  }

  // One alarm serves two purposes: the core's next wake-up (stored with every record), and the
  // ledger repair while the stored row is not confirmed. Read back from storage each time, so an
  // event that ran in between is never overwritten by an older plan.
  async rearm() {
    const stored = await this.ctx.storage.get([CORE_ALARM_KEY, LEDGER_ROW_KEY, LEDGER_SYNCED_KEY]);
    const coreAt = (stored.get(CORE_ALARM_KEY) ?? 0) * 1000;
    const row = stored.get(LEDGER_ROW_KEY);
    const repairAt = row && row.revision !== stored.get(LEDGER_SYNCED_KEY) ? Date.now() + LEDGER_REPAIR_MS : 0;
    const at = coreAt && repairAt ? Math.min(coreAt, repairAt) : coreAt || repairAt;
    if (at) await this.ctx.storage.setAlarm(at);
    else await this.ctx.storage.deleteAlarm();
  }

  // The ledger row is a copy for counting; the order's own record is the truth. The stored row is
  // sent (the latest, whoever wrote it) until the ledger confirms its revision.
  async reportLedger() {
    const stored = await this.ctx.storage.get([LEDGER_ROW_KEY, LEDGER_SYNCED_KEY]);
    const row = stored.get(LEDGER_ROW_KEY);
    if (!row || row.revision === stored.get(LEDGER_SYNCED_KEY)) return;
    try {
      await ledgerFor(this.env, row.day).upsert(row);
      await this.ctx.storage.put(LEDGER_SYNCED_KEY, row.revision);
      await this.rearm();
    } catch (error) {
      console.error(JSON.stringify({ edgepost: "ledger_report_failed", order: row.order_id, error: String(error) }));
    }
  }

  // After an event has been stored: a postback the core wants out now is sent at once, once the
  // caller has its answer (the alarm stays set as the safety net); otherwise the ledger hears of
  // the change. Neither delays the answer. Sending here instead of from the alarm saves a
  // wake-up and several commits per order.
  afterEvent(out) {
    if (out.due_now) {
      this.ctx.waitUntil(this.deliverDue().catch((error) =>
        console.error(JSON.stringify({ edgepost: "delivery_left_to_alarm", error: String(error) }))));
    } else {
      this.ctx.waitUntil(this.reportLedger());  // does nothing when the ledger already has the row
    }
  }

  // Sends what is due, one attempt at a time, each marked in flight in storage before it goes
  // out and recorded when it comes back; then reports the ledger once.
  async deliverDue() {
    for (let i = 0; i < MAX_ATTEMPTS_PER_RUN; i++) {
      const out = await this.step("alarm");
      if (!out.send) break;
      const result = await sendPostback(out.send);
      logAttempt(out.send, result);
      await this.step("attempt", [out.send.id, String(result.status), result.body, result.retryAfter]);
    }
    await this.reportLedger();
  }

  async lookupJoinKeys(keys, orderId) {
    for (const key of keys) {
      const click = await this.env.JOINS.get(this.env.JOINS.idFromName(key)).lookup(orderId);
      if (click) return this.step("click", [click, "join_key"]);
    }
    return null;
  }

  async ingest(arrivalJson) {
    const out = await this.step("order", [arrivalJson]);
    let last = out;
    if (out.join_lookups) last = (await this.lookupJoinKeys(out.join_lookups, out.record.order_id)) ?? out;
    this.afterEvent(last);
    return last.answer ?? out.answer;
  }

  async attachClick(clickJson) {
    const out = await this.step("click", [clickJson, "join_key"]);
    this.afterEvent(out);
    return out.answer;
  }

  async requeue() {
    const out = await this.step("requeue");
    this.afterEvent(out);
    return out.answer;
  }

  async view() {
    const out = await this.step("view");
    return out.record;
  }

  async alarm() {
    await this.reportLedger();
    await this.deliverDue();
    // This alarm may have fired early (a ledger repair, a bounded run, an attempt still out):
    // the core's next wake-up must stay set, and the repair too while the ledger has not confirmed.
    await this.rearm();
  }
}

export function ledgerFor(env, day) {
  return env.LEDGER.get(env.LEDGER.idFromName("ledger:" + day));
}

// Never throws: a failed postback is an outcome for the core to judge, not a crash (the
// runtime's own alarm retries are kept for real crashes).
async function sendPostback(send) {
  try {
    const response = await fetch(send.url, {
      headers: { "user-agent": "edgepost/0.1 (+server-to-server conversion tracking)" },
      redirect: "manual",
      signal: AbortSignal.timeout(send.timeout_seconds * 1000),
    });
    // Rakuten's verdict is in the first bytes of its answer; more is never read.
    const text = response.body ? new TextDecoder().decode(await readStreamLimited(response.body, RESPONSE_EXCERPT_BYTES)) : "";
    return {
      status: response.status,
      body: text.slice(0, RESPONSE_EXCERPT_BYTES),
      retryAfter: response.headers.get("retry-after") ?? "",
    };
  } catch (error) {
    return { status: 0, body: String(error?.name ?? "") + ": " + String(error?.message ?? error), retryAfter: "" };
  }
}

function logAttempt(send, result) {
  console.log(JSON.stringify({ edgepost: "postback_attempt", delivery: send.id, status: result.status, url: send.url }));
}
