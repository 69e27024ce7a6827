// Monitoring's one object ("alerts", a SQLite-backed Durable Object): the monitoring state the
// core keeps (open and recent alerts, counters; src/monitoring/monitor.h), and an outbox of
// notifications, one row per message and channel, delivered and retried by this object's alarm.
// A notification is stored with the state that raised it, in one transaction, before it is sent.
// Every decision (what to raise, the text, the signature, whether to retry) is the core's.
import { DurableObject } from "cloudflare:workers";
import { call, configure, configuredLimits, nowSeconds } from "./core.js";
import { exportTableRows, importTableRows } from "./store_transfer.js";
import { log } from "./log.js";

const CHANNELS = ["webhook", "slack"];
const DESK_TABLES = ["monitor", "channels"];

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS monitor (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)",
  // state: pending (due at next_at) | sending (since next_at) | delivered | given_up | channel_disabled |
  // not_configured
  `CREATE TABLE IF NOT EXISTS outbox (
     id TEXT NOT NULL, channel TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL,
     next_at INTEGER NOT NULL, state TEXT NOT NULL, last_status INTEGER, PRIMARY KEY (id, channel))`,
  "CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_at) WHERE state IN ('pending', 'sending')",
  "CREATE TABLE IF NOT EXISTS channels (channel TEXT PRIMARY KEY, disabled_at INTEGER NOT NULL)",
  // The dashboard's sessions and failed sign-ins (src/requests/admin_session.h).
  "CREATE TABLE IF NOT EXISTS admin_sessions (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)",
  "CREATE TABLE IF NOT EXISTS sign_in_failures (address TEXT NOT NULL, at INTEGER NOT NULL)",
  "CREATE INDEX IF NOT EXISTS sign_in_failures_by_address ON sign_in_failures (address)",
  "CREATE INDEX IF NOT EXISTS sign_in_failures_by_time ON sign_in_failures (at)",
];

export function alertDesk(env) {
  return env.ALERTS.get(env.ALERTS.idFromName("alerts"));
}

export class AlertDesk extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    configure(env);
    this.sql = ctx.storage.sql;
    for (const statement of SCHEMA) this.sql.exec(statement);
  }

  // Runs one monitor step (operation monitor_<kind>) through the core; stores its state and queues
  // its notifications together.
  step(kind, args = {}) {
    const state = this.sql.exec("SELECT state FROM monitor WHERE id = 1").toArray()[0]?.state ?? "";
    const { code, output } = call(`monitor_${kind}`, { now: nowSeconds(), state, ...args });
    const out = JSON.parse(output);
    if (code < 0) throw new Error(`edgepost core refused the monitor step ${kind}: ${out.message}`);
    const now = nowSeconds();
    if (!out.state && !out.notifications.length) return out;
    this.ctx.storage.transactionSync(() => {
      if (out.state) this.sql.exec("INSERT INTO monitor (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state", out.state);
      for (const n of out.notifications) {
        for (const channel of CHANNELS) {
          this.sql.exec(
            `INSERT OR IGNORE INTO outbox (id, channel, type, body, attempts, next_at, state) VALUES (?, ?, ?, ?, 0, ?, 'pending')`,
            n.id, channel, n.type, channel === "webhook" ? n.webhook : n.slack, now,
          );
        }
      }
    });
    for (const n of out.notifications) log("info", "alert", { id: n.id, type: n.type });
    return out;
  }

  // Signing in or out (operation admin_session): the core decides with this address's stored
  // failures; the answer's session, failure and endings are stored before it is returned. Nothing
  // here awaits, so concurrent sign-ins from one address are counted one after another.
  adminSession({ action, form, cookie, address, random }) {
    const now = nowSeconds();
    const failures = action === "login"
      ? this.sql.exec("SELECT at FROM sign_in_failures WHERE address = ?", address).toArray().map((r) => r.at).join(",")
      : "";
    const { code, output } = call("admin_session", { now, action, form, cookie, random, failures });
    const out = JSON.parse(output);
    if (code < 0 || out.error) throw new Error(`edgepost core refused the session step ${action}: ${out.message}`);
    this.ctx.storage.transactionSync(() => {
      if (out.forget_failures_before !== undefined) this.sql.exec("DELETE FROM sign_in_failures WHERE at < ?", out.forget_failures_before);
      if (out.record_failure) this.sql.exec("INSERT INTO sign_in_failures (address, at) VALUES (?, ?)", address, now);
      if (out.session) {
        this.sql.exec("DELETE FROM admin_sessions WHERE expires_at <= ?", now);
        this.sql.exec("INSERT INTO admin_sessions (id, expires_at) VALUES (?, ?)", out.session.id, out.session.expires_at);
      }
      if (out.end_session) this.sql.exec("DELETE FROM admin_sessions WHERE id = ?", out.end_session);
      if (out.end_all_sessions) this.sql.exec("DELETE FROM admin_sessions");
    });
    if (out.end_all_sessions) log("info", "admin_signed_out_everywhere");
    return out;
  }

  // Export and import (worker/store_transfer.js): the monitoring state and the channels switched
  // off; not the outbox (what was sent is not sent again) nor sessions (sign in again).
  storedTables() {
    return DESK_TABLES;
  }

  dumpRows(table, after, limit) {
    if (!DESK_TABLES.includes(table)) throw new Error(`the alert desk exports no table ${table}`);
    return exportTableRows(this.sql, table, after, limit);
  }

  loadRows(table, rows) {
    if (!DESK_TABLES.includes(table)) throw new Error(`the alert desk exports no table ${table}`);
    return importTableRows(this.ctx.storage, table, rows);
  }

  sessionLive(id) {
    return this.sql.exec("SELECT 1 FROM admin_sessions WHERE id = ? AND expires_at > ?", id, nowSeconds()).toArray().length > 0;
  }

  async signal(signals) {
    const out = this.step("signals", { signals: JSON.stringify(signals) });
    if (out.notifications.length) await this.deliverDue();
  }

  plan() {
    return this.step("plan").plan;
  }

  // rows: {grouped, sides, report_orders, covered, last_sale}, and for checks pull_status and
  // pull_imported.
  async check(rows) {
    this.step("checks", rows);
    await this.deliverDue();
  }

  async weekly(rows) {
    this.step("weekly", rows);
    await this.deliverDue();
  }

  view() {
    const { view, configured } = this.step("view");
    const disabled = new Set(this.sql.exec("SELECT channel FROM channels").toArray().map((r) => r.channel));
    const channelState = (c) => (!configured[c] ? "not_configured" : disabled.has(c) ? "disabled" : "active");
    return { ...view, channels: Object.fromEntries(CHANNELS.map((c) => [c, channelState(c)])) };
  }

  // A test alert, sent now by the same path as real ones; answers what each channel said.
  async test() {
    const out = this.step("test");
    await this.deliverDue();
    const id = out.notifications[0].id;
    return this.sql.exec("SELECT channel, state, last_status, attempts FROM outbox WHERE id = ? ORDER BY channel", id).toArray();
  }

  // Sends what is due, each message to each channel; the core judges each answer.
  async deliverDue() {
    const now = nowSeconds();
    const limits = configuredLimits();
    const due = this.sql.exec(
      `SELECT id, channel, body, attempts FROM outbox
       WHERE (state = 'pending' AND next_at <= ?) OR (state = 'sending' AND next_at <= ?) ORDER BY next_at LIMIT ?`,
      now, now - limits.alert_sending_expiry_seconds, limits.alert_due_batch,
    ).toArray();
    for (const d of due) this.sql.exec("UPDATE outbox SET state = 'sending', next_at = ? WHERE id = ? AND channel = ?", now, d.id, d.channel);
    await Promise.all(due.map((d) => this.deliver(d)));
    this.rearm();
  }

  async deliver(d) {
    const disabled = this.sql.exec("SELECT 1 FROM channels WHERE channel = ?", d.channel).toArray().length > 0;
    const request = disabled ? null : call("alert_request", { now: nowSeconds(), channel: d.channel, message_id: d.id, body: d.body });
    if (!request || request.code !== 200) {
      // The channel is off (disabled by a 410, or not configured): nothing to send there.
      this.sql.exec("UPDATE outbox SET state = ? WHERE id = ? AND channel = ?", disabled ? "channel_disabled" : "not_configured", d.id, d.channel);
      return;
    }
    const { url, headers } = JSON.parse(request.output);
    let status = 0;
    try {
      const r = await fetch(url, { method: "POST", headers, body: d.body, redirect: "manual", signal: AbortSignal.timeout(configuredLimits().alert_timeout_ms) });
      status = r.status;
      await r.body?.cancel();
    } catch {
      status = 0;
    }
    const attempts = d.attempts + 1;
    const random = crypto.getRandomValues(new Uint32Array(1))[0];
    const verdict = JSON.parse(call("alert_answer", { attempts, status, random }).output);
    const state = verdict.outcome === "retry" ? "pending" : verdict.outcome;
    this.sql.exec(
      "UPDATE outbox SET state = ?, attempts = ?, last_status = ?, next_at = ? WHERE id = ? AND channel = ?",
      state, attempts, status, nowSeconds() + verdict.retry_in_seconds, d.id, d.channel,
    );
    if (verdict.outcome === "channel_disabled") {
      this.sql.exec("INSERT OR IGNORE INTO channels (channel, disabled_at) VALUES (?, ?)", d.channel, nowSeconds());
    }
    // The channel's URL may be a secret (Slack's): only the channel is logged.
    log("info", "alert_delivery", { id: d.id, channel: d.channel, status, outcome: verdict.outcome });
  }

  rearm() {
    const next = this.sql.exec("SELECT MIN(next_at) AS at FROM outbox WHERE state IN ('pending', 'sending')").one().at;
    if (next === null) return;
    const sending = this.sql.exec("SELECT COUNT(*) AS n FROM outbox WHERE state = 'sending'").one().n;
    this.ctx.storage.setAlarm((next + (sending ? configuredLimits().alert_sending_expiry_seconds : 0)) * 1000);
  }

  async alarm() {
    await this.deliverDue();
  }
}
