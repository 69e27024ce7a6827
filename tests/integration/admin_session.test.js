// The dashboard's sessions over raw HTTP: a signed-out session's cookie is dead even though it is
// genuine and unexpired, "sign out everywhere" ends every session, and sign-in is rate-limited per
// client address (README, "Security").
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, startWorker, toolchain } from "./harness.js";
import { startOrigin } from "./standins.js";

describe(`dashboard sessions (${toolchain})`, () => {
  let origin, worker, sameOrigin;
  before(async () => {
    origin = await startOrigin();
    worker = await startWorker({ ...TEST_SECRETS, ORIGIN: origin.url });
    sameOrigin = new URL(worker.url).origin;
  });
  after(async () => {
    await worker?.stop();
    await origin?.close();
  });

  // Signs in from `address` (as Cloudflare's edge names the client); answers the response.
  function signIn(token, address) {
    return fetch(`${worker.url}/_edgepost/admin/login`, {
      method: "POST", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: sameOrigin, "cf-connecting-ip": address },
      body: new URLSearchParams({ token }).toString(),
    });
  }
  async function sessionCookie(address) {
    const r = await signIn(TEST_SECRETS.ADMIN_TOKEN, address);
    await r.text();
    assert.equal(r.status, 303);
    return r.headers.get("set-cookie").split(";")[0];
  }
  async function statusWith(cookie, path = "/_edgepost/admin/api/health") {
    const r = await fetch(`${worker.url}${path}`, { headers: { cookie } });
    return { status: r.status, text: await r.text() };
  }
  function post(path, cookie) {
    return fetch(`${worker.url}${path}`, { method: "POST", redirect: "manual", headers: { cookie, origin: sameOrigin } });
  }

  it("ends a session on sign-out: its cookie, replayed, opens neither the API nor the dashboard", async () => {
    const cookie = await sessionCookie("198.51.100.1");
    assert.match(cookie, /^edgepost_admin=v2\./);
    assert.equal((await statusWith(cookie)).status, 200);
    assert.equal((await statusWith(cookie, "/_edgepost/admin/")).text.includes('id="token"'), false);
    const out = await post("/_edgepost/admin/logout", cookie);
    await out.text();
    assert.equal(out.status, 303);
    assert.match(out.headers.get("set-cookie"), /^edgepost_admin=; Max-Age=0/);
    const api = await statusWith(cookie);
    assert.equal(api.status, 401);
    assert.equal(JSON.parse(api.text).error, "unauthorized");
    const page = await statusWith(cookie, "/_edgepost/admin/");
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('id="token"'), "the sign-in page, not the dashboard");
  });

  it("ends every session on 'sign out everywhere', in every browser", async () => {
    const first = await sessionCookie("198.51.100.2");
    const second = await sessionCookie("198.51.100.3");
    assert.equal((await statusWith(second)).status, 200);
    const out = await post("/_edgepost/admin/logout-everywhere", first);
    await out.text();
    assert.equal(out.status, 303);
    assert.equal((await statusWith(first)).status, 401);
    assert.equal((await statusWith(second)).status, 401);
    // Signing in again works as before.
    assert.equal((await statusWith(await sessionCookie("198.51.100.2"))).status, 200);
  });

  it("limits sign-in per address: of 60 concurrent wrong tokens ten are told so, the rest wait, and so does the right token", async () => {
    const address = "203.0.113.9";
    const answers = await Promise.all(Array.from({ length: 60 }, async (_, i) => {
      const r = await signIn(`wrong-token-${i}`, address);
      return { status: r.status, retryAfter: r.headers.get("retry-after"), text: await r.text() };
    }));
    const count = (s) => answers.filter((a) => a.status === s).length;
    assert.equal(count(401), 10);
    assert.equal(count(429), 50);
    const limited = answers.find((a) => a.status === 429);
    assert.ok(Number(limited.retryAfter) > 0 && Number(limited.retryAfter) <= 900, limited.retryAfter);
    assert.ok(limited.text.includes("Too many wrong tokens from this address."));
    const right = await signIn(TEST_SECRETS.ADMIN_TOKEN, address);
    await right.text();
    assert.equal(right.status, 429);
    assert.equal(right.headers.get("set-cookie"), null);
    // Another address is not held up by this one's failures.
    assert.equal((await statusWith(await sessionCookie("203.0.113.10"))).status, 200);
  });

  it("keeps the bearer token working whatever the sessions do (it is ended by rotating ADMIN_TOKEN)", async () => {
    const r = await fetch(`${worker.url}/_edgepost/admin/api/health`, { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } });
    await r.text();
    assert.equal(r.status, 200);
  });
});
