// One real shopper journey in headless Chromium (Debian's, driven by playwright-core): the
// affiliate link, a product page whose Stripe Payment Link edgepost tagged, the click on it, the
// Stripe webhook, and the postback.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import Stripe from "stripe";
import { TEST_SECRETS, eventually, root, startWorker, toolchain } from "../integration/harness.js";
import { startOrigin, startRakuten } from "../integration/standins.js";

const STRIPE_SECRET = "whsec_browser_journey_secret";
const SITE_ID = "TnL5HPStwNw-BrowserJourney.1";

describe(`browser journey in Chromium (${toolchain})`, () => {
  let origin, rakuten, worker, browser;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    origin.route("/", (req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Shop</title><a id="product" href="/product/shirt">Blue shirt</a>`);
    });
    origin.route("/product/shirt", (req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Blue shirt</title><h1>Blue shirt</h1>
<a id="buy" href="https://buy.stripe.com/test_28o5mW0aB">Buy now</a>`);
    });
    worker = await startWorker({ ...TEST_SECRETS, STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
  });
  after(async () => {
    await browser?.close();
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
  });

  it("affiliate link → product page → tagged Payment Link → webhook → postback", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const siteUrl = worker.url.replace("127.0.0.1", "localhost");
    let stripeUrl = null;
    await page.route("https://buy.stripe.com/**", (route) => {
      stripeUrl = route.request().url();
      return route.fulfill({ status: 200, contentType: "text/html", body: "<title>Stripe Checkout</title>" });
    });

    await page.goto(`${siteUrl}/?ranSiteID=${encodeURIComponent(SITE_ID)}&ranMID=12345`);
    const cookies = await context.cookies();
    const attribution = cookies.find((c) => c.name === "edgepost_click");
    assert.ok(attribution, "the browser kept the attribution cookie");
    assert.equal(attribution.httpOnly, true);
    assert.equal(attribution.sameSite, "Lax");
    assert.equal(await page.evaluate(() => document.cookie.includes("edgepost_click")), false, "not readable by scripts");
    assert.ok(cookies.find((c) => c.name === "rmStore" && c.value.startsWith("amid:12345|ald:")));

    await page.click("#product");
    await page.waitForURL(/\/product\/shirt$/);
    await page.click("#buy");
    await eventually(() => stripeUrl !== null);
    const reference = new URL(stripeUrl).searchParams.get("client_reference_id");
    assert.match(reference, /^ep1_/);

    // Stripe's webhook for the session that Payment Link created, signed with Stripe's SDK.
    const event = JSON.parse(readFileSync(path.resolve(root, "tests/fixtures/stripe/checkout.session.completed.json"), "utf8"));
    const pi = `pi_browser_${Date.now()}`;
    event.created = Math.floor(Date.now() / 1000);
    Object.assign(event.data.object, { client_reference_id: reference, payment_intent: pi, created: event.created });
    const payload = JSON.stringify(event);
    const header = new Stripe("sk_test_unused").webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET });
    const r = await fetch(`${worker.url}/_edgepost/webhooks/stripe`, {
      method: "POST", headers: { "stripe-signature": header, "content-type": "application/json" }, body: payload,
    });
    assert.equal((await r.json()).status, "queued");
    const [p] = await eventually(() => rakuten.forOrder(pi).length && rakuten.forOrder(pi));
    assert.equal(p.params.tr, SITE_ID);
    assert.equal(p.params.amtlist, "3000|-300", "no API key: the order's subtotal as one line, and its discount");
    await context.close();
  });
});
