// Consent (README, "Consent"), in real workerd: each platform's cookie granted and denied on a
// landing; an undecided landing's page gets the consent script and its token, which the consent
// route turns into the cookie only with consent; a tampered or expired token is refused. TC strings
// come from the IAB's own encoder; the expired token is minted here from the documented format with
// Node's crypto.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { makeTcString } from "../fixtures/consent/make_tc_strings.js";
import { CONSENT_SCRIPT } from "../../worker/consent_script.js";
import { TEST_SECRETS, eventually, root, startWorker, toolchain } from "./harness.js";
import { cookieValue, nowIso, postOrder, uniqueOrderId } from "./helpers.js";
import { startOrigin, startRakuten } from "./standins.js";

const LANDING = "/products/1?ranSiteID=PUB1-abc123&ranMID=12345";
const onetrust = (groups, interactions = 1) =>
  `OptanonConsent=isGpcEnabled=0&datestamp=Mon+Dec+07+2026&version=202411.1.0&interactionCount=${interactions}` +
  `&isAnonUser=1&landingPath=NotLandingPage${groups ? `&groups=${encodeURIComponent(groups)}` : ""}&AwaitingReconsent=false`;
const cookiebot = (marketing) =>
  `CookieConsent={stamp:%27abcDEF%3D%3D%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:false%2Cmarketing:${marketing}%2Cmethod:%27explicit%27%2Cver:1}`;

// c1.<payload>.<HMAC-SHA256(secret, "edgepost-consent-v1." + payload)>, the payload in the v2 form.
function mintConsentToken(clicks, secret = TEST_SECRETS.COOKIE_SECRET) {
  const payload = Buffer.from(clicks.map(({ network, id, landedAt }) => `${network}|${id}|${landedAt}||`).join("~")).toString("base64url");
  return `c1.${payload}.${createHmac("sha256", secret).update(`edgepost-consent-v1.${payload}`).digest("base64url")}`;
}

describe(`consent (${toolchain})`, () => {
  let origin, rakuten, workers;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    const base = { ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1" };
    // One after another: each start runs the module's build, which two at once would race on.
    workers = {};
    workers.onetrust = await startWorker({ ...base, CONSENT: "onetrust" });
    workers.tcf = await startWorker({ ...base, CONSENT: "tcf", CONSENT_TCF_VENDORS: "awin:907,rakuten:60" });
    workers.cookiebot = await startWorker({ ...base, CONSENT: "cookiebot" });
    workers.cookie = await startWorker({ ...base, CONSENT: "cookie:shop_consent=yes", CONSENT_EXEMPT_SITES: "CASHBACK1" });
  });
  after(async () => {
    await Promise.all(Object.values(workers ?? {}).map((w) => w.stop()));
    await origin?.close();
    await rakuten?.close();
  });

  const land = async (worker, path, cookie) => {
    const r = await fetch(`${worker.url}${path}`, { headers: cookie ? { cookie } : {} });
    return { status: r.status, setCookies: r.headers.getSetCookie(), html: await r.text() };
  };
  const stored = (landing) => cookieValue(landing.setCookies, "edgepost_click");
  const tokenOf = (html) => /<script data-edgepost-consent="([^"]+)"/.exec(html)?.[1];

  it("each platform: a landing stores the click with consent and nothing without it", async () => {
    const granted = makeTcString({ purposes: [1], vendors: [60, 907] });
    const noPurpose1 = makeTcString({ purposes: [2, 3], vendors: [60, 907] });
    const cases = [
      ["onetrust", onetrust("C0001:1,C0004:1"), onetrust("C0001:1,C0004:0")],
      ["tcf", `euconsent-v2=${granted}`, `euconsent-v2=${noPurpose1}`],
      ["cookiebot", cookiebot("true"), cookiebot("false")],
      ["cookie", "shop_consent=yes", "shop_consent=no"],
    ];
    for (const [platform, yes, no] of cases) {
      const withConsent = await land(workers[platform], LANDING, yes);
      assert.equal(withConsent.status, 200, platform);
      assert.ok(stored(withConsent)?.startsWith("v1."), `${platform}: ${withConsent.setCookies}`);
      assert.ok(withConsent.setCookies.some((c) => c.startsWith("rmStore=")), platform);
      const without = await land(workers[platform], LANDING, no);
      assert.equal(without.status, 200, platform);
      assert.deepEqual(without.setCookies.filter((c) => /^(edgepost_click|rmStore)=/.test(c)), [], platform);
      assert.match(without.html, /origin page \/products\/1/, `${platform}: the page is served as it is`);
      assert.equal(tokenOf(without.html), undefined, `${platform}: a refusal gets no consent script`);
    }
  });

  it("TCF: one URL with two networks is decided per network by their vendor ids", async () => {
    const only907 = makeTcString({ purposes: [1], vendors: [907] });
    const landing = await land(workers.tcf, `${LANDING}&awc=1001_1_abc`, `euconsent-v2=${only907}`);
    const value = stored(landing);
    assert.ok(value?.startsWith("v2."), landing.setCookies.join(" | "));
    const entries = Buffer.from(value.split(".")[1], "base64url").toString().split("~").map((e) => e.split("|")[0]);
    assert.deepEqual(entries, ["awin"]);
    assert.ok(!landing.setCookies.some((c) => c.startsWith("rmStore=")), "Rakuten's own cookie needs Rakuten's consent too");
  });

  it("undecided: the page gets the script and token; the consent route stores the click once the banner is accepted", async () => {
    const first = await land(workers.onetrust, LANDING, onetrust(null, 0));
    assert.deepEqual(first.setCookies.filter((c) => /^(edgepost_click|rmStore)=/.test(c)), []);
    const token = tokenOf(first.html);
    assert.ok(token?.startsWith("c1."), first.html);
    assert.match(first.html, /origin page \/products\/1/);
    const consent = (cookie, body, type = "application/x-www-form-urlencoded") =>
      fetch(`${workers.onetrust.url}/_edgepost/consent`, { method: "POST", headers: { "content-type": type, cookie }, body });
    // Still undecided, then refused: 204 and nothing stored.
    for (const cookie of [onetrust(null, 0), onetrust("C0004:0")]) {
      const r = await consent(cookie, `token=${encodeURIComponent(token)}`);
      assert.equal(r.status, 204);
      assert.equal(cookieValue(r.headers.getSetCookie(), "edgepost_click"), undefined);
    }
    const accepted = await consent(onetrust("C0001:1,C0004:1"), JSON.stringify({ token }), "application/json");
    assert.equal(accepted.status, 204);
    const cookie = cookieValue(accepted.headers.getSetCookie(), "edgepost_click");
    assert.ok(cookie?.startsWith("v1."), accepted.headers.getSetCookie().join(" | "));
    // The recovered click attributes a later order.
    const id = uniqueOrderId("CONSENT");
    const order = { order_id: id, status: "paid", currency: "USD", created_at: nowIso(), attribution: cookie,
      items: [{ sku: "S", name: "Thing", quantity: 1, unit_price: "10.00" }] };
    assert.equal((await postOrder(workers.onetrust.url, order)).status, 202);
    const [postback] = await eventually(() => rakuten.forOrder(id).length && rakuten.forOrder(id));
    assert.equal(postback.params.tr, "PUB1-abc123");
  });

  it("the consent route refuses a tampered, expired or missing token, and a huge body", async () => {
    const post = (body) => fetch(`${workers.onetrust.url}/_edgepost/consent`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: onetrust("C0004:1") }, body,
    });
    const now = Math.floor(Date.now() / 1000);
    const fresh = mintConsentToken([{ network: "rakuten", id: "PUB1-fresh", landedAt: now - 60 }]);
    assert.equal((await post(`token=${fresh}`)).status, 204, "a token minted from the documented format is taken");
    const tampered = fresh.slice(0, -2) + (fresh.endsWith("AA") ? "BB" : "AA");
    const refusals = [
      [`token=${tampered}`, 400, "invalid_token"],
      [`token=${mintConsentToken([{ network: "rakuten", id: "PUB1-old", landedAt: now - 7200 }])}`, 400, "token_expired"],
      ["other=1", 400, "invalid_body"],
      [`token=${"x".repeat(10000)}`, 413, "body_too_large"],
    ];
    for (const [body, status, error] of refusals) {
      const r = await post(body);
      assert.equal(r.status, status, error);
      assert.equal((await r.json()).error, error);
      assert.equal(cookieValue(r.headers.getSetCookie(), "edgepost_click"), undefined);
    }
    assert.equal((await fetch(`${workers.onetrust.url}/_edgepost/consent`)).status, 405);
  });

  it("an exempt cashback publisher is tracked whatever the banner says; others are not", async () => {
    const exempt = await land(workers.cookie, "/?ranSiteID=CASHBACK1-xyz&ranMID=12345", "shop_consent=no");
    assert.ok(stored(exempt)?.startsWith("v1."));
    const other = await land(workers.cookie, "/?ranSiteID=OTHER-xyz&ranMID=12345", "shop_consent=no");
    assert.equal(stored(other), undefined);
  });

  it("stats count the landing clicks by consent and the ones the consent route recovered", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const statsOf = async () => {
      const r = await fetch(`${workers.onetrust.url}/_edgepost/admin/api/stats?from=${today}&to=${today}`,
        { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } });
      return (await r.json()).days[0].consent;
    };
    // The tests above landed on this worker: one granted, one denied, one undecided later recovered.
    const consent = await eventually(async () => {
      const c = await statsOf();
      return c && c.granted >= 1 && c.denied >= 1 && c.undecided >= 1 && c.recovered >= 1 && c;
    });
    assert.deepEqual(Object.keys(consent), ["granted", "exempt", "denied", "undecided", "recovered"]);
    const dashboard = await (await fetch(`${workers.onetrust.url}/_edgepost/admin/api/dashboard`,
      { headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` } })).json();
    assert.match(dashboard.tiles.consent.this_week, /%$/);
    assert.ok(dashboard.tiles.consent.recovered >= 1);
  });

  it("with consent on, a plain page view is untouched", async () => {
    const page = await land(workers.onetrust, "/products/2?color=blue", "");
    assert.deepEqual(page.setCookies.filter((c) => /^(edgepost_click|rmStore)=/.test(c)), []);
    assert.equal(tokenOf(page.html), undefined);
  });
});

describe("the consent script's hash in the README", () => {
  it("is the hash of the script edgepost injects, so a hash-based policy allows it", () => {
    const hash = createHash("sha256").update(CONSENT_SCRIPT).digest("base64");
    assert.ok(readFileSync(path.join(root, "README.md"), "utf8").includes(`'sha256-${hash}'`), hash);
  });
});
