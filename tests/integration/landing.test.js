import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TEST_SECRETS, eventually, root, startWorker, toolchain } from "./harness.js";
import { cookieValue } from "./helpers.js";
import { startOrigin, startRakuten } from "./standins.js";

describe(`landing and proxy (${toolchain})`, () => {
  let origin, rakuten, worker;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    origin.route("/redirect", (req, res) => {
      res.writeHead(302, { location: "https://checkout.example/pay?x=1", "set-cookie": "r=1; Path=/" });
      res.end();
    });
    origin.route("/echo", (req, res, { body }) => {
      res.writeHead(201, { "content-type": "application/octet-stream", "x-method": req.method });
      res.end(body);
    });
    origin.route("/stream", (req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first;");
      setTimeout(() => res.end("second"), 50);
    });
    worker = await startWorker({ ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url });
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
    await rakuten?.close();
  });

  it("runs a module that exports the ABI version marker worker/core.js requires", async () => {
    const module = new WebAssembly.Module(readFileSync(path.join(root, "build/module/edgepost.wasm")));
    const exports = WebAssembly.Module.exports(module).map((e) => e.name);
    const marker = readFileSync(path.join(root, "worker/core.js"), "utf8").match(/ABI_VERSION_MARKER = "([a-z_0-9]+)"/)[1];
    assert.ok(exports.includes(marker), `${marker} in ${exports.join(", ")}`);
    assert.ok(exports.includes("edgepost_call"));
  });

  it("runs the module built by the expected toolchain", async () => {
    const health = await (await fetch(`${worker.url}/_edgepost/admin/api/health`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json();
    assert.equal(health.core.toolchain, toolchain);
    assert.equal(health.ok, true);
    assert.equal(JSON.stringify(health).includes(TEST_SECRETS.COOKIE_SECRET), false, "no secret in health");
    assert.equal(JSON.stringify(health).includes(TEST_SECRETS.ADMIN_TOKEN), false, "no secret in health");
  });

  it("says publicly only whether it runs; the health report is the admin's", async () => {
    const r = await fetch(`${worker.url}/_edgepost/health`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { ok: true });
    const refused = await fetch(`${worker.url}/_edgepost/admin/api/health`);
    assert.equal(refused.status, 401);
    const report = await (await fetch(`${worker.url}/_edgepost/admin/api/health`,
      { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json();
    assert.equal(report.origin, origin.url, "the full report names the origin, for the admin only");
  });

  it("passes a plain page view through untouched, origin cookies and headers kept", async () => {
    const r = await fetch(`${worker.url}/products/shirt?color=blue`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("x-origin"), "demo");
    assert.deepEqual(r.headers.getSetCookie(), ["origin_session=s1; Path=/; HttpOnly", "origin_pref=dark; Path=/"]);
    assert.match(await r.text(), /origin page \/products\/shirt/);
    assert.equal(origin.requests.at(-1).url, "/products/shirt?color=blue");
  });

  it("forwards method, headers and body, and the origin's status", async () => {
    const r = await fetch(`${worker.url}/echo?a=1`, { method: "PUT", body: "payload-bytes", headers: { "x-custom": "kept" } });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get("x-method"), "PUT");
    assert.equal(await r.text(), "payload-bytes");
    assert.equal(origin.requests.at(-1).headers["x-custom"], "kept");
  });

  it("forwards what a reverse proxy should: no hop-by-hop or forged forwarding headers, no edgepost credentials", async () => {
    // Raw HTTP, so the client can send what fetch would not (Connection naming a header, Proxy-Authorization).
    const { port } = new URL(worker.url);
    await new Promise((resolve, reject) => {
      const req = http.request({
        host: "127.0.0.1", port, path: "/account/reset?x=1", method: "POST",
        headers: {
          "connection": "keep-alive, x-hop-secret", "x-hop-secret": "hop", "keep-alive": "timeout=5",
          "forwarded": "host=attacker.example", "x-forwarded-host": "attacker.example", "x-forwarded-for": "6.6.6.6",
          "x-forwarded-proto": "http", "x-real-ip": "6.6.6.6", "proxy-authorization": "Basic c2VjcmV0",
          "authorization": `Bearer ${TEST_SECRETS.ADMIN_TOKEN}`, "cookie": "shop_session=s9; edgepost_admin=v1.123.abc; theme=dark",
          "x-custom": "kept", "content-type": "text/plain",
        },
      }, (res) => { res.resume(); res.on("end", resolve); });
      req.on("error", reject);
      req.end("body-bytes");
    });
    const seen = origin.requests.at(-1);
    assert.equal(seen.url, "/account/reset?x=1");
    // (A header the client named in Connection is not checked: the HTTP layer in front of the worker
    // consumes Connection itself, so the worker never sees which names it listed; README, "Security".)
    for (const name of ["keep-alive", "forwarded", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "proxy-authorization", "authorization"]) {
      assert.equal(seen.headers[name], undefined, name);
    }
    assert.ok(!(seen.headers["x-forwarded-for"] ?? "").includes("6.6.6.6"), "the client's X-Forwarded-For is not passed on");
    assert.equal(seen.headers.cookie, "shop_session=s9; theme=dark");
    assert.equal(seen.headers["x-custom"], "kept");
    assert.equal(seen.body.toString(), "body-bytes");
    // Another Authorization (the shop's own API) goes through as it came.
    await (await fetch(`${worker.url}/api/cart`, { headers: { authorization: "Bearer shop-api-token" } })).text();
    assert.equal(origin.requests.at(-1).headers.authorization, "Bearer shop-api-token");
  });

  it("passes redirects on instead of following them", async () => {
    const r = await fetch(`${worker.url}/redirect`, { redirect: "manual" });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get("location"), "https://checkout.example/pay?x=1");
    assert.deepEqual(r.headers.getSetCookie(), ["r=1; Path=/"]);
  });

  it("streams the origin's body", async () => {
    const r = await fetch(`${worker.url}/stream`);
    assert.equal(await r.text(), "first;second");
  });

  it("sets the signed attribution cookie and rmStore on a landing, keeping the origin's cookies", async () => {
    const siteId = "TnL5HPStwNw-yKbFu3Ca.Y_g/*Nf1Zmzaw";
    const before = Math.floor(Date.now() / 1000);
    const r = await fetch(`${worker.url}/landing?ranMID=12345&ranEAID=TnL5HPStwNw&ranSiteID=${encodeURIComponent(siteId)}`);
    assert.equal(r.status, 200);
    const cookies = r.headers.getSetCookie();
    assert.equal(cookies.length, 4);
    assert.ok(cookies.includes("origin_session=s1; Path=/; HttpOnly"));
    const attribution = cookies.find((c) => c.startsWith("edgepost_click="));
    assert.match(attribution, /; Max-Age=2592000; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
    const [, payload] = cookieValue(cookies, "edgepost_click").split(".");
    const [site, landed, mid, eaid] = Buffer.from(payload, "base64url").toString().split("|");
    assert.equal(site, siteId);
    assert.ok(Number(landed) >= before && Number(landed) <= before + 5);
    assert.equal(mid, "12345");
    assert.equal(eaid, "TnL5HPStwNw");
    const rmStore = cookies.find((c) => c.startsWith("rmStore="));
    assert.match(rmStore, new RegExp(`^rmStore=amid:12345\\|ald:\\d{8}_\\d{4}\\|atrv:${siteId.replace(/[.*/]/g, "\\$&")}; Max-Age=2592000; Path=/; Secure; SameSite=Lax$`));
    assert.ok(!rmStore.includes("HttpOnly"));
    assert.match(await r.text(), /origin page \/landing/);
    assert.equal(origin.requests.at(-1).url.includes("ranSiteID="), true, "origin sees the landing URL unchanged");
  });

  it("sets nothing for invalid, injected or oversized click ids", async () => {
    const bad = [
      "abc; Domain=evil.example",
      "abc\r\nSet-Cookie: x=1",
      "abc def",
      "abc|atrv:forged",
      "x".repeat(129),
      "",
      "abc%",
    ];
    for (const id of bad) {
      const r = await fetch(`${worker.url}/p?ranSiteID=${encodeURIComponent(id)}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.headers.getSetCookie(), ["origin_session=s1; Path=/; HttpOnly", "origin_pref=dark; Path=/"], id);
    }
    const raw = await fetch(`${worker.url}/p?ranSiteID=abc%ZZ`);
    assert.equal(raw.headers.getSetCookie().length, 2);
  });

  it("refuses a click whose ranMID is another advertiser's (or no id at all), and counts it", async () => {
    for (const mid of ["99999", "12a;b"]) {
      const r = await fetch(`${worker.url}/p?ranSiteID=ABC123&ranMID=${mid}`);
      await r.text();
      assert.equal(cookieValue(r.headers.getSetCookie(), "edgepost_click"), undefined, mid);
      assert.ok(!r.headers.getSetCookie().some((c) => c.startsWith("rmStore=")), mid);
    }
    const without = await fetch(`${worker.url}/p?ranSiteID=ABC123`);
    await without.text();
    assert.ok(cookieValue(without.headers.getSetCookie(), "edgepost_click"), "a link without ranMID is still recorded");
    const today = new Date().toISOString().slice(0, 10);
    const refused = await eventually(async () => {
      const r = await fetch(`${worker.url}/_edgepost/admin/api/stats?from=${today}&to=${today}`,
        { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } });
      const day = (await r.json()).days[0];
      return day.refused_clicks >= 2 && day.refused_clicks;
    });
    assert.ok(refused >= 2);
  });

  it("answers unknown edgepost routes and wrong methods with JSON errors, without reaching the origin", async () => {
    const count = origin.requests.length;
    const r = await fetch(`${worker.url}/_edgepost/nope`);
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error, "not_found");
    const m = await fetch(`${worker.url}/_edgepost/orders`);
    assert.equal(m.status, 405);
    const a = await fetch(`${worker.url}/_edgepost/admin/api/orders`);
    assert.equal(a.status, 401);
    const w = await fetch(`${worker.url}/_edgepost/admin/api/orders`, { headers: { authorization: "Bearer wrong" } });
    assert.equal(w.status, 401);
    const s = await fetch(`${worker.url}/_edgepost/webhooks/stripe`, { method: "POST", body: "{}" });
    assert.equal(s.status, 404, "a provider without a secret is switched off");
    assert.equal(origin.requests.length, count);
  });
});
