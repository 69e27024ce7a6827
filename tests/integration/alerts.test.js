import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, eventually, startWorker, toolchain } from "./harness.js";
import { nowIso, postOrder, uniqueOrderId } from "./helpers.js";
import { ALERT_SECRET, startAlertReceiver, startOrigin, startRakuten, startReportServer } from "./standins.js";

const admin = { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` };

describe(`alerts (${toolchain})`, () => {
  let origin, rakuten, receiver, reports, worker;
  const denied = uniqueOrderId("DENIED");
  const accepted = uniqueOrderId("OK");
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    receiver = await startAlertReceiver();
    reports = await startReportServer();
    rakuten.respond((p) => (p.params.ord === denied ? { body: "<response><error>Access denied</error></response>" } : null));
    worker = await startWorker({
      ...TEST_SECRETS,
      ORIGIN: origin.url,
      RAKUTEN_ENDPOINT: rakuten.url,
      RETRY_SCHEDULE: "1,1",
      RETRY_JITTER_PERCENT: "0",
      ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
      ALERT_WEBHOOK_SECRET: ALERT_SECRET,
      ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
      PUBLIC_URL: "https://shop.example",
      RAKUTEN_REPORT_URL: `${reports.url}/report?token=alert-test-token`,
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
    await receiver?.close();
    await reports?.close();
  });

  const api = (path, init = {}) => fetch(`${worker.url}/_edgepost/admin/api/${path}`, { ...init, headers: { ...admin, ...init.headers } });
  const order = (id) => ({
    order_id: id, status: "paid", currency: "USD", created_at: nowIso(),
    items: [{ sku: "SKU", name: "Item", quantity: 1, unit_price: "25.00" }],
    click: { site_id: "ALERT-CLICK", landed_at: nowIso(-3600), mid: "12345" },
  });

  it("sends a test alert through both channels, signed, and retries a delivery that failed", async () => {
    receiver.answers["/hook"].push(503);
    const r = await api("alerts/test", { method: "POST" });
    assert.equal(r.status, 200);
    const { channels } = await r.json();
    const byChannel = Object.fromEntries(channels.map((c) => [c.channel, c]));
    assert.equal(byChannel.webhook.state, "pending", "the 503 is retried on RETRY_SCHEDULE");
    assert.equal(byChannel.webhook.last_status, 503);
    assert.equal(byChannel.slack.state, "delivered");
    const [event] = await eventually(() => receiver.verified.length && receiver.verified);
    assert.equal(event.type, "edgepost.test");
    assert.equal(event.data.alert.type, "edgepost.test");
    assert.equal(event.data.dashboard, "https://shop.example/_edgepost/admin/");
    assert.deepEqual(receiver.refused, []);
    assert.match(receiver.slack[0].text, /test alert/);
  });

  it("raises access_denied seconds after the postback that got it, and resolves it when Rakuten accepts again", async () => {
    const sentAt = Date.now();
    assert.equal((await postOrder(worker.url, order(denied))).status, 202);
    const opened = await eventually(() => receiver.verified.find((e) => e.data.alert.type === "access_denied"));
    assert.equal(opened.type, "edgepost.alert.opened");
    assert.equal(opened.data.alert.severity, "critical");
    assert.match(opened.data.alert.message, /Access denied/);
    assert.equal(opened.data.alert.network, "rakuten", "a delivery alert names its network");
    assert.ok(Date.now() - sentAt < 10_000, "within seconds");
    const open = await (await api("alerts")).json();
    assert.deepEqual(open.open.map((a) => a.type), ["access_denied"]);
    assert.ok(receiver.slack.some((m) => /access_denied, Rakuten/.test(m.text)));

    assert.equal((await postOrder(worker.url, order(accepted))).status, 202);
    const resolved = await eventually(() => receiver.verified.find((e) => e.type === "edgepost.alert.resolved"));
    assert.equal(resolved.data.alert.type, "access_denied");
    assert.ok(resolved.data.alert.resolved_at);
    const after = await (await api("alerts")).json();
    assert.deepEqual(after.open, []);
    assert.equal(after.recent[0].type, "access_denied");
    assert.equal(receiver.verified.filter((e) => e.data.alert.type === "access_denied").length, 2, "notified on open and on resolve, once each");
  });

  it("runs the scheduled checks: pulls the report and raises amount_mismatch from it", async () => {
    const day = new Date().toISOString().slice(0, 10);
    const mdyy = `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}/${day.slice(2, 4)}`;
    reports.state.body = `Order ID,Sales,Transaction Date\r\n${accepted},2500.00,${mdyy}\r\n`;
    const r = await fetch(`${worker.url}/__scheduled?cron=7+*+*+*+*`);
    await r.text();
    const mismatch = await eventually(() => receiver.verified.find((e) => e.data.alert.type === "amount_mismatch"));
    assert.equal(reports.state.requests, 1, "the daily pull ran");
    assert.match(mismatch.data.alert.message, /factor of 100/);
    // A second run within the day neither pulls again nor notifies the unchanged alert again.
    await (await fetch(`${worker.url}/__scheduled?cron=7+*+*+*+*`)).text();
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(reports.state.requests, 1);
    assert.equal(receiver.verified.filter((e) => e.data.alert.type === "amount_mismatch").length, 1);
  });

  it("switches a channel off when it answers 410 Gone", async () => {
    receiver.answers["/slack"].push(410);
    const r = await api("alerts/test", { method: "POST" });
    const slack = (await r.json()).channels.find((c) => c.channel === "slack");
    assert.equal(slack.state, "channel_disabled");
    assert.equal((await (await api("alerts")).json()).channels.slack, "disabled");
    const before = receiver.slack.length;
    const again = (await (await api("alerts/test", { method: "POST" })).json()).channels;
    assert.deepEqual(again.map((c) => [c.channel, c.state]), [["slack", "channel_disabled"], ["webhook", "delivered"]]);
    assert.equal(receiver.slack.length, before, "nothing more goes to a disabled channel");
  });
});
