import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { TEST_SECRETS, eventually, startWorker, toolchain } from "./harness.js";
import { postOrder, uniqueOrderId } from "./helpers.js";
import { listen, startOrigin, startRakuten } from "./standins.js";

const DAY = 86400_000;
const REPORT_TOKEN = "report-secret-token-4f1d9c";
const admin = { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` };
const dayOf = (msAgo) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
// Rakuten's m/d/yy
const mdyy = (iso) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}/${iso.slice(2, 4)}`;

// A stand-in for Rakuten's report API: records each request and answers with what the test set.
async function startReportServer() {
  const requests = [];
  let answer = { status: 200, body: "" };
  const server = http.createServer((req, res) => {
    requests.push(new URL(req.url, "http://reports"));
    res.writeHead(answer.status, { "content-type": "text/csv" });
    res.end(answer.body);
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (a) => (answer = a),
    close: () => new Promise((r) => server.close(r)),
  };
}

// A report as Rakuten's exports write it: BOM, a summary block, one row per SKU line.
function reportCsv(rows) {
  const lines = [
    "\uFEFFReport Name,Signature Orders Report",
    `Date Range,${mdyy(dayOf(10 * DAY))} - ${mdyy(dayOf(DAY))}`,
    "",
    "Member ID (U1),Order ID,SKU,Transaction Date,Transaction Time,Sales,# of Items,Currency",
    ...rows.map(([ord, sku, day, sales]) => `u1,${ord},${sku},${mdyy(day)},10:02:00,"${sales}",1,USD`),
  ];
  return lines.join("\r\n") + "\r\n";
}

describe(`reconciliation with Rakuten's report (${toolchain})`, () => {
  let origin, rakuten, reports, worker;
  const saleDay = dayOf(5 * DAY);
  const ids = {};

  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    reports = await startReportServer();
    worker = await startWorker({
      ...TEST_SECRETS,
      ORIGIN: origin.url,
      RAKUTEN_ENDPOINT: rakuten.url,
      RETRY_SCHEDULE: "1",
      RETRY_JITTER_PERCENT: "0",
      RAKUTEN_REPORT_URL: `${reports.url}/advancedreports?token=${REPORT_TOKEN}&reportid=12&start_date=2020-01-01`,
    });

    // Six orders of one sale day, five days ago, each in a known state.
    for (const name of ["matched", "refunded", "cents", "unattributed", "rejected"]) ids[name] = uniqueOrderId(name.slice(0, 3).toUpperCase());
    ids.missing = `=SUM(1+2)${process.pid}`;  // a spreadsheet formula, as an order id may be
    rakuten.respond((p) => (p.params.ord === ids.rejected ? { body: "<good>0</good><bad>1</bad>" } : null));
    const createdAt = new Date(Date.now() - 5 * DAY).toISOString();
    const click = { site_id: "RECON-CLICK", landed_at: new Date(Date.now() - 6 * DAY).toISOString(), mid: "12345" };
    const order = (id, items, extra = {}) => ({
      order_id: id, status: "paid", currency: "USD", created_at: createdAt, items, discount: "0", click, ...extra,
    });
    const line = (price) => [{ sku: "SKU", name: "Item", quantity: 1, unit_price: price }];
    const sent = [
      order(ids.matched, [{ sku: "SHIRT", name: "Shirt", quantity: 2, unit_price: "19.99" }, { sku: "MUG", name: "Mug", quantity: 1, unit_price: "7.50" }], { discount: "5.00" }),
      order(ids.refunded, line("20.00")),
      order(ids.cents, line("42.48")),
      order(ids.missing, line("12.00")),
      order(ids.rejected, line("30.00")),
    ];
    for (const o of sent) assert.equal((await postOrder(worker.url, o)).status, 202);
    const { click: _, ...withoutClick } = order(ids.unattributed, line("10.00"));
    assert.equal((await postOrder(worker.url, withoutClick)).status, 202);
    await eventually(() => sent.every((o) => rakuten.forOrder(o.order_id).some((p) => p.answered)));
    // A partial refund of 5.00 after the sale was accepted: edgepost's net is 15.00.
    const refund = { order_id: ids.refunded, status: "refunded", currency: "USD", created_at: new Date(Date.now() - 4 * DAY).toISOString(),
      refund_id: "R-1", items: line("5.00") };
    assert.equal((await postOrder(worker.url, refund)).status, 202);
    await eventually(() => rakuten.forOrder(ids.refunded).filter((p) => p.answered).length === 2);
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
    await reports?.close();
  });

  const api = (path, init = {}) => fetch(`${worker.url}/_edgepost/admin/api/${path}`, { ...init, headers: { ...admin, ...init.headers } });
  const range = `from=${dayOf(8 * DAY)}&to=${dayOf(0)}`;
  const uploadedRows = () => [
    [ids.matched, "SHIRT", saleDay, "39.98"], [ids.matched, "MUG", saleDay, "7.50"], [ids.matched, "DISCOUNT", saleDay, "-5.00"],
    [ids.refunded, "SKU", saleDay, "20.00"], [ids.refunded, "SKU", dayOf(4 * DAY), "-5.00"],
    [ids.cents, "SKU", saleDay, "4,248.00"],
    [ids.unattributed, "SKU", saleDay, "10.00"],
    [ids.rejected, "SKU", saleDay, "30.00"],
    [`ONLY-AT-RAKUTEN-${process.pid}`, "SKU", dayOf(DAY), "1,234.56"],
  ];

  it("imports an uploaded report: one total per Order ID, its rows summed, the summary block skipped", async () => {
    const r = await api("reconciliation/report", { method: "POST", headers: { "content-type": "text/csv" }, body: reportCsv(uploadedRows()) });
    assert.equal(r.status, 200);
    const summary = await r.json();
    assert.equal(summary.rows, 9);
    assert.equal(summary.orders, 6);
    assert.equal(summary.from, saleDay);
    assert.equal(summary.to, dayOf(DAY));
  });

  it("matches each order into the set the contract defines, with the reason edgepost did not send", async () => {
    const r = await api(`reconciliation/orders?${range}`);
    assert.equal(r.status, 200);
    const { orders, truncated } = await r.json();
    assert.equal(truncated, false);
    const by = Object.fromEntries(orders.map((o) => [o.ord, o]));
    assert.equal(by[ids.matched].status, "matched");
    assert.equal(by[ids.matched].amount, "42.48");
    assert.equal(by[ids.refunded].status, "matched", "the accepted sale less its accepted refund, 15.00, as the report's rows sum");
    assert.equal(by[ids.refunded].rakuten_amount, "15.00");
    assert.equal(by[ids.cents].status, "amount_mismatch");
    assert.match(by[ids.cents].message, /factor of 100/);
    assert.equal(by[ids.missing].status, "missing_at_rakuten");
    assert.equal(by[ids.unattributed].status, "only_at_rakuten");
    assert.equal(by[ids.unattributed].not_sent_because, "unattributed");
    assert.equal(by[ids.rejected].not_sent_because, "rejected");
    assert.equal(by[`ONLY-AT-RAKUTEN-${process.pid}`].not_sent_because, "unknown_order");
    assert.equal(orders.length, 7);

    const only = await (await api(`reconciliation/orders?${range}&status=only_at_rakuten`)).json();
    assert.deepEqual(only.orders.map((o) => o.status), ["only_at_rakuten", "only_at_rakuten", "only_at_rakuten"]);
    const bad = await api(`reconciliation/orders?${range}&status=lost`);
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error, "invalid_query");
  });

  it("answers per day with the stats fields, the four sets, Rakuten's amounts and whether the report is complete", async () => {
    const r = await api(`reconciliation?${range}`);
    assert.equal(r.status, 200);
    const body = await r.json();
    const day = body.days.find((d) => d.day === saleDay);
    assert.equal(day.orders, 6);
    assert.equal(day.accepted, 4);
    assert.equal(day.rakuten_orders, 5);
    assert.deepEqual([day.matched, day.amount_mismatch, day.missing_at_rakuten, day.only_at_rakuten], [2, 1, 1, 2]);
    assert.deepEqual(day.rakuten_amounts, { USD: (42.48 + 15 + 4248 + 10 + 30).toFixed(2) });
    assert.equal(day.report_complete, true);
    const yesterday = body.days.find((d) => d.day === dayOf(DAY));
    assert.equal(yesterday.only_at_rakuten, 1);
    assert.equal(yesterday.report_complete, false, "inside the report's lag");
    assert.equal(body.report.source, "upload");
    assert.equal(body.report.orders, 6);
    assert.equal(body.switch_over, undefined, "only in shadow mode");
  });

  it("exports orders and reconciliation as RFC 4180 CSV, a formula shown as text", async () => {
    const r = await api(`reconciliation.csv?${range}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "text/csv; charset=utf-8");
    const text = await r.text();
    assert.match(text, /\r\n$/);
    const rows = parse(text, { columns: true });
    assert.equal(rows.length, 7);
    const formula = rows.find((row) => row.status === "missing_at_rakuten");
    assert.equal(formula.ord, `'${ids.missing}`);
    assert.equal(rows.find((row) => row.ord === ids.cents).rakuten_amount, "4248.00");

    const orders = parse(await (await api(`orders.csv?${range}`)).text(), { columns: true });
    assert.equal(orders.length, 6);
    const refunded = orders.find((o) => o.ord === ids.refunded);
    assert.deepEqual([refunded.state, refunded.amount, refunded.reported_amount], ["accepted", "20.00", "15.00"]);
    assert.equal(orders.find((o) => o.ord === `'${ids.missing}`).state, "accepted");
    assert.equal(orders.find((o) => o.ord === ids.unattributed).attributed, "no");
  });

  it("refuses a file that is not a report, naming the line, or one over MAX_BODY_BYTES, and keeps what was imported", async () => {
    const broken = "Order ID,Sales,Transaction Date\r\nA-1,10.00,11/24/26\r\nA-2,ten,11/24/26\r\n";
    const r = await api("reconciliation/report", { method: "POST", body: broken });
    assert.equal(r.status, 400);
    const error = await r.json();
    assert.equal(error.error, "invalid_report");
    assert.match(error.message, /^line 3: /);
    const after = await (await api(`reconciliation?${range}`)).json();
    assert.equal(after.report.orders, 6);
    const huge = await api("reconciliation/report", { method: "POST", body: "Order ID,Sales,Transaction Date\r\n" + "A-1,1.00,11/24/26\r\n".repeat(70_000) });
    assert.equal(huge.status, 413, "a report over MAX_BODY_BYTES");
    assert.equal((await huge.json()).error, "too_large");
  });

  it("pulls the report with the parameters it sets itself, the token kept out of every answer and log", async () => {
    reports.answer({ status: 200, body: reportCsv(uploadedRows().filter(([ord]) => ord !== ids.cents)) });
    const r = await api("reconciliation/pull", { method: "POST" });
    assert.equal(r.status, 200);
    const summary = await r.json();
    assert.equal(summary.orders, 5);
    assert.deepEqual([summary.from, summary.to], [dayOf(13 * DAY), dayOf(0)]);
    const asked = reports.requests.at(-1);
    assert.equal(asked.pathname, "/advancedreports");
    assert.equal(asked.searchParams.get("token"), REPORT_TOKEN);
    assert.equal(asked.searchParams.get("reportid"), "12");
    assert.deepEqual(asked.searchParams.getAll("start_date"), [dayOf(13 * DAY)]);
    assert.equal(asked.searchParams.get("end_date"), dayOf(0));
    assert.equal(asked.searchParams.get("date_type"), "transaction");
    assert.equal(asked.searchParams.get("tz"), "GMT");
    assert.equal(asked.searchParams.get("include_summary"), "N");

    const view = await (await api(`reconciliation?${range}`)).json();
    assert.equal(view.report.source, "pull");
    assert.equal(view.days.find((d) => d.day === saleDay).missing_at_rakuten, 2, "the days pulled replace what the upload said of them");

    reports.answer({ status: 503, body: "busy" });
    const failed = await api("reconciliation/pull", { method: "POST" });
    assert.equal(failed.status, 502);
    const error = await failed.json();
    assert.equal(error.error, "report_fetch_failed");
    assert.match(error.message, /HTTP 503/);
    const health = await (await fetch(`${worker.url}/_edgepost/admin/api/health`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).text();
    for (const text of [health, JSON.stringify(summary), JSON.stringify(view), JSON.stringify(error), worker.log()]) {
      assert.ok(!text.includes(REPORT_TOKEN), "the report token is never shown or logged");
    }
  });
});
