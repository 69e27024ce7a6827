import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, eventually, freePort, startWorker, toolchain } from "./harness.js";
import { cookieValue, nowIso, postOrder, uniqueOrderId } from "./helpers.js";
import { startOrigin, startRakuten } from "./standins.js";

const ADMIN = { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` };

function order(id, extra = {}) {
  return {
    order_id: id, status: "paid", currency: "USD", created_at: nowIso(),
    items: [{ sku: "SKU-1", name: "Thing", quantity: 1, unit_price: "10.00" }], ...extra,
  };
}

async function admin(worker, path, init = {}) {
  const r = await fetch(`${worker.url}/_edgepost/admin/api/${path}`, { ...init, headers: ADMIN });
  return { status: r.status, body: await r.json() };
}

async function record(worker, id, state) {
  const { body } = await admin(worker, `orders?state=${state}`);
  return body.orders.find((o) => o.order_id === id);
}

describe(`delivery: joins, retries, dead letter, admin (${toolchain})`, () => {
  let origin, rakuten, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    worker = await startWorker({
      ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url,
      RETRY_SCHEDULE: "1,1", RETRY_JITTER_PERCENT: "0", POSTBACK_TIMEOUT_SECONDS: "1",
      JOIN_COOKIES: "cart_id", JOIN_PARAMS: "order_ref", JOIN_GRACE_SECONDS: "2",
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
  });

  async function land(siteId) {
    const r = await fetch(`${worker.url}/?ranSiteID=${siteId}`);
    await r.text();
    return cookieValue(r.headers.getSetCookie(), "edgepost_click");
  }

  it("joins a click to an order through a merchant cookie seen in traffic, recorded once", async () => {
    const click = await land("JOIN-COOKIE-1");
    const cart = `c-${Date.now()}-${randomBytes(4).toString("hex")}`;
    const first = await fetch(`${worker.url}/cart`, { headers: { cookie: `edgepost_click=${click}; cart_id=${cart}` } });
    await first.text();
    const marker = cookieValue(first.headers.getSetCookie(), "edgepost_join");
    assert.match(marker, /^[0-9a-f]{16}$/);
    const second = await fetch(`${worker.url}/cart`, {
      headers: { cookie: `edgepost_click=${click}; cart_id=${cart}; edgepost_join=${marker}` },
    });
    await second.text();
    assert.equal(cookieValue(second.headers.getSetCookie(), "edgepost_join"), undefined, "not recorded twice");

    const id = uniqueOrderId("J");
    const answer = await eventually(async () => {
      const r = await postOrder(worker.url, order(id, { join_keys: [`cart_id:${cart}`] }));
      const body = await r.json();
      return body;
    });
    assert.equal(answer.status, "queued");
    const [p] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(p.params.tr, "JOIN-COOKIE-1");
  });

  it("holds an order that arrives before its click, and sends it when the key shows up", async () => {
    const id = uniqueOrderId("W");
    const ref = `W-${Date.now()}-${randomBytes(4).toString("hex")}`;
    const r = await postOrder(worker.url, order(id, { join_keys: [`order_ref:${ref}`] }));
    assert.equal((await r.json()).status, "waiting_for_click");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(rakuten.forOrder(id).length, 0);
    const click = await land("JOIN-PARAM-1");
    const page = await fetch(`${worker.url}/checkout/done?order_ref=${ref}`, { headers: { cookie: `edgepost_click=${click}` } });
    await page.text();
    const [p] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(p.params.tr, "JOIN-PARAM-1");
  });

  // The order's shard asks the join key's shard; here they are one and the same object, which
  // then calls itself. The shard is FNV-1a of the key modulo 16, worked out here from the
  // algorithm's published constants (README, Storage).
  it("joins an order and a join key that live in the same shard", async () => {
    const shardOf = (key) => {
      let h = 2166136261;
      for (const b of Buffer.from(key)) h = Math.imul(h ^ b, 16777619) >>> 0;
      return h % 16;
    };
    const id = uniqueOrderId("S");
    let ref;
    for (let i = 0; ; i++) {
      ref = `S-${Date.now()}-${randomBytes(4).toString("hex")}-${i}`;
      if (shardOf(`order_ref:${ref}`) === shardOf(id)) break;
    }
    const r = await postOrder(worker.url, order(id, { join_keys: [`order_ref:${ref}`] }));
    assert.equal((await r.json()).status, "waiting_for_click");
    const click = await land("SAME-SHARD");
    await (await fetch(`${worker.url}/checkout/done?order_ref=${ref}`, { headers: { cookie: `edgepost_click=${click}` } })).text();
    const [p] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(p.params.tr, "SAME-SHARD");
  });

  it("counts a waiting order as unattributed after the grace period, and still sends a late click", async () => {
    const id = uniqueOrderId("G");
    const ref = `G-${Date.now()}-${randomBytes(4).toString("hex")}`;
    await postOrder(worker.url, order(id, { join_keys: [`order_ref:${ref}`] }));
    await eventually(async () => (await record(worker, id, "unattributed")) !== undefined, { timeoutMs: 15_000 });
    const click = await land("LATE-CLICK");
    await (await fetch(`${worker.url}/x?order_ref=${ref}`, { headers: { cookie: `edgepost_click=${click}` } })).text();
    const [p] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(p.params.tr, "LATE-CLICK");
  });

  it("retries after a timeout and records every attempt", async () => {
    const id = uniqueOrderId("T");
    let calls = 0;
    rakuten.respond((p) => (p.params.ord === id && ++calls === 1 ? { hang: true } : null));
    await postOrder(worker.url, order(id, { attribution: await land("TIMEOUT-1") }));
    const rec = await eventually(async () => record(worker, id, "accepted"), { timeoutMs: 20_000 });
    const attempts = rec.deliveries[0].attempts;
    assert.equal(attempts.length, 2);
    assert.equal(attempts[0].status, 0);
    assert.equal(attempts[0].verdict, "retry");
    assert.equal(attempts[1].verdict, "accepted");
    assert.equal(rec.click.site_id, "TIMEOUT-1");
    rakuten.respond(null);
  });

  it("honours Retry-After on 429", async () => {
    const id = uniqueOrderId("Q");
    rakuten.respond((p) =>
      p.params.ord === id && rakuten.forOrder(id).length === 1 ? { status: 429, headers: { "retry-after": "3" }, body: "slow down" } : null);
    await postOrder(worker.url, order(id, { attribution: await land("RETRY-AFTER") }));
    await eventually(() => rakuten.forOrder(id).length === 2, { timeoutMs: 20_000 });
    const [first, second] = rakuten.forOrder(id);
    assert.ok(second.at - first.at >= 2900, `waited ${second.at - first.at} ms`);
    rakuten.respond(null);
  });

  it("dead-letters after the last attempt, lists it, and replays it on retry-dead", async () => {
    const id = uniqueOrderId("DL");
    let failing = true;
    rakuten.respond((p) => (p.params.ord === id && failing ? { status: 500, body: "down" } : null));
    await postOrder(worker.url, order(id, { attribution: await land("DEAD-1") }));
    const dead = await eventually(async () => record(worker, id, "dead"), { timeoutMs: 20_000 });
    assert.equal(dead.deliveries[0].attempts.length, 3, "1 + two scheduled retries");
    assert.equal(rakuten.forOrder(id).length, 3);
    const pending = await admin(worker, "orders?state=pending");
    assert.equal(pending.body.orders.some((o) => o.order_id === id), false);

    failing = false;
    const replay = await admin(worker, "retry-dead", { method: "POST" });
    assert.equal(replay.status, 202);
    assert.ok(replay.body.orders >= 1);
    await eventually(async () => record(worker, id, "accepted"), { timeoutMs: 20_000 });
    assert.equal(rakuten.forOrder(id).length, 4);
    rakuten.respond(null);
  });

  it("re-queues one rejected order by id", async () => {
    const id = uniqueOrderId("RJ");
    let reject = true;
    rakuten.respond((p) => (p.params.ord === id && reject ? { body: "<error>Access denied</error>" } : null));
    await postOrder(worker.url, order(id, { attribution: await land("REJ-1") }));
    await eventually(async () => record(worker, id, "rejected"));
    reject = false;
    const r = await admin(worker, `orders/${id}/retry`, { method: "POST" });
    assert.equal(r.status, 202);
    await eventually(async () => record(worker, id, "accepted"));
    const again = await admin(worker, `orders/${id}/retry`, { method: "POST" });
    assert.equal(again.status, 200, "nothing left to retry");
    rakuten.respond(null);
  });

  it("refuses a bad stats range with a JSON error", async () => {
    for (const q of ["from=2026-13-01", "from=2026-11-02&to=2026-11-01", "from=2026-01-01&to=2026-12-31"]) {
      const r = await admin(worker, `stats?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.error, "invalid_query");
    }
    assert.equal((await admin(worker, "orders?state=lost")).status, 400);
  });
});

describe(`shadow mode and stats (${toolchain})`, () => {
  let rakuten, worker;
  before(async () => {
    rakuten = await startRakuten();
    const origin = await startOrigin();
    worker = await startWorker({ ...TEST_SECRETS, MODE: "shadow", ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url });
    worker.origin = origin;
  });
  after(async () => {
    await worker?.stop();
    await worker?.origin.close();
    await rakuten?.close();
  });

  it("records what would have been sent, sends nothing, and counts it", async () => {
    const landed = new Date(Date.now() - 3600_000).toISOString();
    const ids = [uniqueOrderId("S"), uniqueOrderId("S"), uniqueOrderId("S")];
    for (const id of ids) {
      const r = await postOrder(worker.url, order(id, { click: { site_id: "SHADOW", landed_at: landed }, discount: "1.50" }));
      assert.equal(r.status, 202);
    }
    const eur = uniqueOrderId("S");
    await postOrder(worker.url, order(eur, { currency: "EUR", click: { site_id: "SHADOW", landed_at: landed } }));
    await postOrder(worker.url, order(uniqueOrderId("S")));
    const shadowed = await eventually(async () => {
      const { body } = await admin(worker, "orders?state=shadowed");
      return body.orders.length === 4 && body.orders;
    });
    for (const o of shadowed) {
      assert.equal(o.deliveries[0].state, "shadowed");
      assert.equal(o.deliveries[0].attempts[0].verdict, "shadow");
      assert.match(o.deliveries[0].url, /^http:\/\/127\.0\.0\.1:\d+\/ep\?mid=12345&ord=/);
    }
    assert.equal(rakuten.postbacks.length, 0);
    const today = new Date().toISOString().slice(0, 10);
    const { status, body } = await admin(worker, `stats?from=${today}&to=${today}`);
    assert.equal(status, 200);
    assert.deepEqual(body.days, [{
      day: today, orders: 5, attributed: 4, unattributed: 1, sent: 0, accepted: 0, rejected: 0, pending: 0, dead: 0,
      shadowed: 4, withdrawn: 0, observed: 0,
      networks: { rakuten: { won: 4, sent: 0, accepted: 0, rejected: 0, pending: 0, dead: 0, observed: 0 } },
      amounts: { EUR: { orders: "10.00", accepted: "0.00" }, USD: { orders: "35.50", accepted: "0.00" } },
    }]);
  });
});

describe(`an unreachable endpoint (${toolchain})`, () => {
  let worker;
  before(async () => {
    const closedPort = await freePort();
    worker = await startWorker({
      ...TEST_SECRETS, RAKUTEN_ENDPOINT: `http://127.0.0.1:${closedPort}/ep`, RETRY_SCHEDULE: "1", RETRY_JITTER_PERCENT: "0",
    });
  });
  after(() => worker?.stop());

  it("treats connection refused as retryable, then dead-letters", async () => {
    const id = uniqueOrderId("CR");
    const r = await postOrder(worker.url, order(id, { click: { site_id: "NOWHERE", landed_at: nowIso(-60) } }));
    assert.equal(r.status, 202);
    const dead = await eventually(async () => record(worker, id, "dead"), { timeoutMs: 20_000 });
    assert.equal(dead.deliveries[0].attempts.length, 2);
    for (const a of dead.deliveries[0].attempts) {
      assert.equal(a.status, 0);
      assert.equal(a.verdict, "retry");
    }
  });
});
