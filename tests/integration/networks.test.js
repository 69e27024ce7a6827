// Several networks, one winner per order (README, "Networks"), in real workerd: a shopper's clicks
// through Rakuten and CJ in either order, and an order whose winner is a network edgepost only
// observes. Cookies that carry earlier clicks are minted from the documented format with Node's
// crypto, so a click can be days old without waiting.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, eventually, startWorker, toolchain } from "./harness.js";
import { cookieValue, mintAttributionCookie, mintClickSetCookie, nowIso, postOrder, uniqueOrderId } from "./helpers.js";
import { startAwin, startCj, startImpact, startOrigin, startRakuten } from "./standins.js";

const DAY = 86400;

function order(id, overrides = {}) {
  return {
    order_id: id, status: "paid", currency: "USD", created_at: nowIso(),
    items: [{ sku: "SKU-1", name: "Thing", quantity: 1, unit_price: "25.00" }],
    ...overrides,
  };
}

describe(`several networks, one winner per order (${toolchain})`, () => {
  let origin, rakuten, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    worker = await startWorker({ ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1" });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
  });

  const admin = async (path) => {
    const r = await fetch(`${worker.url}/_edgepost/admin/api/${path}`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } });
    assert.equal(r.status, 200);
    return r.json();
  };
  const recordOf = async (id) => (await admin("orders")).orders.find((o) => o.order_id === id);
  const seconds = () => Math.floor(Date.now() / 1000);

  async function landWith(query, cookie) {
    const r = await fetch(`${worker.url}/?${query}`, { headers: cookie ? { cookie: `edgepost_click=${cookie}` } : {} });
    await r.text();
    return { cookie: cookieValue(r.headers.getSetCookie(), "edgepost_click"), setCookies: r.headers.getSetCookie() };
  }

  it("Rakuten on Monday, CJ on Wednesday: CJ won, so Rakuten is not told, and the record says why", async () => {
    const monday = mintAttributionCookie({ siteId: "RAK-MONDAY", landedAt: seconds() - 2 * DAY, mid: "12345" });
    const wednesday = await landWith("cjevent=0123456789abcdef0123456789abcdef", monday);
    assert.ok(wednesday.cookie.startsWith("v2."), wednesday.cookie);
    assert.ok(!wednesday.setCookies.some((c) => c.startsWith("rmStore=")), "a CJ landing sets no Rakuten cookie");
    const id = uniqueOrderId("CJWON");
    const r = await postOrder(worker.url, order(id, { attribution: wednesday.cookie }));
    assert.equal(r.status, 202);
    const record = await eventually(() => recordOf(id));
    assert.equal(record.attribution, "attributed");
    assert.equal(record.click.network, "cj");
    assert.deepEqual(record.clicks.map((c) => [c.click.network, c.outcome]), [["cj", "won"], ["rakuten", "later_click"]]);
    assert.deepEqual(record.deliveries, []);
    const observed = await admin("orders?state=observed");
    assert.ok(observed.orders.some((o) => o.order_id === id));
    const today = new Date().toISOString().slice(0, 10);
    const stats = await admin(`stats?from=${today}&to=${today}`);
    assert.ok(stats.days[0].observed >= 1);
    assert.ok(stats.days[0].networks.cj.won >= 1);
    assert.equal(stats.days[0].networks.cj.observed, stats.days[0].networks.cj.won);
    const csv = await (await fetch(`${worker.url}/_edgepost/admin/api/orders.csv?state=observed`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).text();
    assert.match(csv.split("\r\n")[0], /,network$/);
    assert.ok(csv.split("\r\n").some((line) => line.startsWith(`${id},`) && line.endsWith(",cj")), csv);
    assert.equal(rakuten.forOrder(id).length, 0, "no postback to Rakuten for a sale CJ won");
  });

  it("CJ on Monday, Rakuten on Wednesday: Rakuten won and gets exactly one postback, the CJ click named the loser", async () => {
    const monday = mintClickSetCookie([{ network: "cj", id: "feedfacefeedfacefeedfacefeedface", landedAt: seconds() - 2 * DAY }]);
    const wednesday = await landWith("ranSiteID=RAK-WEDNESDAY&ranMID=12345", monday);
    assert.ok(wednesday.setCookies.some((c) => c.startsWith("rmStore=")));
    const id = uniqueOrderId("RAKWON");
    assert.equal((await postOrder(worker.url, order(id, { attribution: wednesday.cookie }))).status, 202);
    const [postback] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(postback.params.tr, "RAK-WEDNESDAY");
    const record = await eventually(async () => {
      const o = await recordOf(id);
      return o?.deliveries[0]?.state === "accepted" && o;
    });
    assert.deepEqual(record.clicks.map((c) => [c.click.network, c.outcome]), [["rakuten", "won"], ["cj", "later_click"]]);
    assert.equal(record.deliveries[0].network, "rakuten");
    assert.equal(rakuten.forOrder(id).length, 1);
  });

  it("takes an explicit click of another network through the orders API, and sends nothing for it", async () => {
    const id = uniqueOrderId("IMPACT");
    const r = await postOrder(worker.url, order(id, { click: { network: "impact", click_id: "IR-CLICK-1", landed_at: nowIso(-600) } }));
    assert.equal(r.status, 202);
    const record = await eventually(() => recordOf(id));
    assert.equal(record.click.network, "impact");
    assert.deepEqual(record.deliveries, []);
    const unknown = await postOrder(worker.url, order(uniqueOrderId("X"), { click: { network: "nosuch", click_id: "A", landed_at: nowIso(-60) } }));
    assert.equal(unknown.status, 400);
    assert.equal((await unknown.json()).error, "invalid_field");
    assert.equal(rakuten.forOrder(id).length, 0);
  });

  it("records a landing of every network's parameter in one cookie", async () => {
    const landed = await landWith("irclickid=IR-1&cjevent=CJ1&awc=1_2_3&clickref=PZ-1&ranSiteID=RAK-1&ranMID=12345");
    assert.ok(landed.cookie.startsWith("v2."));
    const entries = Buffer.from(landed.cookie.split(".")[1], "base64url").toString().split("~").map((e) => e.split("|")[0]);
    assert.deepEqual(entries.sort(), ["awin", "cj", "impact", "partnerize", "rakuten"]);
  });
});

describe(`Awin through its Conversion API (${toolchain})`, () => {
  const AWIN = { advertiserId: "1001", apiKey: "awin-test-key-0123456789" };
  let origin, rakuten, awin, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    awin = await startAwin(AWIN);
    worker = await startWorker({
      ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1,1", RETRY_JITTER_PERCENT: "0",
      AWIN_ADVERTISER_ID: AWIN.advertiserId, AWIN_API_KEY: AWIN.apiKey, AWIN_API_BASE: awin.url,
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
    await awin?.close();
  });

  const admin = async (path, init = {}) => {
    const r = await fetch(`${worker.url}/_edgepost/admin/api/${path}`, { ...init, headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } });
    return r.json();
  };
  const recordOf = async (id) => (await admin("orders")).orders.find((o) => o.order_id === id);
  const seconds = () => Math.floor(Date.now() / 1000);

  it("health lists Awin as sending and the others as observed, without the key", async () => {
    const health = await (await fetch(`${worker.url}/_edgepost/admin/api/health`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json();
    assert.equal(health.networks.awin.state, "sending");
    assert.equal(health.networks.rakuten.state, "sending");
    assert.equal(health.networks.cj.state, "observing");
    assert.equal(JSON.stringify(health).includes(AWIN.apiKey), false);
  });

  it("an Awin landing, then an order: one order at Awin's API, checked as Awin documents it, none at Rakuten", async () => {
    const r = await fetch(`${worker.url}/products/1?awc=1001_1795510000_abcdef`);
    await r.text();
    const cookie = cookieValue(r.headers.getSetCookie(), "edgepost_click");
    const id = uniqueOrderId("AWIN");
    const body = order(id, { attribution: cookie, discount: "5.00", items: [{ sku: "S", name: "Thing", quantity: 2, unit_price: "19.99" }] });
    assert.equal((await postOrder(worker.url, body)).status, 202);
    const [sent] = await eventually(() => awin.forOrder(id).length && awin.forOrder(id));
    assert.deepEqual({ ...sent, request: undefined },
      { orderReference: id, amount: 34.98, channel: "aw", currency: "USD", awc: "1001_1795510000_abcdef", request: undefined });
    assert.equal(sent.request.headers["x-api-key"], AWIN.apiKey);
    const record = await eventually(async () => {
      const o = await recordOf(id);
      return o?.deliveries[0]?.state === "accepted" && o;
    });
    assert.equal(record.deliveries[0].network, "awin");
    assert.equal(record.deliveries[0].method, "POST");
    assert.equal(JSON.stringify(record).includes(AWIN.apiKey), false, "the key is never stored");
    assert.equal(rakuten.forOrder(id).length, 0);
    assert.equal(awin.forOrder(id).length, 1);
  });

  it("Rakuten on Monday, Awin today: only Awin is told", async () => {
    const monday = mintAttributionCookie({ siteId: "RAK-MON", landedAt: seconds() - 3 * DAY, mid: "12345" });
    const r = await fetch(`${worker.url}/?awc=1001_1_x`, { headers: { cookie: `edgepost_click=${monday}` } });
    await r.text();
    const cookie = cookieValue(r.headers.getSetCookie(), "edgepost_click");
    const id = uniqueOrderId("AWRAK");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie }))).status, 202);
    await eventually(() => awin.forOrder(id).length);
    const record = await eventually(async () => {
      const o = await recordOf(id);
      return o?.deliveries[0]?.state === "accepted" && o;
    });
    assert.deepEqual(record.clicks.map((c) => [c.click.network, c.outcome]), [["awin", "won"], ["rakuten", "later_click"]]);
    assert.equal(rakuten.forOrder(id).length, 0);
  });

  it("retries Awin when it fails, until it takes the order once", async () => {
    let failures = 1;
    awin.respond((entry) => (entry.body.includes("AWFAIL") && failures-- > 0 ? { status: 503 } : null));
    const cookie = mintClickSetCookie([{ network: "awin", id: "1001_2_y", landedAt: seconds() - 600 }]);
    const id = uniqueOrderId("AWFAIL");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie }))).status, 202);
    const record = await eventually(async () => {
      const o = await recordOf(id);
      return o?.deliveries[0]?.state === "accepted" && o;
    });
    assert.deepEqual(record.deliveries[0].attempts.map((a) => a.status), [503, 200]);
    assert.equal(awin.forOrder(id).length, 1);
    awin.respond(null);
  });

  it("records a refund of an Awin sale as not sent, and says why", async () => {
    const cookie = mintClickSetCookie([{ network: "awin", id: "1001_3_z", landedAt: seconds() - 600 }]);
    const id = uniqueOrderId("AWREF");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie }))).status, 202);
    await eventually(async () => (await recordOf(id))?.deliveries[0]?.state === "accepted");
    const refund = await postOrder(worker.url, order(id, { status: "refunded", refund_id: "R1", refund_amount: "25.00", items: undefined }));
    assert.equal(refund.status, 202);
    const record = await eventually(async () => {
      const o = await recordOf(id);
      return o?.deliveries.length === 2 && o;
    });
    const refundDelivery = record.deliveries.find((d) => d.id === "refund:R1");
    assert.equal(refundDelivery.state, "rejected");
    assert.match(refundDelivery.attempts[0].detail, /awin takes no refund/);
    assert.equal(awin.forOrder(id).length, 1);
  });
});

describe(`Impact through its Conversions API (${toolchain})`, () => {
  const IMPACT = { accountSid: "IRtestSID123", authToken: "impact-test-token-0123456789", campaignId: "30665", eventTypeId: "52916" };
  let origin, rakuten, impact, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    impact = await startImpact(IMPACT);
    worker = await startWorker({
      ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1,1", RETRY_JITTER_PERCENT: "0",
      IMPACT_ACCOUNT_SID: IMPACT.accountSid, IMPACT_AUTH_TOKEN: IMPACT.authToken, IMPACT_CAMPAIGN_ID: IMPACT.campaignId,
      IMPACT_EVENT_TYPE_ID: IMPACT.eventTypeId, IMPACT_API_BASE: impact.url,
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
    await impact?.close();
  });

  it("an Impact landing after a Rakuten one: one conversion at Impact, checked as Impact documents it, none at Rakuten", async () => {
    const monday = mintAttributionCookie({ siteId: "RAK-MON", landedAt: Math.floor(Date.now() / 1000) - 2 * DAY, mid: "12345" });
    const r = await fetch(`${worker.url}/?irclickid=Sg9Ry5XnQxyK`, { headers: { cookie: `edgepost_click=${monday}` } });
    await r.text();
    const cookie = cookieValue(r.headers.getSetCookie(), "edgepost_click");
    const id = uniqueOrderId("IMP");
    const createdAt = nowIso(-5);
    const body = order(id, { attribution: cookie, created_at: createdAt, items: [{ sku: "S-1", name: "Thing", quantity: 2, unit_price: "12.50" }] });
    assert.equal((await postOrder(worker.url, body)).status, 202);
    const [sent] = await eventually(() => impact.forOrder(id).length && impact.forOrder(id));
    assert.equal(sent.CampaignId, 30665);
    assert.equal(sent.EventTypeId, 52916);
    assert.equal(sent.ClickId, "Sg9Ry5XnQxyK");
    assert.equal(sent.CurrencyCode, "USD");
    assert.equal(Date.parse(sent.EventDate), Date.parse(createdAt));
    assert.deepEqual([sent.ItemSku1, sent.ItemQuantity1, sent.ItemPrice1], ["S-1", 2, 12.5]);
    const health = await (await fetch(`${worker.url}/_edgepost/admin/api/health`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json();
    assert.equal(health.networks.impact.state, "sending");
    assert.equal(JSON.stringify(health).includes(IMPACT.authToken), false);
    assert.equal(rakuten.forOrder(id).length, 0);
  });

  it("rejects an attempt whose token Impact refuses, for good and without retrying", async () => {
    impact.respond((entry) => (entry.body.includes("IMPDENY") ? { status: 403 } : null));
    const cookie = mintClickSetCookie([{ network: "impact", id: "IR-DENY", landedAt: Math.floor(Date.now() / 1000) - 600 }]);
    const id = uniqueOrderId("IMPDENY");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie }))).status, 202);
    const record = await eventually(async () => {
      const o = (await (await fetch(`${worker.url}/_edgepost/admin/api/orders`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json())
        .orders.find((x) => x.order_id === id);
      return o?.deliveries[0]?.state === "rejected" && o;
    });
    assert.deepEqual(record.deliveries[0].attempts.map((a) => a.status), [403]);
    assert.match(record.deliveries[0].attempts[0].detail, /refused the credentials/);
    impact.respond(null);
  });

  it("a cancellation reverses the action at Impact; a partial refund is recorded as not sent, with why", async () => {
    const cookie = mintClickSetCookie([{ network: "impact", id: "IR-REV", landedAt: Math.floor(Date.now() / 1000) - 600 }]);
    const id = uniqueOrderId("IMPREV");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie }))).status, 202);
    const recordOf = async () => (await (await fetch(`${worker.url}/_edgepost/admin/api/orders`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json())
      .orders.find((x) => x.order_id === id);
    await eventually(async () => (await recordOf())?.deliveries[0]?.state === "accepted");
    assert.equal((await postOrder(worker.url, order(id, { status: "refunded", refund_id: "R1", refund_amount: "5.00", items: undefined }))).status, 202);
    assert.equal((await postOrder(worker.url, order(id, { status: "cancelled", items: undefined }))).status, 202);
    const record = await eventually(async () => {
      const o = await recordOf();
      return o?.deliveries.find((d) => d.id === "cancel")?.state === "accepted" && o;
    });
    const partial = record.deliveries.find((d) => d.id === "refund:R1");
    assert.equal(partial.state, "rejected");
    assert.match(partial.attempts[0].detail, /edgepost sends Impact only whole reversals/);
    assert.deepEqual(impact.reversalsOf(id), [{ ActionTrackerId: IMPACT.eventTypeId, OrderId: id, DispositionCode: "REJECTED" }]);
    assert.equal(record.deliveries.find((d) => d.id === "cancel").method, "DELETE");
  });
});

describe(`CJ through its Tracking API (${toolchain})`, () => {
  const CJ = { enterpriseId: "1234567", actionTrackerId: "987654", token: "cj-test-personal-access-token-0123" };
  let origin, rakuten, cj, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    cj = await startCj(CJ);
    worker = await startWorker({
      ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1,1", RETRY_JITTER_PERCENT: "0",
      CJ_ENTERPRISE_ID: CJ.enterpriseId, CJ_ACTION_TRACKER_ID: CJ.actionTrackerId, CJ_API_TOKEN: CJ.token, CJ_API_BASE: cj.url,
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
    await cj?.close();
  });

  const recordOf = async (id) => {
    const r = await fetch(`${worker.url}/_edgepost/admin/api/orders`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } });
    return (await r.json()).orders.find((o) => o.order_id === id);
  };
  const settled = (id, count) => eventually(async () => {
    const o = await recordOf(id);
    return o?.deliveries.length === count && o.deliveries.every((d) => ["accepted", "rejected", "dead"].includes(d.state)) && o;
  });
  const seconds = () => Math.floor(Date.now() / 1000);

  it("Rakuten on Monday, CJ on Wednesday: one createOrders at CJ, checked against CJ's schema, none at Rakuten", async () => {
    const monday = mintAttributionCookie({ siteId: "RAK-MON", landedAt: seconds() - 2 * DAY, mid: "12345" });
    const r = await fetch(`${worker.url}/?cjevent=f5c7245cacf421yf81435f7f0b82c836`, { headers: { cookie: `edgepost_click=${monday}` } });
    await r.text();
    const cookie = cookieValue(r.headers.getSetCookie(), "edgepost_click");
    const id = uniqueOrderId("CJ");
    const body = order(id, { attribution: cookie, discount: "5.00", items: [{ sku: "S", name: "Thing", quantity: 2, unit_price: "19.99" }] });
    assert.equal((await postOrder(worker.url, body)).status, 202);
    const record = await settled(id, 1);
    assert.equal(record.deliveries[0].network, "cj");
    assert.equal(record.deliveries[0].state, "accepted");
    assert.match(record.deliveries[0].attempts[0].detail, /CJ accepted it for processing \(submission sub-/);
    const [sent] = cj.forOrder(id);
    assert.equal(sent.mutation, "createOrders");
    assert.deepEqual([sent.enterpriseId, sent.actionTrackerId, sent.cjEvent, sent.amount, sent.discount, sent.currency],
      [CJ.enterpriseId, 987654, "f5c7245cacf421yf81435f7f0b82c836", "34.98", "5.00", "USD"]);
    assert.deepEqual(sent.items, [{ sku: "S", unitPrice: "19.99", quantity: 2 }]);
    assert.equal(sent.request.headers.authorization, `Bearer ${CJ.token}`);
    assert.equal(cj.stateOf(id).state, "created");
    assert.deepEqual(record.clicks.map((c) => [c.click.network, c.outcome]), [["cj", "won"], ["rakuten", "later_click"]]);
    assert.equal(rakuten.forOrder(id).length, 0);
    assert.equal(JSON.stringify(record).includes(CJ.token), false, "the token is never stored");
    const health = await (await fetch(`${worker.url}/_edgepost/admin/api/health`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json();
    assert.equal(health.networks.cj.state, "sending");
    assert.equal(JSON.stringify(health).includes(CJ.token), false);
  });

  it("a partial refund restates the order at CJ with what remains, the refund of the rest declines it", async () => {
    const cookie = mintClickSetCookie([{ network: "cj", id: "cafebabecafebabecafebabecafebabe", landedAt: seconds() - 600 }]);
    const id = uniqueOrderId("CJREF");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie, items: [{ sku: "S", name: "T", quantity: 4, unit_price: "10.00" }] }))).status, 202);
    await settled(id, 1);
    const partial = await postOrder(worker.url, order(id, { status: "refunded", refund_id: "R1", refund_amount: "15.00", items: undefined }));
    assert.equal(partial.status, 202);
    await settled(id, 2);
    assert.equal(cj.stateOf(id).state, "restated");
    assert.deepEqual([cj.stateOf(id).order.amount, cj.stateOf(id).order.discount, cj.stateOf(id).order.correctionReason],
      ["25.00", "15.00", "ReturnedMerchandise"]);
    assert.deepEqual(cj.stateOf(id).order.items, [{ sku: "S", unitPrice: "10.00", quantity: 4 }], "a restatement keeps the lines");
    const rest = await postOrder(worker.url, order(id, { status: "refunded", refund_id: "R2", refund_amount: "25.00", items: undefined }));
    assert.equal(rest.status, 202);
    const record = await settled(id, 3);
    assert.deepEqual(record.deliveries.map((d) => [d.id, d.state]), [["sale", "accepted"], ["refund:R1", "accepted"], ["refund:R2", "accepted"]]);
    assert.equal(cj.stateOf(id).state, "declined");
    assert.deepEqual(cj.forOrder(id).map((c) => c.mutation), ["createOrders", "restateOrders", "cancelOrders"]);
  });

  it("an error CJ returns inside a 200 rejects the delivery with CJ's message, and nothing is retried", async () => {
    cj.respond((entry) => (entry.body.includes("CJERR") ? { status: 200, json: { data: { createOrders: { orders: null, errors: [{ message: "Invalid cjEvent", fields: ["cjEvent"] }] } } } } : null));
    const cookie = mintClickSetCookie([{ network: "cj", id: "0000000000000000000000000000beef", landedAt: seconds() - 600 }]);
    const id = uniqueOrderId("CJERR");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie }))).status, 202);
    const record = await settled(id, 1);
    assert.equal(record.deliveries[0].state, "rejected");
    assert.match(record.deliveries[0].attempts[0].detail, /CJ refused it: Invalid cjEvent \(fields: cjEvent\)/);
    assert.equal(record.deliveries[0].attempts.length, 1);
    cj.respond(null);
  });

  it("retries CJ when it fails, until it takes the order once", async () => {
    let failures = 1;
    cj.respond((entry) => (entry.body.includes("CJFAIL") && failures-- > 0 ? { status: 502 } : null));
    const cookie = mintClickSetCookie([{ network: "cj", id: "1111111111111111111111111111beef", landedAt: seconds() - 600 }]);
    const id = uniqueOrderId("CJFAIL");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie }))).status, 202);
    const record = await eventually(async () => {
      const o = await recordOf(id);
      return o?.deliveries[0]?.state === "accepted" && o;
    });
    assert.deepEqual(record.deliveries[0].attempts.map((a) => a.status), [502, 200]);
    assert.equal(cj.forOrder(id).length, 1);
    cj.respond(null);
  });
});

describe(`ATTRIBUTION_POLICY=per_network (${toolchain})`, () => {
  const AWIN = { advertiserId: "1001", apiKey: "awin-per-network-key-0123" };
  let origin, rakuten, awin, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    awin = await startAwin(AWIN);
    worker = await startWorker({
      ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1", ATTRIBUTION_POLICY: "per_network",
      AWIN_ADVERTISER_ID: AWIN.advertiserId, AWIN_API_KEY: AWIN.apiKey, AWIN_API_BASE: awin.url,
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
    await awin?.close();
  });

  it("tells each network edgepost sends to with a click in its window, once each, and not the observed one", async () => {
    const now = Math.floor(Date.now() / 1000);
    const cookie = mintClickSetCookie([
      { network: "rakuten", id: "RAK-PER", landedAt: now - 2 * DAY, mid: "12345" },
      { network: "awin", id: "1001_9_per", landedAt: now - 600 },
      { network: "cj", id: "CJPER", landedAt: now - 60 },
    ]);
    const id = uniqueOrderId("PER");
    assert.equal((await postOrder(worker.url, order(id, { attribution: cookie }))).status, 202);
    await eventually(() => rakuten.forOrder(id).length && awin.forOrder(id).length);
    const record = await eventually(async () => {
      const r = await fetch(`${worker.url}/_edgepost/admin/api/orders`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } });
      const o = (await r.json()).orders.find((x) => x.order_id === id);
      return o?.deliveries.length === 2 && o.deliveries.every((d) => d.state === "accepted") && o;
    });
    assert.deepEqual(record.deliveries.map((d) => [d.id, d.network]), [["sale", "awin"], ["sale@rakuten", "rakuten"]]);
    assert.deepEqual(record.clicks.map((c) => [c.click.network, c.outcome]), [["awin", "won"], ["cj", "not_configured"], ["rakuten", "won"]]);
    assert.equal(rakuten.forOrder(id).length, 1);
    assert.equal(awin.forOrder(id).length, 1);
  });
});
