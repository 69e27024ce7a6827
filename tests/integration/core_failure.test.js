// A trap in the core (forced through the test-only EDGEPOST_TEST_TRAP hook of the shipped module)
// must never take a page down, must make a webhook's sender try again, and must leave the next
// request to a fresh, configured instance.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, eventually, startWorker, toolchain } from "./harness.js";
import { cookieValue, mintAttributionCookie, nowIso, postOrder, uniqueOrderId } from "./helpers.js";
import { startOrigin, startRakuten } from "./standins.js";

const TRAP = "trap-5e1f0c";

describe(`a core failure (${toolchain})`, () => {
  let origin, rakuten, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    worker = await startWorker({ ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, EDGEPOST_TEST_TRAP: TRAP });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
  });

  it("proxies the page undecorated when the core traps, logs it, and serves the next request from a fresh instance", async () => {
    const trapped = await fetch(`${worker.url}/shop?ranSiteID=TRAPPED&edgepost_test_trap=${TRAP}`);
    assert.equal(trapped.status, 200);
    assert.match(await trapped.text(), /origin page \/shop/);
    assert.equal(cookieValue(trapped.headers.getSetCookie(), "edgepost_click"), undefined);
    assert.equal(cookieValue(trapped.headers.getSetCookie(), "origin_session"), "s1");

    const next = await fetch(`${worker.url}/?ranSiteID=AFTER-TRAP`);
    await next.text();
    assert.ok(cookieValue(next.headers.getSetCookie(), "edgepost_click")?.startsWith("v1."), "the new instance is configured");
    await eventually(() => worker.log().includes('"edgepost":"core_failed"'));
  });

  it("answers a webhook 503 when the core traps, and takes the same order once it is sent again", async () => {
    const id = uniqueOrderId("TRAP");
    const body = {
      order_id: id, status: "paid", currency: "USD", created_at: nowIso(-60),
      items: [{ sku: "S", name: "Shirt", quantity: 1, unit_price: "20.00" }],
      attribution: mintAttributionCookie({ siteId: "TRAP-CLICK", landedAt: Math.floor(Date.now() / 1000) - 600 }),
    };
    const failed = await fetch(`${worker.url}/_edgepost/orders?edgepost_test_trap=${TRAP}`, { method: "POST", body: "{}" });
    assert.equal(failed.status, 503);
    assert.equal((await failed.json()).error, "core_failed");
    const stored = await postOrder(worker.url, body);
    assert.equal(stored.status, 202);
    const [p] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(p.params.tr, "TRAP-CLICK");
    assert.equal(rakuten.forOrder(id).length, 1);
  });

  it("names the test hook in health, so it is never left on unnoticed", async () => {
    const health = await (await fetch(`${worker.url}/_edgepost/admin/api/health`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json();
    assert.ok(health.warnings.some((w) => w.includes("EDGEPOST_TEST_TRAP")));
  });
});
