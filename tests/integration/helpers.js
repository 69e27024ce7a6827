// Test-side peers of the worker, written independently of the code under test: orders signed
// with the standardwebhooks npm package, and attribution cookies minted with Node's crypto from
// the format documented in the README.
import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { TEST_SECRETS } from "./harness.js";

let deliveries = 0;

export function signedOrderRequest(order, { secret = TEST_SECRETS.ORDERS_API_SECRET, at = new Date(), id } = {}) {
  const body = typeof order === "string" ? order : JSON.stringify(order);
  const msgId = id ?? `msg_${process.pid}_${++deliveries}_${Date.now()}`;
  const signature = new Webhook(secret).sign(msgId, at, body);
  return {
    signedAt: at.getTime(),
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": msgId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body,
  };
}

export function postOrder(workerUrl, order, options) {
  return fetch(`${workerUrl}/_edgepost/orders`, signedOrderRequest(order, options));
}

// v1.<base64url(site|landed|mid|eaid)>.<base64url(HMAC-SHA256(secret, "edgepost-click-v1." + payload))>
export function mintAttributionCookie({ siteId, landedAt, mid = "", eaid = "" }, secret = TEST_SECRETS.COOKIE_SECRET) {
  const payload = Buffer.from(`${siteId}|${landedAt}|${mid}|${eaid}`).toString("base64url");
  const mac = createHmac("sha256", secret).update(`edgepost-click-v1.${payload}`).digest("base64url");
  return `v1.${payload}.${mac}`;
}

// v2.<base64url(entries joined by "~")>.<base64url(HMAC-SHA256(secret, "edgepost-click-v2." + payload))>,
// each entry <network>|<click id>|<landed>|<mid>|<eaid> (README, "Networks"): minted here from the
// documented format, never with the code under test.
export function mintClickSetCookie(clicks, secret = TEST_SECRETS.COOKIE_SECRET) {
  const entries = clicks.map(({ network, id, landedAt, mid = "", eaid = "" }) => `${network}|${id}|${landedAt}|${mid}|${eaid}`);
  const payload = Buffer.from(entries.join("~")).toString("base64url");
  const mac = createHmac("sha256", secret).update(`edgepost-click-v2.${payload}`).digest("base64url");
  return `v2.${payload}.${mac}`;
}

export function cookieValue(setCookieHeaders, name) {
  for (const header of setCookieHeaders) {
    const [pair] = header.split(";");
    const eq = pair.indexOf("=");
    if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1);
  }
  return undefined;
}

let orderCounter = 0;
export function uniqueOrderId(prefix = "T") {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++orderCounter}`;
}

export function nowIso(offsetSeconds = 0) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
}

export function rakutenTime(date) {
  const p = (n) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}_${p(date.getUTCHours())}${p(date.getUTCMinutes())}`;
}
