// One order shard: a SQLite-backed Durable Object holding the orders whose keys hash to it
// (src/model/order_shard.h) — each order's record, its deliveries and attempt log inside it, and
// its ledger columns beside it in the same row — and the join keys that hash to it. Every event
// is one transaction: the record, the ledger columns and the shard's alarm are written together
// by synchronous SQL, so an order and what the stats say of it never disagree. Every decision is
// the core's (src/machine/order_machine.cpp); this file stores, schedules and sends.
import { DurableObject } from "cloudflare:workers";
import { call, configure, configuredLimits, nowSeconds, shellError } from "./core.js";
import { alertDesk } from "./alert_desk.js";
import { readStreamLimited } from "./streams.js";
import { exportTableRows, importTableRows } from "./store_transfer.js";
import { log } from "./log.js";

const SCHEMA = [
  // record: the core's stored form, as the core wrote it. The columns after it are the ledger's
  // (src/ledger/ledger.h), NULL while the order has no sale. quarantined: why the core could not
  // read the record; such an order is left alone (and listed) until an operator mends it.
  `CREATE TABLE IF NOT EXISTS orders (
     order_key TEXT PRIMARY KEY, order_id TEXT NOT NULL, record TEXT NOT NULL, wake_at INTEGER NOT NULL,
     day TEXT, state TEXT, attributed INTEGER, sent INTEGER, currency TEXT, amount INTEGER, quarantined TEXT,
     reported_amount INTEGER, sale_at INTEGER, network TEXT)`,
  "CREATE INDEX IF NOT EXISTS orders_due ON orders (wake_at) WHERE wake_at > 0",
  "CREATE INDEX IF NOT EXISTS orders_by_day ON orders (day, state)",
  "CREATE INDEX IF NOT EXISTS orders_by_id ON orders (order_id)",
  // A join key's click and the orders waiting for one, each until it could no longer attribute.
  `CREATE TABLE IF NOT EXISTS join_clicks (
     join_key TEXT PRIMARY KEY, click TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS join_clicks_by_click ON join_clicks (click)",
  // waiting_since: when the order began waiting (a key seen long after it takes no click).
  `CREATE TABLE IF NOT EXISTS join_waiting (
     join_key TEXT NOT NULL, order_key TEXT NOT NULL, order_shard INTEGER NOT NULL, expires_at INTEGER NOT NULL,
     waiting_since INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (join_key, order_key))`,
  // Landing clicks per day by what became of them (their consent, or refused as another
  // advertiser's), spread over the shards; the core names the states.
  `CREATE TABLE IF NOT EXISTS landing_clicks (
     day TEXT NOT NULL, state TEXT NOT NULL, clicks INTEGER NOT NULL, PRIMARY KEY (day, state))`,
];

const SHARD_TABLES = ["orders", "join_clicks", "join_waiting", "landing_clicks"];

export function orderShard(env, shard) {
  return env.ORDERS.get(env.ORDERS.idFromName("shard:" + shard));
}

export class OrderShard extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    configure(env);
    this.sql = ctx.storage.sql;
    for (const statement of SCHEMA) this.sql.exec(statement);
    // A shard created before reconciliation lacks these columns; its orders fill them with their next change.
    const columns = new Set(this.sql.exec("PRAGMA table_info(orders)").toArray().map((c) => c.name));
    for (const [column, type] of [["reported_amount", "INTEGER"], ["sale_at", "INTEGER"], ["network", "TEXT"]]) {
      if (!columns.has(column)) this.sql.exec(`ALTER TABLE orders ADD COLUMN ${column} ${type}`);
    }
    // A shard created before join keys were bounded: its waiting orders count as waiting since ever.
    const waitingColumns = new Set(this.sql.exec("PRAGMA table_info(join_waiting)").toArray().map((c) => c.name));
    if (!waitingColumns.has("waiting_since")) this.sql.exec("ALTER TABLE join_waiting ADD COLUMN waiting_since INTEGER NOT NULL DEFAULT 0");
    this.joinKeyCount = null;  // the join keys this shard holds, counted when first needed
    this.alarmAt = null;  // ms; what the shard's one alarm is set to, null when none
    this.answersToRecord = [];  // attempts' answers waiting for the end of this turn
    ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  // Runs one event for one order (operation order_<kind>) through the core and stores what it
  // returns, synchronously: the record, its ledger columns and the alarm go into one commit, and the
  // caller's answer is held by the runtime until that commit is durable.
  step(key, kind, args = {}) {
    const row = this.sql.exec("SELECT record, quarantined FROM orders WHERE order_key = ?", key).toArray()[0];
    if (row?.quarantined) return quarantinedOutcome(key);
    const random = crypto.getRandomValues(new Uint32Array(1))[0];
    const { code, output } = call(`order_${kind}`, { now: nowSeconds(), random, record: row?.record ?? "", ...args });
    const out = JSON.parse(output);
    if (code < 0 && out.error === "corrupt_record" && row) {
      this.sql.exec("UPDATE orders SET quarantined = ?, wake_at = 0 WHERE order_key = ?", out.message, key);
      log("error", "order_quarantined", { order_key: key, reason: out.message });
      return quarantinedOutcome(key);
    }
    if (code < 0) throw new Error(`edgepost core refused the ${kind} event: ${out.message}`);
    if (out.changed) {
      const l = out.ledger;
      const sale = l.day !== "";
      this.sql.exec(
        `INSERT INTO orders (order_key, order_id, record, wake_at, day, state, attributed, sent, currency, amount,
           reported_amount, sale_at, network)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (order_key) DO UPDATE SET order_id = excluded.order_id, record = excluded.record,
           wake_at = excluded.wake_at, day = excluded.day, state = excluded.state, attributed = excluded.attributed,
           sent = excluded.sent, currency = excluded.currency, amount = excluded.amount,
           reported_amount = excluded.reported_amount, sale_at = excluded.sale_at, network = excluded.network`,
        key, out.order_id, out.record, out.wake_at,
        sale ? l.day : null, sale ? l.state : null, sale ? Number(l.attributed) : null, sale ? Number(l.sent) : null,
        sale ? l.currency : null, sale ? l.amount : null, sale ? l.reported_amount : null, sale ? l.sale_at : null,
        sale ? l.network : null,
      );
      this.wakeBy(out.wake_at * 1000);
      log("info", "order_step", {
        order_key: key, ord: out.order_id, event: kind, state: sale ? l.state : "no_sale", network: l.network, wake_at: out.wake_at,
      });
    }
    // What the order path tells monitoring (an Access denied alert within seconds of its postback).
    if (out.signals && this.env.ALERTS) {
      this.ctx.waitUntil(alertDesk(this.env).signal(out.signals).catch((error) =>
        log("error", "alert_signal_failed", { error: String(error?.message ?? error) })));
    }
    return out;
  }

  // Moves the shard's alarm earlier when `at` (ms) comes before it, and only then: an alarm that
  // fires early finds nothing due and sets itself to the next due time, which costs less than
  // moving the alarm with every order.
  wakeBy(at) {
    if (!at || (this.alarmAt !== null && this.alarmAt <= at)) return;
    this.alarmAt = at;
    this.ctx.storage.setAlarm(at);
  }

  // A postback the step handed out (already marked in flight in the stored record) goes out once
  // the caller has its answer; the alarm is the safety net if this is cut off.
  afterEvent(key, out) {
    if (out.send) this.ctx.waitUntil(this.deliver(key, out.send));
    if (out.fetch) this.ctx.waitUntil(this.readItems(key, out.fetch));
    if (out.record_links) this.ctx.waitUntil(this.recordLinks(key, out.record_links));
    return out.answer;
  }

  // A subscription's first sale found its click: the click is recorded under the subscription's
  // key (in that key's shard), where its renewals look for it.
  async recordLinks(key, links) {
    const click = JSON.stringify(links.click);
    await Promise.all(links.keys.map(async (k) => {
      try {
        await orderShard(this.env, k.shard).recordClick(k.key, click, links.expires_at);
      } catch (error) {
        log("error", "link_record_failed", { order_key: key, key: k.key, error: String(error?.message ?? error) });
      }
    }));
  }

  // Reads the pages of a sale's lines the core asks for (already marked as being read in the
  // stored record), one after another; the step that records the last one hands out the sale's
  // postback. A read cut off here is asked again by the alarm.
  async readItems(key, request) {
    try {
      for (let i = 0; request && i < configuredLimits().provider_api_pages; i++) {
        const result = await fetchItemsPage(request);
        const out = this.step(key, "items", { attempt: request.attempt, status: result.status, body: result.body });
        request = out.fetch;
        if (out.send) await this.deliver(key, out.send);
      }
    } catch (error) {
      log("error", "items_read_left_to_alarm", { order_key: key, error: String(error?.message ?? error) });
    }
  }

  // Sends an attempt and records its answer; the step that records it hands out the next due one.
  async deliver(key, send) {
    try {
      for (let i = 0; send && i < configuredLimits().attempts_per_run; i++) {
        const result = await sendPostback(send);
        logAttempt(send, result);
        send = await this.recordAttempt(key, send, result);
      }
    } catch (error) {
      log("error", "delivery_left_to_alarm", { order_key: key, error: String(error?.message ?? error) });
    }
  }

  // Answers that came back while the event loop was busy are recorded together, at the end of
  // the turn, in one commit: under load that saves a commit (an fsync) per answer, and an answer
  // waits at most for the events already queued, not for a timer.
  recordAttempt(key, send, result) {
    return new Promise((resolve, reject) => {
      this.answersToRecord.push({ key, send, result, resolve, reject });
      if (this.answersToRecord.length === 1) setTimeout(() => this.recordAnswers(), 0);
    });
  }

  recordAnswers() {
    const answers = this.answersToRecord;
    this.answersToRecord = [];
    for (const { key, send, result, resolve, reject } of answers) {
      try {
        resolve(this.step(key, "attempt", {
          delivery: send.id, attempt: send.attempt, status: result.status, body: result.body, retry_after: result.retryAfter,
        }).send);
      } catch (error) {
        reject(error);
      }
    }
  }

  // An order event from intake: stored, then, when the order waits for its click, its join keys
  // are asked (each in its own shard); the clicks they had go to the core, which picks one.
  async ingest(key, shard, arrival) {
    const out = this.step(key, "arrived", { arrival });
    this.afterEvent(key, out);
    // A trial's first payment: the sale it became is stored under its own key before the answer.
    if (out.forward) return orderShard(this.env, out.forward.shard).ingest(out.forward.key, out.forward.shard, out.forward.arrival);
    if (!out.join_lookups) return out.answer;
    const found = await Promise.all(out.join_lookups.map((k) =>
      orderShard(this.env, k.shard).lookupJoin(k.key, key, shard, out.waits_until)));
    const clicks = found.filter((c) => c !== null);
    if (!clicks.length) return out.answer;
    const joined = this.step(key, "clicks", { clicks: `[${clicks.join(",")}]` });
    this.afterEvent(key, joined);
    return out.answer.status >= 400 || !joined.changed ? out.answer : joined.answer;
  }

  async attachClick(key, click) {
    return this.afterEvent(key, this.step(key, "click", { click, source: "join_key" }));
  }

  // Admin re-queue of one order, named by its key or its `ord`; null when this shard has neither.
  async requeueOrder(keyOrId) {
    const keys = this.sql.exec("SELECT order_key FROM orders WHERE order_key = ? OR order_id = ?", keyOrId, keyOrId)
      .toArray().map((r) => r.order_key);
    let answer = null;
    for (const key of keys) {
      const a = this.afterEvent(key, this.step(key, "requeue"));
      if (!answer || a.status === 202) answer = a;
    }
    return answer;
  }

  // Admin re-queue of every order of the range in one of `states`; answers how many were.
  async requeueWhere(from, to, states) {
    let requeued = 0;
    for (const key of this.keysIn(from, to, states, configuredLimits().requeue_limit)) {
      if (this.afterEvent(key, this.step(key, "requeue"))?.status === 202) requeued++;
    }
    return requeued;
  }

  keysIn(from, to, states, limit) {
    return this.selectOrders("order_key", from, to, states, limit).map((r) => r.order_key);
  }

  selectOrders(columns, from, to, states, limit) {
    const stateFilter = states.length ? `AND state IN (${states.map(() => "?").join(", ")})` : "";
    return this.sql.exec(
      `SELECT ${columns} FROM orders WHERE day BETWEEN ? AND ? ${stateFilter} AND quarantined IS NULL
       ORDER BY day, order_id, order_key LIMIT ?`,
      from, to, ...states, limit,
    ).toArray();
  }

  // The stored records of the range, in the order the orders route lists them.
  listOrders(from, to, states, limit) {
    return this.selectOrders("day, order_id, order_key, record", from, to, states, limit);
  }

  listQuarantined(limit) {
    return this.sql.exec(
      "SELECT order_key, order_id, quarantined AS reason, record FROM orders WHERE quarantined IS NOT NULL ORDER BY order_key LIMIT ?",
      limit,
    ).toArray();
  }

  // Each order's side of reconciliation (src/reconciliation/reconciliation_rows.h).
  ledgerSides(from, to) {
    return this.sql.exec(
      `SELECT order_id, day, state, currency, IFNULL(reported_amount, 0) AS reported_amount FROM orders
       WHERE day BETWEEN ? AND ? AND quarantined IS NULL`,
      from, to,
    ).toArray();
  }

  // The latest sale this shard holds (seconds), or 0.
  lastSaleAt() {
    return this.sql.exec("SELECT IFNULL(MAX(sale_at), 0) AS at FROM orders WHERE quarantined IS NULL").one().at;
  }

  // The ledger columns of the range, for the orders CSV.
  exportRows(from, to, states, limit) {
    return this.selectOrders(
      "order_id, order_key, day, state, attributed, sent, currency, amount, IFNULL(reported_amount, 0) AS reported_amount, IFNULL(network, '') AS network",
      from, to, states, limit,
    );
  }

  // What the stats count, grouped per day as the core's stats format reads it.
  grouped(from, to) {
    const rows = this.sql.exec(
      `SELECT day, state, attributed, sent, currency, IFNULL(network, '') AS network, COUNT(*) AS orders, SUM(amount) AS amount
       FROM orders WHERE day BETWEEN ? AND ? AND quarantined IS NULL GROUP BY day, state, attributed, sent, currency, network`,
      from, to,
    ).toArray();
    const landings = this.sql.exec(
      "SELECT day, state AS landing, clicks FROM landing_clicks WHERE day BETWEEN ? AND ?", from, to).toArray();
    const quarantined = this.sql.exec("SELECT COUNT(*) AS n FROM orders WHERE quarantined IS NOT NULL").one().n;
    return { rows: rows.concat(landings), quarantined };
  }

  // Adds landings' (and the consent route's) clicks to the day's landing counts: {state: clicks}.
  countLandings(day, counts) {
    for (const [state, clicks] of Object.entries(counts)) {
      this.sql.exec(
        `INSERT INTO landing_clicks (day, state, clicks) VALUES (?, ?, ?)
         ON CONFLICT (day, state) DO UPDATE SET clicks = clicks + excluded.clicks`,
        day, state, clicks,
      );
    }
  }

  // A click seen with this join key, stored when the core says it takes the key (a key's first
  // click keeps it until it expires: src/attribution/join_keys.h); orders already waiting get the
  // key's click now.
  async recordClick(joinKey, click, expiresAt) {
    const now = nowSeconds();
    const stored = this.sql.exec("SELECT expires_at FROM join_clicks WHERE join_key = ?", joinKey).toArray()[0];
    const waitingSince = this.sql.exec(
      "SELECT MIN(waiting_since) AS since FROM join_waiting WHERE join_key = ? AND expires_at > ?", joinKey, now,
    ).one().since;
    this.joinKeyCount ??= this.sql.exec("SELECT COUNT(*) AS n FROM join_clicks").one().n;
    const { code, output } = call("join_click", {
      now,
      key: joinKey,
      stored_expires_at: stored ? stored.expires_at : "",
      waiting_since: waitingSince ?? "",
      click_keys: this.sql.exec("SELECT COUNT(*) AS n FROM join_clicks WHERE click = ? AND expires_at > ?", click, now).one().n,
      shard_keys: this.joinKeyCount,
    });
    if (code === 2) {
      log("warn", "join_key_refused", { key: joinKey, why: JSON.parse(output).refused });
      return;
    }
    if (code === 1) {
      this.sql.exec(
        `INSERT INTO join_clicks (join_key, click, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (join_key) DO UPDATE SET click = excluded.click, expires_at = excluded.expires_at`,
        joinKey, click, expiresAt,
      );
      if (!stored) this.joinKeyCount += 1;
    }
    this.wakeBy(expiresAt * 1000);
    const kept = this.sql.exec("SELECT click FROM join_clicks WHERE join_key = ?", joinKey).one().click;
    const waiting = this.sql.exec(
      "SELECT order_key, order_shard FROM join_waiting WHERE join_key = ? AND expires_at > ?", joinKey, now,
    ).toArray();
    await this.handOver(waiting.map((w) => ({ ...w, join_key: joinKey, click: kept })));
  }

  // The click of a join key, for an order that names it; when there is none yet, the order waits
  // here for one until `waitsUntil`.
  lookupJoin(joinKey, orderKey, orderShard, waitsUntil) {
    const now = nowSeconds();
    const row = this.sql.exec("SELECT click FROM join_clicks WHERE join_key = ? AND expires_at > ?", joinKey, now).toArray()[0];
    if (row) return row.click;
    this.sql.exec(
      `INSERT INTO join_waiting (join_key, order_key, order_shard, expires_at, waiting_since) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (join_key, order_key) DO UPDATE SET expires_at = excluded.expires_at`,
      joinKey, orderKey, orderShard, waitsUntil, now,
    );
    this.wakeBy(waitsUntil * 1000);
    return null;
  }

  // Hands a click to each waiting order; each handed over stops waiting, and one that fails does
  // not stop the others: it keeps waiting and the alarm hands it over again.
  async handOver(waiting) {
    const results = await Promise.allSettled(waiting.map((w) => orderShard(this.env, w.order_shard).attachClick(w.order_key, w.click)));
    let failed = 0;
    results.forEach((r, i) => {
      if (r.status === "fulfilled") {
        this.sql.exec("DELETE FROM join_waiting WHERE join_key = ? AND order_key = ?", waiting[i].join_key, waiting[i].order_key);
      } else {
        failed++;
        log("error", "join_hand_over_failed", { join_key: waiting[i].join_key,
          order_key: waiting[i].order_key, error: String(r.reason?.message ?? r.reason) });
      }
    });
    if (failed) this.wakeBy((nowSeconds() + configuredLimits().shell_retry_seconds) * 1000);
  }

  async alarm() {
    this.alarmAt = null;  // the alarm that fired is spent
    const now = nowSeconds();
    this.sql.exec("DELETE FROM join_clicks WHERE expires_at <= ?", now);
    this.joinKeyCount = null;
    this.sql.exec("DELETE FROM join_waiting WHERE expires_at <= ?", now);
    const { shard_due_batch: dueBatch, shard_alarm_batches: batches } = configuredLimits();
    const worked = new Set();
    for (let batch = 0; batch < batches; batch++) {
      const due = this.sql.exec(
        "SELECT order_key FROM orders WHERE wake_at > 0 AND wake_at <= ? AND quarantined IS NULL ORDER BY wake_at LIMIT ?",
        now, dueBatch,
      ).toArray().map((r) => r.order_key).filter((k) => !worked.has(k));
      if (!due.length) break;
      for (const key of due) worked.add(key);
      await Promise.all(due.map((key) => this.runDue(key, now)));
    }
    await this.handOver(this.sql.exec(
      `SELECT w.join_key, w.order_key, w.order_shard, c.click FROM join_waiting w JOIN join_clicks c USING (join_key)
       LIMIT ?`, dueBatch * batches,
    ).toArray());
    this.rearm();
  }

  async runDue(key, now) {
    try {
      const out = this.step(key, "alarm");
      if (out.send) await this.deliver(key, out.send);
      if (out.fetch) await this.readItems(key, out.fetch);
    } catch (error) {
      log("error", "order_alarm_failed", { order_key: key, error: String(error?.message ?? error) });
      this.sql.exec("UPDATE orders SET wake_at = ? WHERE order_key = ? AND wake_at <= ?", now + configuredLimits().shell_retry_seconds, key, now);
    }
  }

  // Export and import (worker/store_transfer.js): every table but the alarm, which follows the rows.
  storedTables() {
    return SHARD_TABLES;
  }

  dumpRows(table, after, limit) {
    if (!SHARD_TABLES.includes(table)) throw new Error(`an order shard has no table ${table}`);
    return exportTableRows(this.sql, table, after, limit);
  }

  loadRows(table, rows) {
    if (!SHARD_TABLES.includes(table)) throw new Error(`an order shard has no table ${table}`);
    const result = importTableRows(this.ctx.storage, table, rows);
    this.joinKeyCount = null;
    const next = this.nextWake();
    if (next) this.wakeBy(next * 1000);
    return result;
  }

  // The earliest thing the shard must do (seconds), read from the indexes: a wake-up, an expiry.
  nextWake() {
    return this.sql.exec(
      `SELECT MIN(at) AS at FROM (
         SELECT MIN(wake_at) AS at FROM orders WHERE wake_at > 0 AND quarantined IS NULL
         UNION ALL SELECT MIN(expires_at) FROM join_clicks
         UNION ALL SELECT MIN(expires_at) FROM join_waiting)`,
    ).one().at;
  }

  // After a run: the alarm goes to the earliest thing the shard must do next, read from the
  // indexes (wake-ups, expiries), or away when there is none. A hand-over that failed during
  // this run has moved it earlier already.
  rearm() {
    const next = this.nextWake();
    const at = next ? next * 1000 : null;
    const pending = this.alarmAt;
    if (pending !== null && (at === null || pending <= at)) return;  // set during this run, and no later
    this.alarmAt = at;
    if (at === null) this.ctx.storage.deleteAlarm();
    else this.ctx.storage.setAlarm(at);
  }
}

function quarantinedOutcome(key) {
  return { changed: false, answer: shellError("order_quarantined", { order_key: key }) };
}

// Never throws: a failed attempt is an outcome for the core to judge, not a crash.
async function sendPostback(send) {
  try {
    // The request as the core built it for its network; the credentials among the headers are
    // never logged.
    const response = await fetch(send.url, {
      method: send.method,
      headers: { ...send.headers, "user-agent": "edgepost/0.1 (+server-to-server conversion tracking)" },
      body: send.body,
      redirect: "manual",
      signal: AbortSignal.timeout(send.timeout_seconds * 1000),
    });
    // A network's verdict is in the first bytes of its answer; more is never read.
    const bytes = configuredLimits().postback_answer_bytes;
    const text = response.body ? new TextDecoder().decode(await readStreamLimited(response.body, bytes)) : "";
    return {
      status: response.status,
      body: text.slice(0, bytes),
      retryAfter: response.headers.get("retry-after") ?? "",
    };
  } catch (error) {
    return { status: 0, body: String(error?.name ?? "") + ": " + String(error?.message ?? error), retryAfter: "" };
  }
}

// Never throws, as sendPostback. The authorization is the provider's API key: never logged.
async function fetchItemsPage(request) {
  let result;
  try {
    const response = await fetch(request.url, {
      headers: { authorization: request.authorization },
      redirect: "manual",
      signal: AbortSignal.timeout(request.timeout_seconds * 1000),
    });
    const body = response.body ? await readStreamLimited(response.body, configuredLimits().max_body_bytes) : new Uint8Array();
    result = { status: response.status, body: new TextDecoder().decode(body) };
  } catch (error) {
    result = { status: 0, body: String(error?.name ?? "") + ": " + String(error?.message ?? error) };
  }
  log("info", "line_items_read", { status: result.status, url: request.url });
  return result;
}

function logAttempt(send, result) {
  log("info", "postback_attempt", { network: send.network, delivery: send.id, status: result.status, url: send.url });
}
