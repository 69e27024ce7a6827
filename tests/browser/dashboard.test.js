// The dashboard in headless Chromium (Debian's, driven by playwright-core): sign in with the admin
// token, see the numbers the API gives, follow a day to its orders and an order to its record, press
// retry, upload a report. Screenshots go to build/screenshots/ (the README's come from there).
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { TEST_SECRETS, eventually, root, startWorker, toolchain } from "../integration/harness.js";
import { nowIso, postOrder, uniqueOrderId } from "../integration/helpers.js";
import { startOrigin, startRakuten } from "../integration/standins.js";

const shots = path.join(root, "build/screenshots");
const today = new Date().toISOString().slice(0, 10);
const mdyy = `${Number(today.slice(5, 7))}/${Number(today.slice(8, 10))}/${today.slice(2, 4)}`;

describe(`dashboard in Chromium (${toolchain})`, () => {
  let origin, rakuten, worker, browser, site;
  const ids = [uniqueOrderId("DASH"), uniqueOrderId("DASH"), uniqueOrderId("DASH")];
  const rejected = uniqueOrderId("REJ");
  before(async () => {
    mkdirSync(shots, { recursive: true });
    origin = await startOrigin();
    rakuten = await startRakuten();
    rakuten.respond((p) => (p.params.ord === rejected ? { body: "<good>0</good><bad>1</bad>" } : null));
    worker = await startWorker({ ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1" });
    site = worker.url.replace("127.0.0.1", "localhost");
    const click = { site_id: "DASH-CLICK", landed_at: nowIso(-3600), mid: "12345" };
    for (const id of [...ids, rejected]) {
      const r = await postOrder(worker.url, {
        order_id: id, status: "paid", currency: "USD", created_at: nowIso(),
        items: [{ sku: "SKU", name: "Item", quantity: 1, unit_price: "20.00" }], click,
      });
      assert.equal(r.status, 202);
    }
    await eventually(() => [...ids, rejected].every((id) => rakuten.forOrder(id).some((p) => p.answered)));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  after(async () => {
    await browser?.close();
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
  });

  const adminApi = (p) => fetch(`${worker.url}/_edgepost/admin/api/${p}`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } }).then((r) => r.json());

  it("signs in with the admin token only, and shows the numbers the API gives", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const elsewhere = [];
    page.on("request", (r) => { if (!r.url().startsWith(site)) elsewhere.push(r.url()); });
    await page.goto(`${site}/_edgepost/admin/`);
    await page.fill("#token", "not-the-token");
    await page.click("button[type=submit]");
    assert.equal(await page.textContent("#sign-in-error"), "That is not the admin token.");
    await page.fill("#token", TEST_SECRETS.ADMIN_TOKEN);
    await page.click("button[type=submit]");
    await page.waitForSelector("#tile-delivery");
    const cookie = (await context.cookies()).find((c) => c.name === "edgepost_admin");
    assert.ok(cookie.httpOnly && cookie.secure && cookie.sameSite === "Strict" && cookie.path === "/_edgepost/admin");

    const dashboard = await adminApi("dashboard");
    assert.equal(await page.textContent("#tile-delivery .value"), dashboard.tiles.delivery.this_week);
    assert.equal(dashboard.tiles.delivery.this_week, "75.0%", "3 of 4 attributed orders accepted");
    assert.equal(await page.textContent("#tile-click-capture .value"), "100.0%");
    assert.equal(await page.textContent("#tile-amount-USD .value"), "60.00");
    const todayRow = page.locator(`tr.day[data-day="${today}"] td`);
    assert.equal(await todayRow.nth(1).textContent(), "4");
    assert.equal(await todayRow.nth(3).textContent(), "3");
    // No report yet: what Rakuten recorded is pending, so its line is not drawn at zero.
    assert.equal(await page.locator("#chart svg polyline").count(), 3);
    assert.match(await page.textContent("#chart svg [data-pending-days]"), /Rakuten: 28 days without a report yet/);
    assert.match(await page.textContent("#banner"), /All clear/);
    await page.click("#test-alert");
    await page.waitForFunction(() => document.getElementById("test-alert-result").textContent !== "");
    assert.match(await page.textContent("#test-alert-result"), /^no alert channel is configured/);
    // Neither channel's settings are set: the alerts API says so rather than calling them active.
    assert.deepEqual((await adminApi("alerts")).channels, { webhook: "not_configured", slack: "not_configured" });
    writeFileSync(path.join(shots, "dashboard.png"), await page.screenshot({ fullPage: true }));
    assert.deepEqual(elsewhere, [], "the page makes no request anywhere else");
    await context.close();
  });

  it("runs its script by the response's nonce: no inline script is allowed, and nothing violates the policy", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = [];
    await page.exposeFunction("reportViolation", (v) => violations.push(v));
    await page.addInitScript(() => document.addEventListener("securitypolicyviolation",
      (e) => window.reportViolation(e.violatedDirective + " " + e.blockedURI)));
    await page.goto(`${site}/_edgepost/admin/`);
    await page.fill("#token", TEST_SECRETS.ADMIN_TOKEN);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/_edgepost/admin/")), page.click("button[type=submit]")]);
    await page.waitForSelector("#tile-delivery");
    const policy = response.headers()["content-security-policy"];
    const scriptSrc = /script-src ([^;]+)/.exec(policy)[1];
    assert.match(scriptSrc, /^'nonce-[0-9a-f]{32}'$/, policy);
    const again = await fetch(`${site}/_edgepost/admin/`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } });
    assert.notEqual(/script-src ([^;]+)/.exec(again.headers.get("content-security-policy"))[1], scriptSrc, "a nonce per response");
    assert.deepEqual(violations, [], "the dashboard itself runs within its policy");
    // A script injected as inline markup (a stored-markup sink, were there one) does not run: the
    // policy blocks it, and says so.
    await page.evaluate(() => { document.body.insertAdjacentHTML("beforeend", "<img src=x onerror=\"window.injected = 1\">"); });
    await page.waitForFunction(() => true);
    await eventually(() => violations.some((v) => v.startsWith("script-src")));
    assert.equal(await page.evaluate(() => window.injected), undefined);
    await context.close();
  });

  it("follows a day to its orders and an order to its record, and re-queues it with the retry button", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/_edgepost/admin/`);
    await page.fill("#token", TEST_SECRETS.ADMIN_TOKEN);
    await page.click("button[type=submit]");
    await page.click(`tr.day[data-day="${today}"]`);
    await page.waitForSelector(`tr.order[data-ord="${rejected}"]`);
    assert.equal(await page.locator("#orders tbody tr").count(), 4);
    await page.click(`tr.order[data-ord="${rejected}"]`);
    assert.match(await page.textContent("#order-body"), /Postback sale: rejected/);
    assert.match(await page.textContent("#order-body"), /Rakuten reported 1 bad line/);
    const before = rakuten.forOrder(rejected).length;
    await page.click("#retry");
    await page.waitForFunction(() => document.getElementById("retry-result").textContent !== "");
    assert.equal(await page.textContent("#retry-result"), "the order's failed postbacks are queued again");
    await eventually(() => rakuten.forOrder(rejected).length > before);
    writeFileSync(path.join(shots, "dashboard-order.png"), await page.screenshot({ fullPage: true }));
    await context.close();
  });

  it("uploads a Rakuten report and shows what matched, usable on a phone", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${site}/_edgepost/admin/`);
    await page.fill("#token", TEST_SECRETS.ADMIN_TOKEN);
    await page.click("button[type=submit]");
    await page.waitForSelector("#tile-delivery");
    const csv = `Order ID,Sales,Transaction Date\r\n${ids[0]},20.00,${mdyy}\r\n${ids[1]},20.00,${mdyy}\r\n${ids[2]},2000.00,${mdyy}\r\n`;
    await page.setInputFiles("#report-file", { name: "report.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.click("#upload");
    await page.waitForFunction(() => /Imported/.test(document.getElementById("upload-result").textContent));
    assert.equal(await page.textContent("#upload-result"), "Imported 3 orders (3 rows).");
    await page.waitForFunction((day) => document.querySelector(`tr.day[data-day="${day}"] td:nth-child(6)`)?.textContent === "2", today);
    const cells = page.locator(`tr.day[data-day="${today}"] td`);
    assert.equal(await cells.nth(6).textContent(), "1", "one amount differs");
    assert.match(await page.textContent("#report"), /upload/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling of the page on a phone (${width} px)`);
    writeFileSync(path.join(shots, "dashboard-phone.png"), await page.screenshot({ fullPage: true }));
    await context.close();
  });

  it("shows the sales per network, a sale another network won counted as observed", async () => {
    const cj = uniqueOrderId("CJ");
    const r = await postOrder(worker.url, {
      order_id: cj, status: "paid", currency: "USD", created_at: nowIso(),
      items: [{ sku: "SKU", name: "Item", quantity: 1, unit_price: "20.00" }],
      click: { network: "cj", click_id: "0123456789abcdef", landed_at: nowIso(-600) },
    });
    assert.equal(r.status, 202);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/_edgepost/admin/`);
    await page.fill("#token", TEST_SECRETS.ADMIN_TOKEN);
    await page.click("button[type=submit]");
    await page.waitForSelector('#networks tr[data-network="cj"]');
    const cells = async (network) => page.locator(`#networks tr[data-network="${network}"] td`).allTextContents();
    assert.deepEqual(await cells("cj"), ["cj", "1", "0", "0", "1", "0"]);
    const rakutenRow = await cells("rakuten");
    assert.equal(rakutenRow[0], "rakuten");
    assert.equal(rakutenRow[1], "4", "the four Rakuten sales");
    assert.equal(rakutenRow[4], "0");
    writeFileSync(path.join(shots, "dashboard-networks.png"), await page.screenshot({ fullPage: true }));
    await context.close();
  });

  it("refuses a session's change from another origin, and signs out", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/_edgepost/admin/`);
    await page.fill("#token", TEST_SECRETS.ADMIN_TOKEN);
    await page.click("button[type=submit]");
    await page.waitForSelector("#tile-delivery");
    const session = (await context.cookies()).find((c) => c.name === "edgepost_admin").value;
    const forged = await fetch(`${worker.url}/_edgepost/admin/api/retry-dead`, {
      method: "POST", headers: { cookie: `edgepost_admin=${session}`, origin: "https://evil.example" },
    });
    assert.equal(forged.status, 403);
    assert.equal((await forged.json()).error, "cross_origin");
    await page.click("header button[type=submit]");
    await page.waitForSelector("#token");
    assert.equal((await context.cookies()).find((c) => c.name === "edgepost_admin"), undefined);
  });
});
