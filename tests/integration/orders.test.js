import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, eventually, startWorker, toolchain } from "./harness.js";
import { cookieValue, mintAttributionCookie, nowIso, postOrder, rakutenTime, signedOrderRequest, uniqueOrderId } from "./helpers.js";
import { startOrigin, startRakuten } from "./standins.js";

const SITE_ID = "TnL5HPStwNw-yKbFu3Ca.Y_g/*Nf1Zmzaw";

function order(id, overrides = {}) {
  return {
    order_id: id,
    status: "paid",
    currency: "USD",
    created_at: nowIso(),
    items: [
      { sku: "TSHIRT-BLUE", name: "Blue T-shirt", quantity: 2, unit_price: "19.99" },
      { sku: "MUG/1", name: "Mug & Co", quantity: 1, unit_price: "7.5" },
    ],
    discount: "5.00",
    ...overrides,
  };
}

describe(`generic orders API and the postback (${toolchain})`, () => {
  let origin, rakuten, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    worker = await startWorker({
      ...TEST_SECRETS,
      ORIGIN: origin.url,
      RAKUTEN_ENDPOINT: rakuten.url,
      RETRY_SCHEDULE: "1,1",
      RETRY_JITTER_PERCENT: "0",
      MAX_BODY_BYTES: "4096",
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
  });

  async function land(siteId = SITE_ID) {
    const r = await fetch(`${worker.url}/?ranSiteID=${encodeURIComponent(siteId)}&ranMID=12345`);
    await r.text();
    return cookieValue(r.headers.getSetCookie(), "edgepost_click");
  }

  it("turns a signed order with the landing cookie into exactly one exact postback", async () => {
    const cookie = await land();
    const landedAt = Number(Buffer.from(cookie.split(".")[1], "base64url").toString().split("|")[1]);
    const id = uniqueOrderId("A");
    const body = order(id, { attribution: cookie });
    const r = await postOrder(worker.url, body);
    assert.equal(r.status, 202);
    assert.equal((await r.json()).status, "queued");
    const [postback] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    const expected =
      `/ep?mid=12345&ord=${id}&tr=${encodeURIComponent(SITE_ID)}` +
      `&land=${rakutenTime(new Date(landedAt * 1000))}&date=${rakutenTime(new Date(body.created_at))}&cur=USD` +
      `&skulist=TSHIRT-BLUE|MUG%2F1|DISCOUNT&qlist=2|1|0&amtlist=3998|750|-500` +
      `&namelist=Blue%20T-shirt|Mug%20%26%20Co|DISCOUNT&xml=1`;
    assert.equal(postback.raw, expected);
    assert.equal(postback.params.tr, SITE_ID);

    // The same order delivered again (new delivery id) does nothing new.
    const again = await postOrder(worker.url, body);
    assert.equal(again.status, 200);
    assert.equal((await again.json()).status, "duplicate");
    const retry = await postOrder(worker.url, body, { id: "same-delivery" });
    assert.equal(retry.status, 200);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(rakuten.forOrder(id).length, 1);
  });

  it("attributes through an explicit click (the trusted back-office path)", async () => {
    const id = uniqueOrderId("B");
    const landed = new Date(Date.now() - 3 * 86400_000);
    landed.setUTCSeconds(0, 0);
    const r = await postOrder(worker.url, order(id, {
      currency: "EUR",
      items: [{ sku: "SKU 1", name: "Crème brûlée", quantity: 3, unit_price: "0.335" }],
      discount: "0",
      click: { site_id: "CLICK-1", landed_at: landed.toISOString(), mid: "12345" },
    }));
    assert.equal(r.status, 202);
    const [p] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(p.params.tr, "CLICK-1");
    assert.equal(p.params.land, rakutenTime(landed));
    assert.equal(p.params.cur, "EUR");
    assert.match(p.raw, /&skulist=SKU%201&qlist=3&amtlist=101&namelist=Cr%C3%A8me%20br%C3%BBl%C3%A9e&xml=1$/);
  });

  it("verifies a cookie signed with the previous secret (rotation)", async () => {
    const id = uniqueOrderId("R");
    const cookie = mintAttributionCookie(
      { siteId: "ROTATED-1", landedAt: Math.floor(Date.now() / 1000) - 60 },
      TEST_SECRETS.COOKIE_SECRET_PREVIOUS,
    );
    const r = await postOrder(worker.url, order(id, { attribution: cookie }));
    assert.equal((await r.json()).status, "queued");
    const [p] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(p.params.tr, "ROTATED-1");
  });

  it("attributes nothing to a forged, expired or foreign-secret cookie", async () => {
    const now = Math.floor(Date.now() / 1000);
    const genuine = mintAttributionCookie({ siteId: "GENUINE", landedAt: now - 60 });
    const [v, payload, mac] = genuine.split(".");
    const forgedPayload = Buffer.from(`FORGED|${now - 60}||`).toString("base64url");
    const cookies = {
      forged: `${v}.${forgedPayload}.${mac}`,
      expired: mintAttributionCookie({ siteId: "OLD", landedAt: now - 31 * 86400 }),
      foreign: mintAttributionCookie({ siteId: "FOREIGN", landedAt: now - 60 }, "someone-elses-secret-value"),
      garbage: "not-a-token",
      truncated: `${v}.${payload}`,
    };
    const ids = [];
    for (const [kind, cookie] of Object.entries(cookies)) {
      const id = uniqueOrderId(`U-${kind}`);
      ids.push(id);
      const r = await postOrder(worker.url, order(id, { attribution: cookie }));
      assert.equal(r.status, 202, kind);
      assert.equal((await r.json()).status, "unattributed", kind);
    }
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of ids) assert.equal(rakuten.forOrder(id).length, 0, id);
  });

  it("refuses bad signatures, stale timestamps, malformed and oversized bodies, leaving no trace", async () => {
    const id = uniqueOrderId("X");
    const good = order(id, { attribution: await land() });
    const cases = [];

    const wrongSecret = signedOrderRequest(good, { secret: "whsec_" + Buffer.from("another secret key!").toString("base64") });
    cases.push(["foreign secret", wrongSecret, 401, "bad_signature"]);

    const tampered = signedOrderRequest(good);
    tampered.body = tampered.body.replace("19.99", "1.99");
    cases.push(["tampered body", tampered, 401, "bad_signature"]);

    const stale = signedOrderRequest(good, { at: new Date(Date.now() - 6 * 60_000) });
    cases.push(["stale timestamp", stale, 401, "stale_timestamp"]);

    const future = signedOrderRequest(good, { at: new Date(Date.now() + 6 * 60_000) });
    cases.push(["future timestamp", future, 401, "stale_timestamp"]);

    const unsigned = signedOrderRequest(good);
    delete unsigned.headers["webhook-signature"];
    cases.push(["unsigned", unsigned, 401, "missing_signature"]);

    cases.push(["not JSON", signedOrderRequest("{not json"), 400, "malformed_json"]);
    cases.push(["array", signedOrderRequest("[]"), 400, "malformed_json"]);
    const { currency, ...noCurrency } = good;
    cases.push(["missing currency", signedOrderRequest(noCurrency), 400, "missing_field"]);
    cases.push(["float price", signedOrderRequest(JSON.stringify(good).replace('"19.99"', "19.99")), 400, "invalid_field"]);
    cases.push(["long order id", signedOrderRequest({ ...good, order_id: "x".repeat(41) }), 400, "invalid_field"]);
    cases.push(["blank in order id", signedOrderRequest({ ...good, order_id: "A 1" }), 400, "invalid_field"]);
    cases.push(["bad status", signedOrderRequest({ ...good, status: "shipped" }), 400, "invalid_field"]);
    cases.push(["odd click id", signedOrderRequest({ ...good, attribution: undefined, click: { site_id: "a;b", landed_at: nowIso() } }), 400, "invalid_field"]);
    const huge = { ...good, items: Array.from({ length: 200 }, (_, i) => ({ sku: `S${i}`, name: "x".repeat(20), quantity: 1, unit_price: "1" })) };
    cases.push(["oversized", signedOrderRequest(huge), 413, "too_large"]);

    for (const [name, request, status, error] of cases) {
      const r = await fetch(`${worker.url}/_edgepost/orders`, request);
      assert.equal(r.status, status, name);
      const body = await r.json();
      assert.equal(body.error, error, name);
      assert.equal(typeof body.message, "string", name);
    }
    // No trace: the same order id is still new, and only its one valid delivery is sent.
    const r = await postOrder(worker.url, good);
    assert.equal(r.status, 202);
    assert.equal((await r.json()).status, "queued");
    await eventually(() => rakuten.forOrder(id).length === 1);
    assert.equal(rakuten.forOrder(id)[0].params.amtlist, "3998|750|-500");
  });

  it("keeps a keep-alive connection usable after answering 413 to an oversized body", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method, path, body) => new Promise((resolve, reject) => {
      const req = http.request(`${worker.url}${path}`, { method, agent, headers: body ? { "content-type": "application/json" } : {} }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode, text, reused: req.reusedSocket }));
      });
      req.on("error", reject);
      req.end(body);
    });
    const big = await send("POST", "/_edgepost/orders", JSON.stringify({ pad: "x".repeat(200_000) }));
    assert.equal(big.status, 413);
    assert.equal(JSON.parse(big.text).error, "too_large");
    const next = await send("GET", "/_edgepost/health");
    assert.equal(next.status, 200, next.text);
    assert.equal(JSON.parse(next.text).ok, true);
    agent.destroy();
  });

  it("retries a 5xx and stops once Rakuten accepts", async () => {
    const id = uniqueOrderId("F");
    let calls = 0;
    rakuten.respond((p) => (p.params.ord === id && ++calls === 1 ? { status: 503, body: "busy" } : null));
    const r = await postOrder(worker.url, order(id, { attribution: await land() }));
    assert.equal(r.status, 202);
    await eventually(() => rakuten.forOrder(id).length === 2, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(rakuten.forOrder(id).length, 2, "no attempt after the accepted one");
    rakuten.respond(null);
  });

  it("does not retry a permanent rejection", async () => {
    const id = uniqueOrderId("D");
    rakuten.respond((p) => (p.params.ord === id ? { status: 200, body: "<error>Access denied</error>" } : null));
    await postOrder(worker.url, order(id, { attribution: await land() }));
    await eventually(() => rakuten.forOrder(id).length === 1);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(rakuten.forOrder(id).length, 1);
    rakuten.respond(null);
  });

  it("sends a refund as a negative adjustment on the same ord, after the sale", async () => {
    const id = uniqueOrderId("Z");
    const sale = order(id, { attribution: await land() });
    await postOrder(worker.url, sale);
    await eventually(() => rakuten.forOrder(id).length === 1);
    const refund = {
      order_id: id, status: "refunded", currency: "USD", created_at: nowIso(), refund_id: "R-1",
      items: [{ sku: "TSHIRT-BLUE", name: "Blue T-shirt", quantity: 1, unit_price: "19.99" }],
    };
    const r = await postOrder(worker.url, refund);
    assert.equal(r.status, 202);
    await eventually(() => rakuten.forOrder(id).length === 2);
    const p = rakuten.forOrder(id)[1];
    assert.equal(p.params.skulist, "TSHIRT-BLUE");
    assert.equal(p.params.qlist, "1");
    assert.equal(p.params.amtlist, "-1999");
    assert.equal(p.params.tr, SITE_ID);
    const dup = await postOrder(worker.url, refund);
    assert.equal((await dup.json()).status, "duplicate");
    const unknown = await postOrder(worker.url, { ...refund, order_id: uniqueOrderId("none") });
    assert.equal(unknown.status, 409);
  });
});
