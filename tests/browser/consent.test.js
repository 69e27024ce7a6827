// Consent in headless Chromium (README, "Consent"): a landing page with a stand-in OneTrust banner
// (a few lines of page script that write OptanonConsent and fire OneTrustGroupsUpdated, as OneTrust
// does). Refusing stores nothing; accepting on the landing page itself stores the click through the
// consent script and route, under the page's own nonce-based Content-Security-Policy, and a later
// order is attributed to it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { TEST_SECRETS, eventually, startWorker, toolchain } from "../integration/harness.js";
import { nowIso, postOrder, uniqueOrderId } from "../integration/helpers.js";
import { startOrigin, startRakuten } from "../integration/standins.js";

const NONCE = "bannerNonce123";
const BANNER = `<div id="banner"><button id="accept">Accept all</button><button id="reject">Reject</button></div>
<script nonce="${NONCE}">
  function answer(targeting) {
    document.cookie = "OptanonConsent=" + "isGpcEnabled=0&interactionCount=1&groups=" +
      encodeURIComponent("C0001:1,C0004:" + (targeting ? 1 : 0)) + "; path=/";
    window.dispatchEvent(new Event("OneTrustGroupsUpdated"));
  }
  document.getElementById("accept").onclick = function () { answer(true); };
  document.getElementById("reject").onclick = function () { answer(false); };
</script>`;

describe(`consent banner in Chromium (${toolchain})`, () => {
  let origin, rakuten, worker, browser;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    origin.route("/shirt", (req, res) => {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": `script-src 'nonce-${NONCE}'; connect-src 'self'`,
      });
      res.end(`<!doctype html><html><head><title>Blue shirt</title></head><body><h1>Blue shirt</h1>${BANNER}</body></html>`);
    });
    worker = await startWorker({ ...TEST_SECRETS, CONSENT: "onetrust", ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1" });
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

  const land = async (siteId) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${worker.url.replace("127.0.0.1", "localhost")}/shirt?ranSiteID=${siteId}&ranMID=12345`);
    assert.equal((await context.cookies()).find((c) => c.name === "edgepost_click"), undefined, "nothing before the banner is answered");
    return { context, page, errors };
  };

  it("refusing the banner stores nothing", async () => {
    const { context, page, errors } = await land("PUBREFUSE-1");
    const answered = page.waitForResponse((r) => r.url().endsWith("/_edgepost/consent"));
    await page.click("#reject");
    assert.equal((await answered).status(), 204);
    assert.equal((await context.cookies()).find((c) => c.name === "edgepost_click"), undefined);
    assert.equal(await page.textContent("h1"), "Blue shirt");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("accepting on the landing page stores the click, and a later order is attributed to it", async () => {
    const { context, page, errors } = await land("PUBACCEPT-1");
    const answered = page.waitForResponse((r) => r.url().endsWith("/_edgepost/consent"));
    await page.click("#accept");
    assert.equal((await answered).status(), 204);
    const cookie = await eventually(async () => (await context.cookies()).find((c) => c.name === "edgepost_click"));
    assert.equal(cookie.httpOnly, true);
    assert.deepEqual(errors, [], "the script ran under the page's nonce policy without an error");
    const id = uniqueOrderId("BANNER");
    const order = { order_id: id, status: "paid", currency: "USD", created_at: nowIso(), attribution: cookie.value,
      items: [{ sku: "SHIRT", name: "Blue shirt", quantity: 1, unit_price: "25.00" }] };
    assert.equal((await postOrder(worker.url, order)).status, 202);
    const [postback] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(postback.params.tr, "PUBACCEPT-1");
    await context.close();
  });
});
