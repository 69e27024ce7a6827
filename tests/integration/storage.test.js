// The order store as it lies on disk: each order is one row of its shard's SQLite database, the
// record and the ledger columns the stats count side by side; a record the core cannot read is
// quarantined — listed, counted, answered — instead of failing its order's events for ever. The
// test reads and damages the shard databases with Node's own SQLite while workerd is stopped.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, eventually, startWorker, toolchain } from "./harness.js";
import { nowIso, postOrder, uniqueOrderId } from "./helpers.js";
import { startRakuten } from "./standins.js";

const ADMIN = { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` };

function order(id) {
  return {
    order_id: id, status: "paid", currency: "USD", created_at: nowIso(),
    items: [{ sku: "SKU-1", name: "Shirt", quantity: 2, unit_price: "19.99" }], discount: "1.00",
    click: { site_id: "STORE-CLICK", landed_at: nowIso(-3600) },
  };
}

function shardDatabases(stateDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".sqlite")) found.push(p);
    }
  };
  walk(stateDir);
  return found;
}

// The row of an order, from whichever shard database holds it.
function withOrderRow(stateDir, key, use) {
  for (const file of shardDatabases(stateDir)) {
    const db = new DatabaseSync(file);
    try {
      const hasOrders = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'orders'").get();
      const row = hasOrders && db.prepare("SELECT * FROM orders WHERE order_key = ?").get(key);
      if (row) return use(db, row, file);
    } finally {
      db.close();
    }
  }
  return undefined;
}

describe(`the order store on disk (${toolchain})`, () => {
  let rakuten, worker, vars;
  before(async () => {
    rakuten = await startRakuten();
    vars = { ...TEST_SECRETS, RAKUTEN_ENDPOINT: rakuten.url };
    worker = await startWorker(vars);
  });
  after(async () => {
    await worker?.stop();
    await rakuten?.close();
  });

  async function admin(route) {
    const r = await fetch(`${worker.url}/_edgepost/admin/api/${route}`, { headers: ADMIN });
    return r.json();
  }

  it("keeps an order's record and its ledger columns in one row of its shard", async () => {
    const id = uniqueOrderId("S");
    assert.equal((await postOrder(worker.url, order(id))).status, 202);
    await eventually(async () => (await admin("orders?state=accepted")).orders.some((o) => o.order_id === id));
    const { stateDir } = worker;
    const port = new URL(worker.url).port;
    await worker.stop({ keepState: true });
    const row = withOrderRow(stateDir, id, (db, r) => r);
    worker = await startWorker(vars, { persistDir: stateDir, port });
    assert.ok(row, "the order is a row of one shard database");
    assert.equal(row.order_id, id);
    assert.equal(row.state, "accepted");
    assert.equal(row.attributed, 1);
    assert.equal(row.sent, 1);
    assert.equal(row.currency, "USD");
    assert.equal(row.amount, 38_980_000, "2 × 19.99 − 1.00, in millionths");
    assert.equal(row.day, new Date().toISOString().slice(0, 10));
    assert.equal(row.wake_at, 0, "nothing left to do");
    assert.equal(JSON.parse(row.record).deliveries[0].state, "accepted", "the record says what the columns say");
  });

  it("quarantines a record it cannot read: the order's events answer 500, it is listed and counted, others go on", async () => {
    const damaged = uniqueOrderId("Q");
    const healthy = uniqueOrderId("H");
    for (const id of [damaged, healthy]) assert.equal((await postOrder(worker.url, order(id))).status, 202);
    await eventually(async () => (await admin("orders?state=accepted")).orders.filter((o) => [damaged, healthy].includes(o.order_id)).length === 2);
    const { stateDir } = worker;
    const port = new URL(worker.url).port;
    await worker.stop({ keepState: true });
    const changed = withOrderRow(stateDir, damaged, (db) =>
      db.prepare("UPDATE orders SET record = ? WHERE order_key = ?").run('{"v":1,"order_id":', damaged).changes);
    assert.equal(changed, 1);
    worker = await startWorker(vars, { persistDir: stateDir, port });

    const again = await postOrder(worker.url, order(damaged));
    assert.equal(again.status, 500);
    const answer = await again.json();
    assert.equal(answer.error, "order_quarantined");
    assert.equal(answer.order_key, damaged);
    const listed = await admin("orders?state=quarantined");
    const entry = listed.quarantined.find((q) => q.order_key === damaged);
    assert.ok(entry, "listed under state=quarantined");
    assert.equal(entry.order_id, damaged);
    assert.equal(entry.record, '{"v":1,"order_id":', "the stored text as it is");
    assert.match(entry.reason, /could not be read/);
    const stats = await admin("stats");
    assert.equal(stats.quarantined, 1);
    const today = stats.days.find((d) => d.day === new Date().toISOString().slice(0, 10));
    assert.ok(today.accepted >= 1, "the healthy order is still counted");
    assert.ok(!(await admin("orders")).orders.some((o) => o.order_id === damaged), "not among readable orders");
    // A second event for the quarantined order changes nothing and answers the same.
    assert.equal((await postOrder(worker.url, order(damaged))).status, 500);
    assert.equal((await admin("stats")).quarantined, 1);
  });
});
