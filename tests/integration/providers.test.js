// Stripe, Shopify, WooCommerce, Paddle, Square and Adyen end to end: real workerd, webhooks signed
// with Stripe's and Adyen's own SDKs (and with Node's crypto following the others' documented
// schemes, which their SDKs do not offer as signers), payloads built from the providers' samples in
// tests/fixtures.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import Stripe from "stripe";
import adyen from "@adyen/api-library";
import { TEST_SECRETS, eventually, root, startWorker, toolchain } from "./harness.js";
import { cookieValue, nowIso } from "./helpers.js";
import { listen, startOrigin, startRakuten } from "./standins.js";

const fixtures = path.resolve(root, "tests/fixtures");
const fixture = (name) => readFileSync(path.join(fixtures, name), "utf8");
const SECRETS = {
  STRIPE_WEBHOOK_SECRET: "whsec_test_stripe_secret_for_edgepost",
  STRIPE_API_KEY: "sk_test_edgepost_stand_in",
  SHOPIFY_WEBHOOK_SECRET: "shopify-app-secret-for-tests",
  WOOCOMMERCE_WEBHOOK_SECRET: "woocommerce-webhook-secret",
  PADDLE_WEBHOOK_SECRET: "pdl_ntfset_01hv7test_edgepost_secret",
  SQUARE_SIGNATURE_KEY: "sq0wss-edgepost-test-signature-key",
  SQUARE_ACCESS_TOKEN: "EAAAedgepost_stand_in",
  ADYEN_HMAC_KEY: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
};
const stripe = new Stripe("sk_test_unused");
const nowUnix = () => Math.floor(Date.now() / 1000);
let unique = 0;
const tag = (p) => `${p}${process.pid}${Date.now().toString(36)}${++unique}`;

// Stripe's API for line items and a charge's refunds, paginated two a page; a session in
// `unavailable` is answered 503 once; a request for a session in `held` waits until it is released.
async function startStripeApi() {
  const sessions = new Map();
  const charges = new Map();  // charge id → its refunds
  const unavailable = new Set();
  const held = new Map();  // session → the requests waiting, each a function that answers it
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://stripe");
    requests.push({ url: req.url, authorization: req.headers.authorization });
    const session = url.pathname.match(/^\/v1\/checkout\/sessions\/([^/]+)\//)?.[1];
    if (held.has(session)) return held.get(session).push(() => answer(req, res, url));
    answer(req, res, url);
  });
  function answer(req, res, url) {
    if (url.pathname === "/v1/refunds") {
      const refunds = charges.get(url.searchParams.get("charge"));
      if (req.headers.authorization !== `Bearer ${SECRETS.STRIPE_API_KEY}` || !refunds) {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { message: "No such charge" } }));
      }
      const after = url.searchParams.get("starting_after");
      const start = after ? refunds.findIndex((r) => r.id === after) + 1 : 0;
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: refunds.slice(start, start + 2), has_more: start + 2 < refunds.length, url: "/v1/refunds" }));
    }
    const m = url.pathname.match(/^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/);
    if (m && unavailable.delete(m[1])) {
      res.writeHead(503, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: { message: "Service unavailable" } }));
    }
    const items = m && sessions.get(m[1]);
    if (req.headers.authorization !== `Bearer ${SECRETS.STRIPE_API_KEY}` || !items) {
      res.writeHead(items === undefined ? 404 : 401, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: { message: "No such checkout session" } }));
    }
    const after = url.searchParams.get("starting_after");
    const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
    const page = items.slice(start, start + 2);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data: page, has_more: start + 2 < items.length, url: url.pathname }));
  }
  const release = (session) => {
    const waiting = held.get(session) ?? [];
    held.delete(session);
    for (const answerIt of waiting) answerIt();
  };
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`, sessions, charges, unavailable, held, release, requests,
    close: () => new Promise((r) => server.close(r)),
  };
}

// Square's Orders API, GET /v2/orders/<id>: the orders the test put there, with the bearer token.
async function startSquareApi() {
  const orders = new Map();
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url, authorization: req.headers.authorization });
    const id = decodeURIComponent(req.url.match(/^\/v2\/orders\/([^/?]+)$/)?.[1] ?? "");
    const order = orders.get(id);
    if (req.headers.authorization !== `Bearer ${SECRETS.SQUARE_ACCESS_TOKEN}` || !order) {
      res.writeHead(order ? 401 : 404, { "content-type": "application/json" });
      return res.end(JSON.stringify({ errors: [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND" }] }));
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ order }));
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, orders, requests, close: () => new Promise((r) => server.close(r)) };
}

function stripeLineItem(id, product, description, quantity, unitAmount) {
  const item = JSON.parse(fixture("stripe/checkout.session.line_items.json")).data[0];
  return {
    ...item, id, description, quantity,
    amount_subtotal: quantity * unitAmount, amount_total: quantity * unitAmount, amount_discount: 0,
    price: { ...item.price, product, unit_amount: unitAmount, unit_amount_decimal: String(unitAmount) },
  };
}

function checkoutCompleted({ session, paymentIntent, reference = "aff_click_7f3c2a", subtotal = 3000, discount = 300 }) {
  const event = JSON.parse(fixture("stripe/checkout.session.completed.json"));
  event.id = tag("evt_");
  event.created = nowUnix();
  Object.assign(event.data.object, {
    id: session, payment_intent: paymentIntent, client_reference_id: reference, created: nowUnix(),
    amount_subtotal: subtotal, amount_total: subtotal - discount,
    total_details: { amount_discount: discount, amount_shipping: 0, amount_tax: 0 },
  });
  return JSON.stringify(event);
}

function refundCreated({ paymentIntent, id, amount }) {
  const event = JSON.parse(fixture("stripe/refund.created.json"));
  event.id = tag("evt_");
  event.created = nowUnix();
  Object.assign(event.data.object, { id, payment_intent: paymentIntent, amount, created: nowUnix() });
  return JSON.stringify(event);
}

function chargeRefunded({ paymentIntent, refundId, amount }) {
  const event = JSON.parse(fixture("stripe/charge.refunded.json"));
  event.id = tag("evt_");
  const charge = event.data.object;
  charge.payment_intent = paymentIntent;
  charge.refunds.data[0] = { ...charge.refunds.data[0], id: refundId, payment_intent: paymentIntent, amount, created: nowUnix() };
  return JSON.stringify(event);
}

// A subscription's Checkout Session (mode subscription) and its first invoice's invoice.paid.
function subscriptionCompleted({ session, invoice, subscription, reference = "aff_click_7f3c2a", subtotal = 2000 }) {
  const event = JSON.parse(fixture("stripe/checkout.session.completed.subscription.json"));
  event.id = tag("evt_");
  event.created = nowUnix();
  Object.assign(event.data.object, {
    id: session, invoice, subscription, client_reference_id: reference, created: nowUnix(), amount_subtotal: subtotal, amount_total: subtotal,
  });
  return JSON.stringify(event);
}

function invoicePaid({ invoice, subscription, reason = "subscription_create", amount = 2000 }) {
  const event = JSON.parse(fixture("stripe/invoice.paid.json"));
  event.id = tag("evt_");
  event.created = nowUnix();
  const o = event.data.object;
  Object.assign(o, { id: invoice, billing_reason: reason, amount_paid: amount, amount_due: amount, subtotal: amount, total: amount, created: nowUnix() });
  o.parent.subscription_details.subscription = subscription;
  o.lines.data[0] = { ...o.lines.data[0], amount, subtotal: amount, invoice };
  return JSON.stringify(event);
}

describe(`payment providers (${toolchain})`, () => {
  let origin, rakuten, stripeApi, squareApi, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    stripeApi = await startStripeApi();
    squareApi = await startSquareApi();
    origin.route("/create-checkout-session", (req, res) => {
      res.writeHead(303, { location: `https://checkout.stripe.com/c/pay/${origin.nextSession}#fidkdWxOYHwnPyd1blpxYHZxWjA0` });
      res.end();
    });
    origin.route("/api/checkout", (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: origin.nextSession, url: `https://checkout.stripe.com/c/pay/${origin.nextSession}` }));
    });
    origin.route("/product", (req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><p>Shirt</p><a id="buy" href="https://buy.stripe.com/test_6oE5mW?prefilled_email=a%40b.c">Buy</a>
<a id="other" href="https://example.com/x">Other</a>
<form id="cart" action="/cart/add" method="post"><input name="id" value="1"></form>
<a id="paddle" href="#" class="paddle_button" data-items='[{"priceId":"pri_01","quantity":1}]'>Subscribe</a>
<a id="paddle-own" href="#" class="paddle_button" data-custom-data='{"plan":"pro"}'>Pro</a>`);
    });
    origin.route("/?wc-ajax=checkout", null);
    origin.route("/wc-checkout", (req, res) => {
      // WooCommerce's checkout AJAX answer; PHP's json_encode escapes slashes.
      res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
      res.end(`{"result":"success","redirect":"https:\\/\\/shop.example\\/checkout\\/order-received\\/${origin.wcOrder}\\/?key=${origin.wcKey}"}`);
    });
    origin.route("/wc-hook", (req, res, { body }) => {
      origin.forwarded = { headers: req.headers, body };
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"origin":"handled"}');
    });
    worker = await startWorker({
      ...TEST_SECRETS, ...SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, STRIPE_API_BASE: stripeApi.url, SQUARE_API_BASE: squareApi.url,
      JOIN_GRACE_SECONDS: "60", WOOCOMMERCE_FORWARD_TO: "/wc-hook", RETRY_SCHEDULE: "1,1,1", RETRY_JITTER_PERCENT: "0",
      RECURRING_SALES: "all",
    });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
    await stripeApi?.close();
    await squareApi?.close();
  });

  async function land(siteId) {
    const r = await fetch(`${worker.url}/?ranSiteID=${siteId}&ranMID=12345`);
    await r.text();
    return cookieValue(r.headers.getSetCookie(), "edgepost_click");
  }

  function postStripe(payload, { secret = SECRETS.STRIPE_WEBHOOK_SECRET, timestamp } = {}) {
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
    return fetch(`${worker.url}/_edgepost/webhooks/stripe`, {
      method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload,
    });
  }

  function postShopify(topic, payload, secret = SECRETS.SHOPIFY_WEBHOOK_SECRET) {
    const hmac = createHmac("sha256", secret).update(payload, "utf8").digest("base64");
    return fetch(`${worker.url}/_edgepost/webhooks/shopify`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-topic": topic, "x-shopify-hmac-sha256": hmac,
        "x-shopify-webhook-id": tag("wh") },
      body: payload,
    });
  }

  async function admin(path, init = {}) {
    const r = await fetch(`${worker.url}/_edgepost/admin/api/${path}`, {
      ...init, headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` },
    });
    return { status: r.status, body: await r.json() };
  }

  async function listed(ord, state) {
    return (await admin(`orders?state=${state}`)).body.orders.find((o) => o.order_id === ord);
  }

  // The admin routes reach a provider's order by the ord a merchant sees: listed under its state,
  // and re-queued by it. Rakuten rejects the order's first postback; the retry is accepted.
  async function rejectThenRetryByOrd(ord, key, send) {
    let reject = true;
    rakuten.respond((p) => (p.params.ord === ord && reject ? { body: "<error>Access denied</error>" } : null));
    try {
      await send();
      const rejected = await eventually(() => listed(ord, "rejected"));
      assert.equal(rejected.order_key, key, "listed with its order key");
      reject = false;
      const retry = await admin(`orders/${encodeURIComponent(ord)}/retry`, { method: "POST" });
      assert.equal(retry.status, 202);
      assert.equal(retry.body.status, "requeued");
      await eventually(() => listed(ord, "accepted"));
      assert.equal(rakuten.forOrder(ord).length, 2, "the rejected attempt and the retried one");
    } finally {
      rakuten.respond(null);
    }
  }

  function postWoo(topic, payload, secret = SECRETS.WOOCOMMERCE_WEBHOOK_SECRET) {
    const signature = createHmac("sha256", secret).update(payload, "utf8").digest("base64");
    return fetch(`${worker.url}/_edgepost/webhooks/woocommerce`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-wc-webhook-topic": topic, "x-wc-webhook-signature": signature },
      body: payload,
    });
  }

  describe("Stripe", () => {
    it("joins through the redirect to Checkout, fetches line items page by page, sends one postback", async () => {
      const session = tag("cs_test_a1");
      const pi = tag("pi_");
      stripeApi.sessions.set(session, [
        stripeLineItem("li_1", "prod_SHIRT", "Shirt", 2, 1250),
        stripeLineItem("li_2", "prod_MUG", "Mug & Co", 1, 800),
        stripeLineItem("li_3", "prod_CAP", "Cap", 1, 200),
      ]);
      const cookie = await land("STRIPE-REDIRECT");
      origin.nextSession = session;
      const r = await fetch(`${worker.url}/create-checkout-session`, {
        method: "POST", redirect: "manual", headers: { cookie: `edgepost_click=${cookie}` },
      });
      assert.equal(r.status, 303);
      assert.match(r.headers.get("location"), new RegExp(`^https://checkout.stripe.com/c/pay/${session}#`));
      await new Promise((r) => setTimeout(r, 300)); // the join is recorded after the response

      const answer = await postStripe(checkoutCompleted({ session, paymentIntent: pi, subtotal: 4500, discount: 500 }));
      assert.equal(answer.status, 202);
      assert.equal((await answer.json()).status, "queued");
      const [p] = await eventually(() => rakuten.forOrder(pi).length && rakuten.forOrder(pi));
      assert.equal(p.params.tr, "STRIPE-REDIRECT");
      assert.equal(p.params.cur, "USD");
      assert.match(p.raw, /&skulist=prod_SHIRT\|prod_MUG\|prod_CAP\|DISCOUNT&qlist=2\|1\|1\|0&amtlist=2500\|800\|200\|-500&namelist=Shirt\|Mug%20%26%20Co\|Cap\|DISCOUNT&xml=1$/);
      const pages = stripeApi.requests.filter((q) => q.url.includes(session));
      assert.equal(pages.length, 2, "two pages of line items");
      assert.match(pages[1].url, /starting_after=li_2/);
    });

    it("holds a webhook that arrives before the join, then joins through a JSON answer", async () => {
      const session = tag("cs_test_b2");
      const pi = tag("pi_");
      stripeApi.sessions.set(session, [stripeLineItem("li_9", "prod_X", "X", 1, 1000)]);
      const answer = await postStripe(checkoutCompleted({ session, paymentIntent: pi, subtotal: 1000, discount: 0 }));
      assert.equal((await answer.json()).status, "waiting_for_click");
      const cookie = await land("STRIPE-JSON");
      origin.nextSession = session;
      const r = await fetch(`${worker.url}/api/checkout`, { method: "POST", headers: { cookie: `edgepost_click=${cookie}` } });
      assert.equal((await r.json()).id, session, "the JSON answer reaches the browser unchanged");
      const [p] = await eventually(() => rakuten.forOrder(pi).length && rakuten.forOrder(pi));
      assert.equal(p.params.tr, "STRIPE-JSON");
      assert.equal(p.params.amtlist, "1000");
    });

    it("sends a subscription's first sale once, named by its invoice, whichever of the session and invoice.paid comes first", async () => {
      for (const invoiceFirst of [true, false]) {
        const session = tag("cs_test_sub");
        const invoice = tag("in_");
        const subscription = tag("sub_");
        stripeApi.sessions.set(session, [stripeLineItem("li_s", "prod_PRO", "Pro plan", 1, 2000)]);
        const cookie = await land(invoiceFirst ? "SUB-INVOICE-FIRST" : "SUB-SESSION-FIRST");
        origin.nextSession = session;
        await (await fetch(`${worker.url}/create-checkout-session`, { method: "POST", redirect: "manual", headers: { cookie: `edgepost_click=${cookie}` } })).text();
        await new Promise((r) => setTimeout(r, 300)); // the join is recorded after the response
        const tellings = [() => postStripe(invoicePaid({ invoice, subscription })), () => postStripe(subscriptionCompleted({ session, invoice, subscription }))];
        if (!invoiceFirst) tellings.reverse();
        for (const tell of tellings) {
          const r = await tell();
          assert.ok([200, 202].includes(r.status), `${r.status}`);
          await r.text();
        }
        const [p] = await eventually(() => rakuten.forOrder(invoice).length && rakuten.forOrder(invoice));
        assert.equal(p.params.tr, invoiceFirst ? "SUB-INVOICE-FIRST" : "SUB-SESSION-FIRST");
        assert.equal(p.params.cur, "USD");
        assert.equal(p.params.amtlist, "2000");
        // Told twice more (Stripe repeats events): still one sale, one postback.
        await (await postStripe(invoicePaid({ invoice, subscription }))).text();
        await (await postStripe(subscriptionCompleted({ session, invoice, subscription }))).text();
        await new Promise((r) => setTimeout(r, 800));
        assert.equal(rakuten.forOrder(invoice).length, 1, "one postback for the sale");
      }
    });

    it("sends each renewal (RECURRING_SALES=all) under its own invoice id, credited to the subscription's click, and their refunds once", async () => {
      const session = tag("cs_test_ren");
      const first = tag("in_");
      const subscription = tag("sub_");
      stripeApi.sessions.set(session, [stripeLineItem("li_r", "prod_PRO", "Pro plan", 1, 2000)]);
      const cookie = await land("SUB-RENEWALS");
      origin.nextSession = session;
      await (await fetch(`${worker.url}/create-checkout-session`, { method: "POST", redirect: "manual", headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      await (await postStripe(subscriptionCompleted({ session, invoice: first, subscription }))).text();
      await eventually(() => rakuten.forOrder(first).length);
      await new Promise((r) => setTimeout(r, 300)); // the subscription's click is recorded after the sale's step
      let renewal;
      for (const month of [1, 2]) {
        renewal = tag("in_");
        const r = await postStripe(invoicePaid({ invoice: renewal, subscription, reason: "subscription_cycle", amount: 2000 }));
        assert.equal(r.status, 202, `renewal ${month}`);
        await r.text();
        const [p] = await eventually(() => rakuten.forOrder(renewal).length && rakuten.forOrder(renewal));
        assert.equal(p.params.tr, "SUB-RENEWALS");
        assert.equal(p.params.amtlist, "2000");
      }
      assert.equal(rakuten.forOrder(first).length, 1, "the first sale once");
      // The first invoice refunded (charge.refunded whose charge names the invoice): its adjustment.
      const refund = JSON.parse(chargeRefunded({ paymentIntent: tag("pi_"), refundId: tag("re_"), amount: 2000 }));
      refund.data.object.invoice = first;
      const r = await postStripe(JSON.stringify(refund));
      assert.equal(r.status, 202);
      await r.text();
      const [, adjustment] = await eventually(() => rakuten.forOrder(first).length === 2 && rakuten.forOrder(first));
      assert.equal(adjustment.params.amtlist, "-2000");
      assert.equal(adjustment.params.tr, "SUB-RENEWALS");
      // The last renewal partly refunded through a credit note that paid out a refund; the same
      // refund told again by charge.refunded is that adjustment, not a second one.
      const refundId = tag("re_");
      const note = JSON.parse(fixture("stripe/credit_note.created.json"));
      note.id = tag("evt_");
      Object.assign(note.data.object, { id: tag("cn_"), invoice: renewal, subtotal: 1500, subtotal_excluding_tax: 1500, amount: 1500, total: 1500,
        refunds: [{ amount_refunded: 1500, refund: refundId, payment_record_refund: null, type: "refund" }], created: nowUnix() });
      const credited = await postStripe(JSON.stringify(note));
      assert.equal(credited.status, 202);
      await credited.text();
      const [, credit] = await eventually(() => rakuten.forOrder(renewal).length === 2 && rakuten.forOrder(renewal));
      assert.equal(credit.params.amtlist, "-1500");
      const told = JSON.parse(chargeRefunded({ paymentIntent: tag("pi_"), refundId, amount: 1500 }));
      told.data.object.invoice = renewal;
      const again = await postStripe(JSON.stringify(told));
      assert.equal(again.status, 200);
      assert.equal((await again.json()).status, "duplicate");
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(rakuten.forOrder(renewal).length, 2, "the renewal's sale and its one refund");
      // Since API version 2025-03-31 a refund names only the PaymentIntent: invoice_payment.paid
      // said which invoice it paid, so refund.created reaches the renewal's sale.
      const intent = tag("pi_");
      const link = JSON.parse(fixture("stripe/invoice_payment.paid.json"));
      link.id = tag("evt_");
      Object.assign(link.data.object, { id: tag("inpay_"), invoice: renewal, created: nowUnix() });
      link.data.object.payment.payment_intent = intent;
      const linked = await postStripe(JSON.stringify(link));
      assert.equal(linked.status, 202);
      await linked.text();
      const byIntent = await postStripe(refundCreated({ paymentIntent: intent, id: tag("re_"), amount: 300 }));
      assert.equal(byIntent.status, 202);
      await byIntent.text();
      const [, , third] = await eventually(() => rakuten.forOrder(renewal).length === 3 && rakuten.forOrder(renewal));
      assert.equal(third.params.amtlist, "-300");
      assert.equal(third.params.ord, renewal);
    });

    it("does not send a $0 invoice or an upgrade's proration, and says why", async () => {
      const subscription = tag("sub_");
      for (const [invoice, reason, amount, says] of [
        [tag("in_"), "subscription_cycle", 0, /\$0 invoice/],
        [tag("in_"), "subscription_update", 500, /upgrades, prorations/],
      ]) {
        const r = await postStripe(invoicePaid({ invoice, subscription, reason, amount }));
        const body = await r.json();
        assert.equal(r.status, 200);
        assert.equal(body.status, "ignored");
        assert.match(body.message, says);
        assert.equal((await admin(`orders?state=unattributed,pending,accepted,waiting_for_click`)).body.orders.some((o) => o.order_id === invoice), false);
      }
    });

    it("answers the webhook before reading the line items from Stripe's API", async () => {
      const session = tag("cs_test_h6");
      const pi = tag("pi_");
      stripeApi.sessions.set(session, [stripeLineItem("li_h1", "prod_H1", "H1", 1, 400), stripeLineItem("li_h2", "prod_H2", "H2", 1, 600)]);
      stripeApi.held.set(session, []);
      const cookie = await land("STRIPE-HELD");
      await (await fetch(`${worker.url}/success?session_id=${session}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      // The API stand-in answers nothing until released, so a 202 here was sent before any page was read.
      const answer = await postStripe(checkoutCompleted({ session, paymentIntent: pi, subtotal: 1000, discount: 0 }));
      assert.equal(answer.status, 202);
      assert.equal((await answer.json()).message, "the order met its click through a join key; its postback is queued once its line items are read");
      await eventually(() => stripeApi.held.get(session)?.length === 1);
      assert.equal(rakuten.forOrder(pi).length, 0, "no postback before the lines are known");
      stripeApi.release(session);
      const [p] = await eventually(() => rakuten.forOrder(pi).length && rakuten.forOrder(pi));
      assert.equal(p.params.skulist, "prod_H1|prod_H2");
      assert.equal(p.params.amtlist, "400|600");
    });

    it("reads the line items again on the order's schedule when Stripe's API fails, then sends every line", async () => {
      const session = tag("cs_test_u5");
      const pi = tag("pi_");
      stripeApi.sessions.set(session, [stripeLineItem("li_u1", "prod_U1", "U1", 1, 700), stripeLineItem("li_u2", "prod_U2", "U2", 2, 150)]);
      stripeApi.unavailable.add(session);
      const cookie = await land("STRIPE-UNAVAILABLE");
      await (await fetch(`${worker.url}/success?session_id=${session}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      const first = await postStripe(checkoutCompleted({ session, paymentIntent: pi, subtotal: 1000, discount: 0 }));
      assert.equal(first.status, 202, "stored at once: Stripe is not asked to send the event again");
      // The first read gets a 503; the order's alarm reads again a second later (RETRY_SCHEDULE 1,1,1).
      const [p] = await eventually(() => rakuten.forOrder(pi).length && rakuten.forOrder(pi));
      assert.equal(p.params.skulist, "prod_U1|prod_U2");
      assert.equal(p.params.amtlist, "700|300");
      const reads = stripeApi.requests.filter((q) => q.url.includes(session));
      assert.equal(reads.length, 2, "one failed read, one that succeeded");
    });

    it("lists a rejected Stripe order and re-queues it by its ord", async () => {
      const session = tag("cs_test_r4");
      const pi = tag("pi_");
      stripeApi.sessions.set(session, [stripeLineItem("li_r", "prod_R", "R", 1, 1000)]);
      const cookie = await land("STRIPE-RETRY");
      await (await fetch(`${worker.url}/success?session_id=${session}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      await rejectThenRetryByOrd(pi, pi, () => postStripe(checkoutCompleted({ session, paymentIntent: pi, subtotal: 1000, discount: 0 })));
    });

    it("joins through ?session_id= on the success page, and sends one line when the API does not know the session", async () => {
      const session = tag("cs_test_c3");
      const pi = tag("pi_");
      const cookie = await land("STRIPE-SUCCESS");
      const page = await fetch(`${worker.url}/success?session_id=${session}`, { headers: { cookie: `edgepost_click=${cookie}` } });
      await page.text();
      await new Promise((r) => setTimeout(r, 300));
      // No line items known to the API stand-in: it answers 404, and the order goes as one line.
      await postStripe(checkoutCompleted({ session, paymentIntent: pi, subtotal: 3000, discount: 300 }));
      const [p] = await eventually(() => rakuten.forOrder(pi).length && rakuten.forOrder(pi));
      assert.equal(p.params.tr, "STRIPE-SUCCESS");
      assert.equal(p.params.skulist, "ORDER|DISCOUNT");
      assert.equal(p.params.amtlist, "3000|-300");
    });

    it("tags Payment Links with the signed click, which the webhook brings back", async () => {
      const cookie = await land("STRIPE-LINK");
      const html = await (await fetch(`${worker.url}/product`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      const href = html.match(/id="buy" href="([^"]+)"/)[1].replace(/&amp;/g, "&");
      const reference = new URL(href).searchParams.get("client_reference_id");
      assert.match(reference, /^ep1_[A-Za-z0-9_-]+$/);
      assert.ok(reference.length <= 200);
      assert.equal(new URL(href).searchParams.get("prefilled_email"), "a@b.c", "the link's own parameters are kept");
      assert.match(html, /id="other" href="https:\/\/example.com\/x"/, "other links are untouched");
      const plain = await (await fetch(`${worker.url}/product`)).text();
      assert.match(plain, /href="https:\/\/buy.stripe.com\/test_6oE5mW\?prefilled_email=a%40b.c"/, "no click, no tag");

      const session = tag("cs_test_d4");
      const pi = tag("pi_");
      stripeApi.sessions.set(session, [stripeLineItem("li_5", "prod_LINK", "Linked", 1, 4200)]);
      const linked = await postStripe(checkoutCompleted({ session, paymentIntent: pi, reference, subtotal: 4200, discount: 0 }));
      assert.deepEqual([linked.status, (await linked.json()).status], [202, "queued"], reference);
      const [p] = await eventually(() => rakuten.forOrder(pi).length && rakuten.forOrder(pi));
      assert.equal(p.params.tr, "STRIPE-LINK");
      // A forged reference attributes nothing.
      const forged = reference.slice(0, -3) + (reference.endsWith("AAA") ? "BBB" : "AAA");
      const pi2 = tag("pi_");
      const r = await postStripe(checkoutCompleted({ session: tag("cs_test_e5"), paymentIntent: pi2, reference: forged }));
      assert.equal((await r.json()).status, "waiting_for_click");
    });

    it("sends refunds as adjustments on the PaymentIntent, each refund once", async () => {
      const session = tag("cs_test_f6");
      const pi = tag("pi_");
      stripeApi.sessions.set(session, [stripeLineItem("li_7", "prod_A", "A", 1, 2000), stripeLineItem("li_8", "prod_B", "B", 1, 1000)]);
      await postStripe(checkoutCompleted({ session, paymentIntent: pi, subtotal: 3000, discount: 0, reference: (await land("STRIPE-REFUND")) && "x" }));
      // attribute through the success page join, as a shopper would
      const cookie = await land("STRIPE-REFUND");
      await (await fetch(`${worker.url}/success?session_id=${session}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await eventually(() => rakuten.forOrder(pi).length === 1);

      const partial = tag("re_");
      assert.equal((await postStripe(refundCreated({ paymentIntent: pi, id: partial, amount: 500 }))).status, 202);
      await eventually(() => rakuten.forOrder(pi).length === 2);
      const p = rakuten.forOrder(pi)[1];
      assert.equal(p.params.skulist, "REFUND");
      assert.equal(p.params.amtlist, "-500");
      assert.equal(p.params.qlist, "1");

      // The same refund again through charge.refunded: a duplicate, nothing sent.
      const dup = await postStripe(chargeRefunded({ paymentIntent: pi, refundId: partial, amount: 500 }));
      assert.equal((await dup.json()).status, "duplicate");

      const rest = tag("re_");
      await postStripe(refundCreated({ paymentIntent: pi, id: rest, amount: 3000 }));
      await eventually(() => rakuten.forOrder(pi).length === 3);
      const full = rakuten.forOrder(pi)[2];
      assert.equal(full.params.skulist, "prod_A|prod_B", "a refund of the whole order reverses every line");
      assert.equal(full.params.amtlist, "-2000|-1000");
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(rakuten.forOrder(pi).length, 3);
    });

    it("lists a charge's refunds through the API when charge.refunded leaves them out, each refund once", async () => {
      const session = tag("cs_test_r8");
      const pi = tag("pi_");
      stripeApi.sessions.set(session, [stripeLineItem("li_r1", "prod_R", "R", 1, 4000)]);
      await postStripe(checkoutCompleted({ session, paymentIntent: pi, subtotal: 4000, discount: 0, reference: "x" }));
      const cookie = await land("STRIPE-CHARGE-REFUNDED");
      await (await fetch(`${worker.url}/success?session_id=${session}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await eventually(() => rakuten.forOrder(pi).length === 1);

      const charge = tag("ch_");
      const refund = (id, amount, status = "succeeded") => ({ ...JSON.parse(chargeRefunded({ paymentIntent: pi, refundId: id, amount })).data.object.refunds.data[0], status });
      const first = tag("re_"), second = tag("re_"), third = tag("re_");
      stripeApi.charges.set(charge, [refund(first, 500), refund(second, 700), refund(third, 100, "pending")]);
      const event = JSON.parse(chargeRefunded({ paymentIntent: pi, refundId: first, amount: 500 }));
      event.data.object.id = charge;
      delete event.data.object.refunds;  // what current API versions send
      const r = await postStripe(JSON.stringify(event));
      assert.equal(r.status, 202);
      await eventually(() => rakuten.forOrder(pi).length === 3);
      const amounts = rakuten.forOrder(pi).slice(1).map((p) => p.params.amtlist).sort();
      assert.deepEqual(amounts, ["-500", "-700"]);
      assert.equal(stripeApi.requests.filter((q) => q.url.includes(`charge=${charge}`)).length, 2, "two pages");

      // The same event again (Stripe retries): both refunds are duplicates, nothing more is sent.
      const again = await postStripe(JSON.stringify({ ...event, id: tag("evt_") }));
      assert.equal(again.status, 200);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(rakuten.forOrder(pi).length, 3);
    });

    it("refuses a bad or stale signature and ignores events it does not use", async () => {
      const payload = checkoutCompleted({ session: tag("cs_test_g7"), paymentIntent: tag("pi_") });
      assert.equal((await postStripe(payload, { secret: "whsec_wrong" })).status, 401);
      const stale = await postStripe(payload, { timestamp: nowUnix() - 400 });
      assert.equal(stale.status, 401);
      assert.equal((await stale.json()).error, "stale_timestamp");
      const other = JSON.parse(payload);
      other.type = "customer.created";
      const ignored = await postStripe(JSON.stringify(other));
      assert.equal(ignored.status, 200);
      assert.equal((await ignored.json()).status, "ignored");
      const unpaid = JSON.parse(payload);
      unpaid.data.object.payment_status = "unpaid";
      assert.equal((await (await postStripe(JSON.stringify(unpaid))).json()).status, "ignored");
    });
  });

  describe("Shopify", () => {
    function shopifyOrder({ id, name, cartToken = null, notes = [], landingSite = null }) {
      const order = JSON.parse(fixture("shopify/order-with-attribution-fields.json"));
      Object.assign(order, {
        name, financial_status: "paid", created_at: nowIso(), cart_token: cartToken, note_attributes: notes,
        landing_site: landingSite, total_discounts: "10.00",
      });
      order.line_items = order.line_items.slice(0, 2);
      // The id is spliced in as text: it exceeds 2^53, which JSON.stringify would round.
      return JSON.stringify({ ...order, id: 0 }).replace('"id":0', `"id":${id}`);
    }

    it("joins through the cart token seen in traffic; ids above 2^53 stay exact through refunds", async () => {
      const cart = tag("c1-");
      const cookie = await land("SHOPIFY-CART");
      await (await fetch(`${worker.url}/cart`, { headers: { cookie: `edgepost_click=${cookie}; cart=${cart}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      const id = String(2n ** 53n + BigInt(++unique)); // above 2^53: a double would round it
      const name = `#${tag("")}`.slice(0, 20);
      const ord = name.slice(1);
      const r = await postShopify("orders/paid", shopifyOrder({ id, name, cartToken: cart }));
      assert.equal(r.status, 202);
      const [p] = await eventually(() => rakuten.forOrder(ord).length && rakuten.forOrder(ord));
      assert.equal(p.params.tr, "SHOPIFY-CART");
      assert.match(p.raw, /&skulist=IPOD2008GREEN\|IPOD2008RED\|DISCOUNT&qlist=1\|1\|0&amtlist=19900\|19900\|-1000&/);

      const refund = JSON.parse(fixture("shopify/refunds-create.json"));
      refund.created_at = nowIso();
      refund.refund_line_items = refund.refund_line_items.filter((l) => l.line_item.sku === "IPOD2008GREEN");
      const refundBody = JSON.stringify({ ...refund, order_id: 0 }).replace('"order_id":0', `"order_id":${id}`);
      assert.equal((await postShopify("refunds/create", refundBody)).status, 202);
      await eventually(() => rakuten.forOrder(ord).length === 2);
      const adj = rakuten.forOrder(ord)[1];
      assert.equal(adj.params.skulist, "IPOD2008GREEN");
      assert.equal(adj.params.amtlist, "-19567", "the refunded subtotal, from subtotal_set (a string)");
      assert.equal((await (await postShopify("refunds/create", refundBody)).json()).status, "duplicate");

      // orders/cancelled reverses the whole order, discount included, on the same ord.
      const cancelled = JSON.parse(shopifyOrder({ id: "0", name, cartToken: cart }).replace('"id":0', '"id":1'));
      cancelled.cancelled_at = nowIso();
      const cancelBody = JSON.stringify({ ...cancelled, id: 0 }).replace('"id":0', `"id":${id}`);
      assert.equal((await postShopify("orders/cancelled", cancelBody)).status, 202);
      await eventually(() => rakuten.forOrder(ord).length === 3);
      const reversal = rakuten.forOrder(ord)[2];
      assert.match(reversal.raw, /&skulist=IPOD2008GREEN\|IPOD2008RED\|DISCOUNT&qlist=1\|1\|0&amtlist=-19900\|-19900\|1000&/);
    });

    // The waiting entry once named the order's name, not its key, so the click never reached it.
    it("sends an order that arrives before its cart token is seen, once the click shows up", async () => {
      const cart = tag("c2-");
      const id = String(2n ** 53n + 3000n + BigInt(++unique));
      const name = `#${tag("W")}`.slice(0, 20);
      const ord = name.slice(1);
      const r = await postShopify("orders/paid", shopifyOrder({ id, name, cartToken: cart }));
      assert.equal((await r.json()).status, "waiting_for_click");
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(rakuten.forOrder(ord).length, 0);
      const cookie = await land("SHOPIFY-LATE");
      await (await fetch(`${worker.url}/cart`, { headers: { cookie: `edgepost_click=${cookie}; cart=${cart}` } })).text();
      const [p] = await eventually(() => rakuten.forOrder(ord).length && rakuten.forOrder(ord));
      assert.equal(p.params.tr, "SHOPIFY-LATE");
      const record = await listed(ord, "accepted");
      assert.equal(record.order_key, `shopify:${id}`);
      assert.equal(record.click_source, "join_key");
    });

    it("lists a rejected Shopify order and re-queues it by its ord", async () => {
      const cart = tag("c3-");
      const id = String(2n ** 53n + 4000n + BigInt(++unique));
      const name = `#${tag("R")}`.slice(0, 20);
      const cookie = await land("SHOPIFY-RETRY");
      await (await fetch(`${worker.url}/cart`, { headers: { cookie: `edgepost_click=${cookie}; cart=${cart}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      await rejectThenRetryByOrd(name.slice(1), `shopify:${id}`, () => postShopify("orders/paid", shopifyOrder({ id, name, cartToken: cart })));
    });

    it("carries the click in a hidden cart attribute added to cart forms", async () => {
      const cookie = await land("SHOPIFY-ATTR");
      const html = await (await fetch(`${worker.url}/product`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      const [, value] = html.match(/<input type="hidden" name="attributes\[_edgepost\]" value="([^"]+)">/);
      const name = `#${tag("A")}`.slice(0, 20);
      await postShopify("orders/paid", shopifyOrder({ id: String(2n ** 53n + 1000n + BigInt(++unique)), name, notes: [{ name: "_edgepost", value }] }));
      const [p] = await eventually(() => rakuten.forOrder(name.slice(1)).length && rakuten.forOrder(name.slice(1)));
      assert.equal(p.params.tr, "SHOPIFY-ATTR");
    });

    it("falls back to a ranSiteID in landing_site, with the landing time inferred", async () => {
      const name = `#${tag("L")}`.slice(0, 20);
      const body = shopifyOrder({ id: String(2n ** 53n + 2000n + BigInt(++unique)), name, landingSite: "/?ranSiteID=LANDING-SITE-1&ranMID=12345" });
      assert.equal((await (await postShopify("orders/paid", body)).json()).status, "queued");
      const [p] = await eventually(() => rakuten.forOrder(name.slice(1)).length && rakuten.forOrder(name.slice(1)));
      assert.equal(p.params.tr, "LANDING-SITE-1");
      assert.equal(p.params.land, p.params.date, "landing time inferred as the order's time");
    });

    it("refuses a bad HMAC", async () => {
      const r = await postShopify("orders/paid", shopifyOrder({ id: "1", name: "#1" }), "wrong-secret");
      assert.equal(r.status, 401);
    });
  });

  describe("Paddle", () => {
    // Signed with Node's crypto following Paddle's documented scheme (developer.paddle.com, "Verify
    // webhook signatures"): Paddle-Signature: ts=<unix>;h1=<hex HMAC-SHA256 of "<ts>:<raw body>">.
    function postPaddle(payload, secret = SECRETS.PADDLE_WEBHOOK_SECRET) {
      const ts = nowUnix();
      const h1 = createHmac("sha256", secret).update(`${ts}:${payload}`, "utf8").digest("hex");
      return fetch(`${worker.url}/_edgepost/webhooks/paddle`, {
        method: "POST", headers: { "content-type": "application/json", "paddle-signature": `ts=${ts};h1=${h1}` }, body: payload,
      });
    }
    function transaction({ id, attribution, subscription = null, origin = "web" }) {
      const event = JSON.parse(fixture("paddle/transaction.completed.json"));
      event.event_id = tag("evt_");
      Object.assign(event.data, {
        id, origin, subscription_id: subscription, custom_data: attribution ? { edgepost_attribution: attribution } : null,
        billed_at: new Date().toISOString(), created_at: new Date().toISOString(),
      });
      return JSON.stringify(event);
    }
    function refund({ transactionId, id }) {
      const event = JSON.parse(fixture("paddle/adjustment.updated.json"));
      event.event_id = tag("evt_");
      Object.assign(event.data, { id, transaction_id: transactionId, updated_at: new Date().toISOString() });
      return JSON.stringify(event);
    }

    it("sends a transaction with the click from custom_data, its lines before tax, and its approved refund", async () => {
      const txn = tag("txn_");
      const cookie = await land("PADDLE-CLICK");
      const r = await postPaddle(transaction({ id: txn, attribution: cookie }));
      assert.equal(r.status, 202);
      assert.equal((await r.json()).status, "queued");
      const [p] = await eventually(() => rakuten.forOrder(txn).length && rakuten.forOrder(txn));
      assert.equal(p.params.tr, "PADDLE-CLICK");
      assert.equal(p.params.cur, "USD");
      assert.match(p.raw, /&skulist=pro_01gsz4t5hdjse780zja8vvr7jg\|pro_01h1vjes1y163xfj1rh1tkfb65\|pro_01gsz97mq9pa4fkyy0wqenepkz&qlist=10\|1\|1&amtlist=30000\|10000\|19900&/);
      const adjustment = tag("adj_");
      const back = await postPaddle(refund({ transactionId: txn, id: adjustment }));
      assert.equal(back.status, 202);
      await back.text();
      const [, negative] = await eventually(() => rakuten.forOrder(txn).length === 2 && rakuten.forOrder(txn));
      assert.equal(negative.params.amtlist, "-92");
      await (await postPaddle(refund({ transactionId: txn, id: adjustment }))).text();
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(rakuten.forOrder(txn).length, 2, "each refund once");
    });

    it("sends a subscription's renewals with the first transaction's click (RECURRING_SALES=all)", async () => {
      const subscription = tag("sub_");
      const first = tag("txn_");
      const cookie = await land("PADDLE-SUB");
      await (await postPaddle(transaction({ id: first, attribution: cookie, subscription }))).text();
      await eventually(() => rakuten.forOrder(first).length);
      await new Promise((r) => setTimeout(r, 300)); // the subscription's click is recorded after the sale's step
      const renewal = tag("txn_");
      const r = await postPaddle(transaction({ id: renewal, subscription, origin: "subscription_recurring" }));
      assert.equal(r.status, 202);
      await r.text();
      const [p] = await eventually(() => rakuten.forOrder(renewal).length && rakuten.forOrder(renewal));
      assert.equal(p.params.tr, "PADDLE-SUB");
    });

    it("tags Paddle.js checkout buttons with the click, which the transaction brings back in custom_data", async () => {
      const cookie = await land("PADDLE-TAG");
      const html = await (await fetch(`${worker.url}/product`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      const attribute = (id) => html.match(new RegExp(`id="${id}"[^>]*data-custom-data="([^"]*)"`))?.[1].replace(/&quot;/g, '"');
      const custom = JSON.parse(attribute("paddle"));
      assert.match(custom.edgepost_attribution, /^ep1_[A-Za-z0-9_-]+$/);
      assert.match(html, /id="paddle-own"[^>]*data-custom-data='\{"plan":"pro"\}'/, "a button's own custom data is kept");
      const plain = await (await fetch(`${worker.url}/product`)).text();
      assert.doesNotMatch(plain, /id="paddle"[^>]*data-custom-data/, "no click, no tag");
      const txn = tag("txn_");
      const event = JSON.parse(transaction({ id: txn }));
      event.data.custom_data = custom;
      const r = await postPaddle(JSON.stringify(event));
      assert.equal(r.status, 202);
      await r.text();
      const [p] = await eventually(() => rakuten.forOrder(txn).length && rakuten.forOrder(txn));
      assert.equal(p.params.tr, "PADDLE-TAG");
    });

    it("refuses a bad signature with 401 and stores nothing", async () => {
      const txn = tag("txn_");
      const r = await postPaddle(transaction({ id: txn, attribution: await land("PADDLE-FORGED") }), "not-the-secret");
      assert.equal(r.status, 401);
      assert.equal((await r.json()).error, "bad_signature");
      assert.equal((await admin(`orders?state=pending,accepted,unattributed`)).body.orders.some((o) => o.order_id === txn), false);
    });
  });

  describe("Square", () => {
    // Signed with Node's crypto following Square's documented scheme (developer.squareup.com,
    // "Validate notifications"): base64 HMAC-SHA256 of the notification URL followed by the body.
    // Square's Node SDK offers only a verifier, no signer.
    const notificationUrl = () => `${worker.url}/_edgepost/webhooks/square`;
    function postSquare(payload, key = SECRETS.SQUARE_SIGNATURE_KEY) {
      const signature = createHmac("sha256", key).update(notificationUrl() + payload, "utf8").digest("base64");
      return fetch(notificationUrl(), {
        method: "POST", headers: { "content-type": "application/json", "x-square-hmacsha256-signature": signature }, body: payload,
      });
    }
    function payment({ order, note, id = tag("pay") }) {
      const event = JSON.parse(fixture("square/payment.updated.json"));
      event.event_id = tag("evt-");
      Object.assign(event.data.object.payment, {
        id, order_id: order, note, created_at: new Date().toISOString(),
        amount_money: { amount: 1298, currency: "USD" }, total_money: { amount: 1298, currency: "USD" },
      });
      return JSON.stringify(event);
    }
    // A refund names its payment; its order_id may be a return's order, not the sale's.
    function refund({ payment: paymentId, id, amount, status = "COMPLETED" }) {
      const event = JSON.parse(fixture("square/refund.updated.json"));
      event.event_id = tag("evt-");
      Object.assign(event.data.object.refund, {
        id, payment_id: paymentId, order_id: tag("RETURN"), status, amount_money: { amount, currency: "USD" }, updated_at: new Date().toISOString(),
      });
      return JSON.stringify(event);
    }

    it("sends a payment with the click from its note and its order's lines before tax, then its refund", async () => {
      const order = tag("SQORD");
      // Square's own example order (two lines, a discount on each), tax added on top.
      const example = JSON.parse(fixture("square/retrieve_order.json")).order;
      squareApi.orders.set(order, { ...example, id: order, total_tax_money: { amount: 48, currency: "USD" } });
      const cookie = await land("SQUARE-CLICK");
      const paid = tag("pay");
      const r = await postSquare(payment({ order, id: paid, note: `Web order. ${cookie}` }));
      assert.equal(r.status, 202);
      await r.text();
      const [p] = await eventually(() => rakuten.forOrder(order).length && rakuten.forOrder(order));
      assert.equal(p.params.tr, "SQUARE-CLICK");
      assert.match(p.raw, /&skulist=ULkg0tQTRK2bkU9fNv3IJD\|mumY8Nun4BC5aKe2yyx5a&qlist=1\|2&amtlist=250\|300&/);
      assert.deepEqual(squareApi.requests.at(-1), { url: `/v2/orders/${order}`, authorization: `Bearer ${SECRETS.SQUARE_ACCESS_TOKEN}` });
      const pending = await postSquare(refund({ payment: paid, id: tag("rf"), amount: 250, status: "PENDING" }));
      assert.equal(pending.status, 200);
      assert.equal((await pending.json()).status, "ignored");
      const id = tag("rf");
      const back = await postSquare(refund({ payment: paid, id, amount: 250 }));
      assert.equal(back.status, 202);
      await back.text();
      const [, negative] = await eventually(() => rakuten.forOrder(order).length === 2 && rakuten.forOrder(order));
      assert.equal(negative.params.amtlist, "-250");
    });

    it("refuses a signature over another URL or with another key with 401 and stores nothing", async () => {
      const order = tag("SQORD");
      const body = payment({ order, note: await land("SQUARE-FORGED") });
      const wrongKey = await postSquare(body, "another-signature-key");
      assert.equal(wrongKey.status, 401);
      assert.equal((await wrongKey.json()).error, "bad_signature");
      const otherUrl = createHmac("sha256", SECRETS.SQUARE_SIGNATURE_KEY).update(`https://elsewhere.example/hook${body}`).digest("base64");
      const moved = await fetch(notificationUrl(), { method: "POST", headers: { "x-square-hmacsha256-signature": otherUrl }, body });
      assert.equal(moved.status, 401);
      await moved.text();
      assert.equal((await admin(`orders?state=pending,accepted,unattributed`)).body.orders.some((o) => o.order_id === order), false);
    });
  });

  describe("Adyen", () => {
    // Each item signed with Adyen's own Node library (HmacValidator.calculateHmac).
    const validator = new adyen.hmacValidator();
    function notification(items) {
      for (const { NotificationRequestItem: item } of items)
        item.additionalData = { ...item.additionalData, hmacSignature: validator.calculateHmac(item, SECRETS.ADYEN_HMAC_KEY) };
      return JSON.stringify({ live: "false", notificationItems: items });
    }
    function authorisation({ psp, reference, value, metadata = {} }) {
      const { notificationItems: [wrapper] } = JSON.parse(fixture("adyen/AUTHORISATION.true.json"));
      Object.assign(wrapper.NotificationRequestItem, {
        pspReference: psp, merchantReference: reference, amount: { currency: "EUR", value }, eventDate: new Date().toISOString(),
        additionalData: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`metadata.${k}`, v])),
      });
      return wrapper;
    }
    function refundItem({ psp, original, value }) {
      const { notificationItems: [wrapper] } = JSON.parse(fixture("adyen/REFUND.true.json"));
      Object.assign(wrapper.NotificationRequestItem, {
        pspReference: psp, originalReference: original, amount: { currency: "EUR", value }, eventDate: new Date().toISOString(), additionalData: {},
      });
      return wrapper;
    }
    const postAdyen = (body) =>
      fetch(`${worker.url}/_edgepost/webhooks/adyen`, { method: "POST", headers: { "content-type": "application/json" }, body });
    // The click cut into Adyen metadata values of at most 80 characters.
    const pieces = (cookie) => Object.fromEntries(cookie.match(/.{1,80}/g).map((piece, i) => [`edgepost_${i + 1}`, piece]));

    it("sends an authorisation with the click from its metadata, answers [accepted], and sends its refund", async () => {
      const psp = String(8815000000000000 + Math.floor(Math.random() * 1e6));
      const reference = tag("ORDER-");
      const cookie = await land("ADYEN-CLICK");
      const r = await postAdyen(notification([authorisation({ psp, reference, value: 11900, metadata: { ...pieces(cookie), edgepost_subtotal: "10000" } })]));
      assert.equal(r.status, 200);
      assert.equal(await r.text(), "[accepted]");
      const [p] = await eventually(() => rakuten.forOrder(reference).length && rakuten.forOrder(reference));
      assert.equal(p.params.tr, "ADYEN-CLICK");
      assert.equal(p.params.cur, "EUR");
      assert.equal(p.params.amtlist, "10000");
      const back = await postAdyen(notification([refundItem({ psp: tag("PSPR"), original: psp, value: 2000 })]));
      assert.equal(await back.text(), "[accepted]");
      const [, negative] = await eventually(() => rakuten.forOrder(reference).length === 2 && rakuten.forOrder(reference));
      assert.equal(negative.params.amtlist, "-2000");
    });

    it("refuses a notification with one forged item with 401 and stores none of it", async () => {
      const good = authorisation({ psp: "8815000000000101", reference: tag("ORDER-"), value: 5000 });
      const forged = authorisation({ psp: "8815000000000102", reference: tag("ORDER-"), value: 5000 });
      const body = JSON.parse(notification([good, forged]));
      body.notificationItems[1].NotificationRequestItem.amount.value = 1;
      const r = await postAdyen(JSON.stringify(body));
      assert.equal(r.status, 401);
      assert.equal((await r.json()).error, "bad_signature");
      const listedOrders = (await admin(`orders?state=pending,accepted,unattributed`)).body.orders;
      for (const item of [good, forged])
        assert.equal(listedOrders.some((o) => o.order_id === item.NotificationRequestItem.merchantReference), false);
    });
  });

  describe("trials (RECURRING_SALES=first)", () => {
    // A worker with the default RECURRING_SALES: a renewal is asked at its trial's record.
    let trialWorker;
    before(async () => {
      trialWorker = await startWorker({
        ...TEST_SECRETS, ...SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, STRIPE_API_BASE: stripeApi.url,
        SQUARE_API_BASE: squareApi.url, JOIN_GRACE_SECONDS: "60", RETRY_SCHEDULE: "1,1,1", RETRY_JITTER_PERCENT: "0",
      });
    });
    after(async () => {
      await trialWorker?.stop();
    });
    const post = (provider, headers, payload) =>
      fetch(`${trialWorker.url}/_edgepost/webhooks/${provider}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload });
    const postStripeTo = (payload) =>
      post("stripe", { "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: SECRETS.STRIPE_WEBHOOK_SECRET }) }, payload);
    const answerOf = async (r) => ({ status: r.status, body: await r.json() });

    it("sends a Stripe trial's first paid invoice as the first sale with the trial's click, and no other renewal", async () => {
      const session = tag("cs_test_trial");
      const subscription = tag("sub_");
      const trialInvoice = tag("in_");
      const landing = await fetch(`${trialWorker.url}/?ranSiteID=STRIPE-TRIAL&ranMID=12345`);
      await landing.text();
      const cookie = cookieValue(landing.headers.getSetCookie(), "edgepost_click");
      origin.nextSession = session;
      await (await fetch(`${trialWorker.url}/create-checkout-session`, { method: "POST", redirect: "manual", headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      const started = JSON.parse(subscriptionCompleted({ session, invoice: trialInvoice, subscription, subtotal: 0 }));
      started.data.object.payment_status = "no_payment_required";
      const trial = await answerOf(await postStripeTo(JSON.stringify(started)));
      assert.equal(trial.status, 202);
      assert.equal(trial.body.status, "trial");
      // The trial's $0 invoice tells the same trial.
      const zero = await answerOf(await postStripeTo(invoicePaid({ invoice: trialInvoice, subscription, amount: 0 })));
      assert.equal(zero.status, 200);
      assert.equal(zero.body.status, "duplicate");
      await new Promise((r) => setTimeout(r, 300)); // the trial's click is recorded after its step
      const firstPaid = tag("in_");
      const paid = await answerOf(await postStripeTo(invoicePaid({ invoice: firstPaid, subscription, reason: "subscription_cycle", amount: 2000 })));
      assert.equal(paid.status, 202);
      assert.equal(paid.body.status, "queued");
      const [p] = await eventually(() => rakuten.forOrder(firstPaid).length && rakuten.forOrder(firstPaid));
      assert.equal(p.params.tr, "STRIPE-TRIAL");
      assert.equal(p.params.amtlist, "2000");
      // Told again: a duplicate. A later invoice: a renewal, not sent with RECURRING_SALES=first.
      const again = await answerOf(await postStripeTo(invoicePaid({ invoice: firstPaid, subscription, reason: "subscription_cycle", amount: 2000 })));
      assert.equal(again.body.status, "duplicate");
      const renewal = tag("in_");
      const later = await answerOf(await postStripeTo(invoicePaid({ invoice: renewal, subscription, reason: "subscription_cycle", amount: 2000 })));
      assert.equal(later.status, 200);
      assert.equal(later.body.status, "ignored");
      assert.match(later.body.message, /RECURRING_SALES=first/);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(rakuten.forOrder(firstPaid).length, 1, "the first sale once");
      assert.equal(rakuten.forOrder(renewal).length, 0, "no renewal");
      assert.equal(rakuten.forOrder(subscription).length + rakuten.forOrder(trialInvoice).length, 0, "the trial itself never");
      // The trial is no sale in the orders list; its first payment is.
      const orders = await (await fetch(`${trialWorker.url}/_edgepost/admin/api/orders?state=pending,accepted`, {
        headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json();
      assert.equal(orders.orders.some((o) => o.order_id === subscription), false);
      assert.equal(orders.orders.some((o) => o.order_id === firstPaid), true);
    });

    it("sends a Paddle trial's first paid transaction with the click of its $0 transaction", async () => {
      const subscription = tag("sub_");
      const landing = await fetch(`${trialWorker.url}/?ranSiteID=PADDLE-TRIAL&ranMID=12345`);
      await landing.text();
      const cookie = cookieValue(landing.headers.getSetCookie(), "edgepost_click");
      const transaction = ({ id, origin: from, subtotal, attribution }) => {
        const event = JSON.parse(fixture("paddle/transaction.completed.json"));
        event.event_id = tag("evt_");
        Object.assign(event.data, { id, origin: from, subscription_id: subscription, custom_data: attribution ? { edgepost_attribution: attribution } : null,
          billed_at: new Date().toISOString(), created_at: new Date().toISOString() });
        if (subtotal === 0) {
          event.data.details.totals.subtotal = "0";
          event.data.details.line_items = [];
        }
        return JSON.stringify(event);
      };
      const postPaddleTo = (payload) => {
        const ts = nowUnix();
        const h1 = createHmac("sha256", SECRETS.PADDLE_WEBHOOK_SECRET).update(`${ts}:${payload}`, "utf8").digest("hex");
        return post("paddle", { "paddle-signature": `ts=${ts};h1=${h1}` }, payload);
      };
      const trial = await answerOf(await postPaddleTo(transaction({ id: tag("txn_"), origin: "web", subtotal: 0, attribution: cookie })));
      assert.equal(trial.body.status, "trial");
      await new Promise((r) => setTimeout(r, 300));
      const firstPaid = tag("txn_");
      const paid = await answerOf(await postPaddleTo(transaction({ id: firstPaid, origin: "subscription_recurring" })));
      assert.equal(paid.status, 202);
      const [p] = await eventually(() => rakuten.forOrder(firstPaid).length && rakuten.forOrder(firstPaid));
      assert.equal(p.params.tr, "PADDLE-TRIAL");
    });
  });

  describe("WooCommerce", () => {
    function wooOrder({ number, key, status = "processing", refunds = [] }) {
      const order = JSON.parse(fixture("woocommerce/order-updated-processing.json"));
      const now = nowIso().replace("Z", "");
      return JSON.stringify({
        ...order, id: Number(number), number, order_key: key, status, refunds,
        date_created_gmt: now, date_paid_gmt: now, date_modified_gmt: now,
      });
    }

    it("answers the unsigned setup ping", async () => {
      const r = await fetch(`${worker.url}/_edgepost/webhooks/woocommerce`, {
        method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "webhook_id=15",
      });
      assert.equal(r.status, 200);
    });

    it("joins through the checkout's JSON answer, forwards the webhook unchanged, refunds each once", async () => {
      const number = String(70000 + unique);
      const key = tag("wc_order_");
      const cookie = await land("WOO-JSON");
      origin.wcOrder = number;
      origin.wcKey = key;
      const checkout = await fetch(`${worker.url}/wc-checkout`, { method: "POST", headers: { cookie: `edgepost_click=${cookie}` } });
      assert.equal((await checkout.json()).result, "success");
      await new Promise((r) => setTimeout(r, 300));

      const payload = wooOrder({ number, key });
      const r = await postWoo("order.updated", payload);
      assert.equal(r.status, 200, "the origin's status");
      assert.deepEqual(await r.json(), { origin: "handled" }, "the origin's answer");
      assert.equal(origin.forwarded.body.toString(), payload, "same bytes");
      assert.equal(origin.forwarded.headers["x-wc-webhook-signature"], createHmac("sha256", SECRETS.WOOCOMMERCE_WEBHOOK_SECRET).update(payload).digest("base64"));
      const [p] = await eventually(() => rakuten.forOrder(number).length && rakuten.forOrder(number));
      assert.equal(p.params.tr, "WOO-JSON");
      assert.match(p.raw, /&skulist=product-93\|Bar3&qlist=2\|1&amtlist=600\|1200&/);

      const withRefunds = wooOrder({ number, key, refunds: [{ id: 901, refund: "", total: "-2.00" }, { id: 902, refund: "", total: "-3.00" }] });
      await postWoo("order.updated", withRefunds);
      await eventually(() => rakuten.forOrder(number).length === 3);
      const amounts = rakuten.forOrder(number).slice(1).map((x) => x.params.amtlist).sort();
      assert.deepEqual(amounts, ["-200", "-300"]);
      await postWoo("order.updated", withRefunds);
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(rakuten.forOrder(number).length, 3, "each refund once");
    });

    it("joins through the order-received page view", async () => {
      const number = String(80000 + unique);
      const key = tag("wc_order_");
      const cookie = await land("WOO-PAGE");
      await (await fetch(`${worker.url}/checkout/order-received/${number}/?key=${key}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      await postWoo("order.created", wooOrder({ number, key }));
      const [p] = await eventually(() => rakuten.forOrder(number).length && rakuten.forOrder(number));
      assert.equal(p.params.tr, "WOO-PAGE");
    });

    it("sends an order that arrives before its order-received page is seen, once the click shows up", async () => {
      const number = String(90000 + unique);
      const key = tag("wc_order_");
      const r = await postWoo("order.created", wooOrder({ number, key }));
      assert.equal(r.status, 200, "the origin's status (the webhook is forwarded)");
      await eventually(() => listed(number, "waiting_for_click"));
      const cookie = await land("WOO-LATE");
      await (await fetch(`${worker.url}/checkout/order-received/${number}/?key=${key}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      const [p] = await eventually(() => rakuten.forOrder(number).length && rakuten.forOrder(number));
      assert.equal(p.params.tr, "WOO-LATE");
    });

    it("lists a rejected WooCommerce order and re-queues it by its ord", async () => {
      const number = String(95000 + unique);
      const key = tag("wc_order_");
      const cookie = await land("WOO-RETRY");
      await (await fetch(`${worker.url}/checkout/order-received/${number}/?key=${key}`, { headers: { cookie: `edgepost_click=${cookie}` } })).text();
      await new Promise((r) => setTimeout(r, 300));
      await rejectThenRetryByOrd(number, number, () => postWoo("order.created", wooOrder({ number, key })));
    });

    it("refuses a bad signature and ignores unpaid orders", async () => {
      assert.equal((await postWoo("order.created", wooOrder({ number: "1", key: "wc_order_x" }), "wrong")).status, 401);
      const pending = await postWoo("order.created", wooOrder({ number: "2", key: "wc_order_y", status: "pending" }));
      assert.equal(pending.status, 200);
    });
  });
});
