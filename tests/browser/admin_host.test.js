// The admin area on an origin of its own (README, "Security"), in headless Chromium: with
// ADMIN_HOST, an admin signed in on the admin host, and a shop page on the shop's host whose script
// tries the admin API (as a merchant's own XSS or a compromised widget would) gets nothing: the
// shop's host has no admin area, and the admin host's API answers no other origin's script.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { TEST_SECRETS, freePort, startWorker, toolchain } from "../integration/harness.js";
import { startOrigin, startRakuten } from "../integration/standins.js";

describe(`admin area on its own origin in Chromium (${toolchain})`, () => {
  let origin, rakuten, worker, browser, port;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    port = await freePort();
    origin.route("/blog", (req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Blog</title><p>shop page</p><script>
        window.attempts = (async () => {
          const tries = {};
          const same = await fetch("/_edgepost/admin/api/orders", { credentials: "include" });
          tries.sameHost = same.status;
          try {
            const other = await fetch("http://localhost:${port}/_edgepost/admin/api/orders", { credentials: "include" });
            tries.adminHost = "read " + other.status;
          } catch (e) { tries.adminHost = "blocked"; }
          return tries;
        })();
      </script>`);
    });
    worker = await startWorker({ ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, ADMIN_HOST: `localhost:${port}` }, { port });
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

  it("a shop page's script cannot read the admin API while an admin is signed in", async () => {
    const context = await browser.newContext();
    const admin = await context.newPage();
    await admin.goto(`http://localhost:${port}/_edgepost/admin/`);
    await admin.fill("#token", TEST_SECRETS.ADMIN_TOKEN);
    await admin.click("button[type=submit]");
    await admin.waitForSelector("#tile-delivery");

    const shop = await context.newPage();
    await shop.goto(`http://127.0.0.1:${port}/blog`);
    assert.equal(await shop.textContent("p"), "shop page");
    const tries = await shop.evaluate(() => window.attempts);
    assert.deepEqual(tries, { sameHost: 404, adminHost: "blocked" });
    await context.close();
  });

  it("the admin host serves no shop page, and the shop's host no admin area", async () => {
    const onAdminHost = await fetch(`http://localhost:${port}/blog`);
    assert.equal(onAdminHost.status, 404);
    assert.doesNotMatch(await onAdminHost.text(), /shop page/);
    const bearer = { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` };
    assert.equal((await fetch(`http://127.0.0.1:${port}/_edgepost/admin/api/orders`, { headers: bearer })).status, 404);
    assert.equal((await fetch(`http://localhost:${port}/_edgepost/admin/api/orders`, { headers: bearer })).status, 200);
  });
});
