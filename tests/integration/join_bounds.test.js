// What join keys may store (README, "Security"): a provider's checkout identifier seen after
// JOIN_GRACE_SECONDS from its order takes no click (a stranger who learnt it later cannot claim the
// sale), and one click records at most 8 keys in a shard. Over raw HTTP against real workerd.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, eventually, root, startWorker, toolchain } from "./harness.js";
import { cookieValue, nowIso } from "./helpers.js";
import { startOrigin, startRakuten } from "./standins.js";

const WOO_SECRET = "woocommerce-webhook-secret";
const JOIN_PARAMS = ["k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"];

describe(`join key bounds (${toolchain})`, () => {
  let origin, rakuten, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    worker = await startWorker({
      ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
      JOIN_GRACE_SECONDS: "1", JOIN_PARAMS: JOIN_PARAMS.join(","),
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
  });

  async function land(siteId) {
    const r = await fetch(`${worker.url}/?ranSiteID=${siteId}&ranMID=12345`);
    await r.text();
    return cookieValue(r.headers.getSetCookie(), "edgepost_click");
  }
  async function listed(ord, state) {
    const r = await fetch(`${worker.url}/_edgepost/admin/api/orders?state=${state}`, {
      headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` },
    });
    return (await r.json()).orders.find((o) => o.order_id === ord);
  }
  const refusals = () => worker.log().split("\n").filter((line) => line.includes('"edgepost":"join_key_refused"'));

  it("takes no click at a WooCommerce order key seen after JOIN_GRACE_SECONDS from its order, and logs why", async () => {
    const number = String(40000 + Math.floor(Math.random() * 10000));
    const key = `wc_order_${randomBytes(8).toString("hex")}`;
    const order = JSON.parse(readFileSync(path.join(root, "tests/fixtures/woocommerce/order-updated-processing.json"), "utf8"));
    const now = nowIso().replace("Z", "");
    const payload = JSON.stringify({
      ...order, id: Number(number), number, order_key: key, status: "processing", refunds: [],
      date_created_gmt: now, date_paid_gmt: now, date_modified_gmt: now,
    });
    const r = await fetch(`${worker.url}/_edgepost/webhooks/woocommerce`, {
      method: "POST",
      headers: {
        "content-type": "application/json", "x-wc-webhook-topic": "order.created",
        "x-wc-webhook-signature": createHmac("sha256", WOO_SECRET).update(payload, "utf8").digest("base64"),
      },
      body: payload,
    });
    await r.text();
    const answered = Date.now();  // the order began waiting at its key before this answer
    assert.equal(r.status, 202, "stored, waiting for its click");
    // Past the grace (1 s), the order counts as unattributed; its key, seen now, comes too late.
    // Times are whole seconds: 2.1 s after the answer the key is seen at least 2 s after the order
    // began waiting, which is more than the grace however the seconds fall.
    await eventually(() => listed(number, "unattributed"));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, answered + 2100 - Date.now())));
    const cookie = await land("AFTER-THE-SALE");
    await (await fetch(`${worker.url}/checkout/order-received/${number}/?key=${key}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
    const [line] = await eventually(() => {
      const found = refusals().filter((l) => l.includes(key));
      return found.length && found;
    });
    assert.match(line, /seen after the sale, it takes no click/);
    assert.ok(await listed(number, "unattributed"), "the order stays unattributed");
    assert.equal(rakuten.forOrder(number).length, 0, "no postback");
  });

  it("records at most 8 join keys of one click in each shard", async () => {
    const cookie = await land("MANY-KEYS");
    const before = refusals().length;
    // 17 page views of 8 keys each: 136 keys over 16 shards, so at least one shard is asked for a
    // ninth key of this click (the pigeonhole), and at most 8 × 16 = 128 are taken.
    for (let view = 0; view < 17; view++) {
      const query = JOIN_PARAMS.map((p) => `${p}=${randomBytes(12).toString("hex")}`).join("&");
      await (await fetch(`${worker.url}/cart?${query}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
    }
    const refused = await eventually(() => {
      const n = refusals().length - before;
      return n >= 136 - 128 && n;
    });
    assert.ok(refusals().slice(before).every((l) => l.includes("as many join keys as one click may in a shard")));
    assert.ok(refused <= 136 - 8, `${refused} refused: the first 8 keys in every shard are taken`);
  });
});
