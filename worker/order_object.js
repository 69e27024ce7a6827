// One Durable Object per order: the rendezvous of order and click, and its own retry queue.
// It stores the record the core returns, sets the alarm the core asks for, and sends the
// postback the core hands out. Every decision is the core's (src/order_machine.cpp).
import { DurableObject } from "cloudflare:workers";
import { OP, call, configure, nowSeconds } from "./core.js";

const RECORD_KEY = "record";
const LEDGER_ROW_KEY = "ledger_row";
const LEDGER_SYNCED_KEY = "ledger_synced_revision";
const LEDGER_REPAIR_MS = 30_000;
const RESPONSE_EXCERPT_BYTES = 2048;
const MAX_ATTEMPTS_PER_ALARM = 32;  // bounds one alarm run; the next alarm picks up the rest

export class OrderObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    configure(env);
  }

  // Runs one event through the core, stores the new record and sets the alarm before anything
  // is answered: the caller's 2xx is only sent once the event is durable. The ledger row is
  // stored in the same write, and an alarm stays set until the ledger has confirmed it, so a
  // crash between the two cannot leave the stats behind.
  async step(kind, args = []) {
    const stored = (await this.ctx.storage.get(RECORD_KEY)) ?? "";
    const random = String(crypto.getRandomValues(new Uint32Array(1))[0]);
    const { code, output } = call(OP.orderEvent, [String(nowSeconds()), random, stored, kind, ...args]);
    const out = JSON.parse(output);
    if (code < 0) throw new Error(`edgepost core refused the ${kind} event: ${out.message}`);
    if (out.changed) {
      const writes = { [RECORD_KEY]: JSON.stringify(out.record) };
      if (out.ledger) writes[LEDGER_ROW_KEY] = out.ledger;
      await this.ctx.storage.put(writes);
      await this.setAlarmFor(out, out.ledger ? Date.now() + LEDGER_REPAIR_MS : 0);
      if (out.ledger) await this.report(out.ledger);
    }
    return out;
  }

  // The core's next wake-up, or the ledger repair if that comes first.
  async setAlarmFor(out, repairAt) {
    const coreAt = out.alarm_at > 0 ? out.alarm_at * 1000 : 0;
    const at = coreAt && repairAt ? Math.min(coreAt, repairAt) : coreAt || repairAt;
    if (at) await this.ctx.storage.setAlarm(at);
    else await this.ctx.storage.deleteAlarm();
  }

  // The ledger row is a copy for counting; the order's own record is the truth. A row not yet
  // confirmed is sent again by the next alarm.
  async report(row) {
    try {
      await ledgerFor(this.env, row.day).upsert(row);
      await this.ctx.storage.put(LEDGER_SYNCED_KEY, row.revision);
    } catch (error) {
      console.error(JSON.stringify({ edgepost: "ledger_report_failed", order: row.order_id, error: String(error) }));
    }
  }

  async repairLedger() {
    const { [LEDGER_ROW_KEY]: row, [LEDGER_SYNCED_KEY]: synced } = Object.fromEntries(
      await this.ctx.storage.get([LEDGER_ROW_KEY, LEDGER_SYNCED_KEY]),
    );
    if (row && row.revision !== synced) await this.report(row);
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
    if (out.join_lookups) {
      const joined = await this.lookupJoinKeys(out.join_lookups, out.record.order_id);
      if (joined?.answer) return joined.answer;
    }
    return out.answer;
  }

  async attachClick(clickJson) {
    const out = await this.step("click", [clickJson, "join_key"]);
    return out.answer;
  }

  async requeue() {
    const out = await this.step("requeue");
    return out.answer;
  }

  async view() {
    const out = await this.step("view");
    return out.record;
  }

  async alarm() {
    await this.repairLedger();
    let out = null;
    for (let i = 0; i < MAX_ATTEMPTS_PER_ALARM; i++) {
      out = await this.step("alarm");
      if (!out.send) break;
      const result = await sendPostback(out.send);
      logAttempt(out.send, result);
      out = await this.step("attempt", [out.send.id, String(result.status), result.body, result.retryAfter]);
    }
    // This alarm may have fired early (a ledger repair, a bounded run): the core's next wake-up
    // must stay set, and the repair too while the ledger has not confirmed.
    const synced = await this.ctx.storage.get(LEDGER_SYNCED_KEY);
    const row = await this.ctx.storage.get(LEDGER_ROW_KEY);
    await this.setAlarmFor(out, row && row.revision !== synced ? Date.now() + LEDGER_REPAIR_MS : 0);
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
    const text = await response.text();
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
