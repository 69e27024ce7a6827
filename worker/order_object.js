// One Durable Object per order: the rendezvous of order and click, and its own retry queue.
// It stores the record the core returns, sets the alarm the core asks for, and sends the
// postback the core hands out. Every decision is the core's (src/order_machine.cpp).
import { DurableObject } from "cloudflare:workers";
import { OP, call, configure, nowSeconds } from "./core.js";

const RECORD_KEY = "record";
const RESPONSE_EXCERPT_BYTES = 2048;
const MAX_ATTEMPTS_PER_ALARM = 32;  // bounds one alarm run; the next alarm picks up the rest

export class OrderObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    configure(env);
  }

  // Runs one event through the core, stores the new record and sets the alarm before anything
  // is answered: the caller's 2xx is only sent once the event is durable.
  async step(kind, args = []) {
    const stored = (await this.ctx.storage.get(RECORD_KEY)) ?? "";
    const random = String(crypto.getRandomValues(new Uint32Array(1))[0]);
    const { code, output } = call(OP.orderEvent, [String(nowSeconds()), random, stored, kind, ...args]);
    const out = JSON.parse(output);
    if (code < 0) throw new Error(`edgepost core refused the ${kind} event: ${out.message}`);
    if (out.changed) {
      await this.ctx.storage.put(RECORD_KEY, JSON.stringify(out.record));
      if (out.alarm_at > 0) await this.ctx.storage.setAlarm(out.alarm_at * 1000);
      else await this.ctx.storage.deleteAlarm();
      if (out.ledger) await this.report(out.ledger);
    }
    return out;
  }

  // The ledger row is a copy for counting; the order's own record is the truth. A failed report
  // is logged and repaired by the next change or alarm of this order.
  async report(row) {
    try {
      await ledgerFor(this.env, row.day).upsert(row);
    } catch (error) {
      console.error(JSON.stringify({ edgepost: "ledger_report_failed", order: row.order_id, error: String(error) }));
      await this.ctx.storage.setAlarm(Date.now() + 60_000);
    }
  }

  // Returns the click step's outcome when a key already had its click, else null.
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
    for (let i = 0; i < MAX_ATTEMPTS_PER_ALARM; i++) {
      const out = await this.step("alarm");
      if (i === 0 && !out.changed && out.ledger) await this.report(out.ledger);
      if (!out.send) return;
      const result = await sendPostback(out.send);
      logAttempt(out.send, result);
      await this.step("attempt", [out.send.id, String(result.status), result.body, result.retryAfter]);
    }
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
