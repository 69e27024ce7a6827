// Stand-in peers on loopback for tests and for scripts/dev: a merchant origin, a Rakuten postback
// endpoint, the networks' APIs, an alert receiver and a report server. Each records what it
// receives so tests can assert on it.
import http from "node:http";
import { Webhook } from "standardwebhooks";

export function listen(server, port = 0) {
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server.address().port)));
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

// The origin answers every request; tests add routes with origin.route(path, handler).
export async function startOrigin(port = 0) {
  const routes = new Map();
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url, "http://origin");
    requests.push({ method: req.method, url: req.url, path: url.pathname, headers: req.headers, body });
    const handler = routes.get(url.pathname);
    if (handler) return handler(req, res, { url, body });
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "x-origin": "demo",
      "set-cookie": ["origin_session=s1; Path=/; HttpOnly", "origin_pref=dark; Path=/"],
    });
    res.end(`<!doctype html><title>Origin</title><p>origin page ${url.pathname}</p>`);
  });
  const actualPort = await listen(server, port);
  return {
    url: `http://127.0.0.1:${actualPort}`,
    requests,
    route: (path, handler) => routes.set(path, handler),
    close: () => new Promise((r) => server.close(r)),
  };
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// GET / on the stand-in: what arrived, newest first, for a person watching the demo.
function listPostbacks(res, postbacks) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  const rows = postbacks.slice().reverse().map((p) =>
    `<li><b>ord=${escapeHtml(p.params.ord ?? "")}</b> → ${escapeHtml(String(p.answered?.status ?? "no answer"))}<br><code>${escapeHtml(p.raw)}</code></li>`);
  res.end(`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Rakuten stand-in</title>
<h1>Postbacks received</h1><ol>${rows.join("") || "none yet"}</ol>`);
}

// Rakuten's endpoint: answers like track.linksynergy.com/ep with xml=1 (<good>n</good>, n = SKU
// count). Tests script other answers: rakuten.respond((url) => ({status, body, headers})).
export async function startRakuten(port = 0) {
  const postbacks = [];
  let responder = null;
  const server = http.createServer(async (req, res) => {
    await readBody(req);
    const url = new URL(req.url, "http://rakuten");
    if (url.pathname === "/") return listPostbacks(res, postbacks);
    const entry = { at: Date.now(), url: req.url, params: Object.fromEntries(url.searchParams), raw: req.url };
    postbacks.push(entry);
    const scripted = responder ? await responder(entry) : null;
    if (scripted?.hang) return; // never answers: the worker's timeout must fire
    const lines = (url.searchParams.get("skulist") ?? "").split("|").filter(Boolean).length;
    const status = scripted?.status ?? 200;
    const body = scripted?.body ?? `<?xml version="1.0"?><response><good>${lines}</good><bad>0</bad></response>`;
    entry.answered = { status, body };
    res.writeHead(status, { "content-type": "text/xml", ...(scripted?.headers ?? {}) });
    res.end(body);
  });
  const actualPort = await listen(server, port);
  return {
    url: `http://127.0.0.1:${actualPort}/ep`,
    postbacks,
    respond: (fn) => (responder = fn),
    forOrder: (ord) => postbacks.filter((p) => p.params.ord === ord),
    close: () => {
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}

// A network's JSON API stand-in: checks the method and path, the credentials (`authorized(headers)`:
// 401 otherwise), the JSON content type (415), and the body (`valid(json)`: 400 otherwise); each
// accepted body is kept with its request, and answered by `reply(json)` ({status, json}) when given.
// `respond` scripts an answer first (a status to fail with, and the JSON to answer it with).
// `form` ({method, path, valid(params)}) takes one more route whose body is form-encoded.
async function startJsonApi({ path, authorized, valid, reply, refusal = { error: "unauthorized" }, form }, port = 0) {
  const accepted = [];
  const formAccepted = [];
  const requests = [];
  let responder = null;
  const server = http.createServer(async (req, res) => {
    const body = (await readBody(req)).toString();
    const entry = { at: Date.now(), method: req.method, path: req.url, headers: req.headers, body };
    requests.push(entry);
    const answer = (status, json) => {
      entry.answered = { status };
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    const scripted = responder ? await responder(entry) : null;
    if (scripted?.status) return answer(scripted.status, scripted.json ?? { error: "scripted" });
    if (form && req.method === form.method && req.url === form.path) {
      if (!authorized(req.headers)) return answer(401, refusal);
      if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return answer(415, { error: "form only" });
      const params = Object.fromEntries(new URLSearchParams(body));
      if (!form.valid(params)) return answer(400, { error: "invalid form" });
      formAccepted.push({ params, request: entry });
      return answer(200, { Status: "QUEUED", QueuedUri: `${path}/APISubmissions/${formAccepted.length}` });
    }
    if (req.method !== "POST" || req.url !== path) return answer(404, { error: "not found" });
    if (!authorized(req.headers)) return answer(401, refusal);
    if (!(req.headers["content-type"] ?? "").startsWith("application/json")) return answer(415, { error: "json only" });
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      return answer(400, { error: "malformed json" });
    }
    if (!valid(parsed)) return answer(400, { error: "invalid body" });
    accepted.push({ json: parsed, request: entry });
    const replied = reply ? reply(parsed) : { status: 200, json: { Status: "QUEUED" } };
    answer(replied.status, replied.json);
  });
  const actualPort = await listen(server, port);
  return {
    url: `http://127.0.0.1:${actualPort}`,
    accepted,
    formAccepted,
    requests,
    respond: (fn) => (responder = fn),
    close: () => {
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}

// Awin's Conversion API (developer docs, "Conversion API"): POST /s2s/advertiser/<id>/orders with
// x-api-key and {"orders": [{orderReference, amount (a number), channel, currency, awc}]}.
export async function startAwin({ advertiserId, apiKey }, port = 0) {
  const api = await startJsonApi({
    path: `/s2s/advertiser/${advertiserId}/orders`,
    authorized: (h) => h["x-api-key"] === apiKey,
    valid: (b) => Array.isArray(b.orders) && b.orders.length >= 1 && b.orders.every((o) =>
      typeof o.orderReference === "string" && typeof o.amount === "number" && typeof o.channel === "string" &&
      /^[A-Z]{3}$/.test(o.currency ?? "") && typeof o.awc === "string" && o.awc.length > 0),
  }, port);
  const orders = () => api.accepted.flatMap((a) => a.json.orders.map((o) => ({ ...o, request: a.request })));
  return { ...api, forOrder: (ord) => orders().filter((o) => o.orderReference === ord) };
}

// Impact's Conversions API (Brand API reference): POST /Advertisers/<SID>/Conversions with HTTP
// Basic (account SID, auth token) and a JSON conversion: CampaignId and EventTypeId (numbers),
// OrderId, EventDate (ISO 8601), ClickId, CurrencyCode, and numbered item fields.
// A whole reversal is DELETE /Advertisers/<SID>/Actions, form-encoded, naming the action by
// ActionTrackerId and OrderId with a DispositionCode ("Reverse an action").
const IMPACT_DISPOSITIONS = ["REJECTED", "CONS_INFO_INVALID", "CONS_ERROR", "CONS_FRAUD", "ITEM_RETURNED", "ITEM_OUT_OF_STOCK",
  "ORDER_ERROR", "PUB_ACT_DISPUTE", "NOT_COMPLIANCE_TERMS", "MP_RETURNED", "OTHER"];
export async function startImpact({ accountSid, authToken }, port = 0) {
  const expected = "Basic " + Buffer.from(`${accountSid}:${authToken}`).toString("base64");
  const api = await startJsonApi({
    form: {
      method: "DELETE", path: `/Advertisers/${accountSid}/Actions`,
      valid: (p) => (p.ActionId !== undefined || (/^\d+$/.test(p.ActionTrackerId ?? "") && (p.OrderId ?? "") !== "")) &&
        IMPACT_DISPOSITIONS.includes(p.DispositionCode),
    },
    path: `/Advertisers/${accountSid}/Conversions`,
    authorized: (h) => h.authorization === expected,
    valid: (b) => Number.isInteger(b.CampaignId) && Number.isInteger(b.EventTypeId) && typeof b.OrderId === "string" &&
      !Number.isNaN(Date.parse(b.EventDate)) && typeof b.ClickId === "string" && /^[A-Z]{3}$/.test(b.CurrencyCode ?? "") &&
      typeof b.ItemSku1 === "string" && Number.isInteger(b.ItemQuantity1) && typeof b.ItemPrice1 === "number",
  }, port);
  return {
    ...api,
    forOrder: (ord) => api.accepted.filter((a) => a.json.OrderId === ord).map((a) => ({ ...a.json, request: a.request })),
    reversalsOf: (ord) => api.formAccepted.filter((a) => a.params.OrderId === ord).map((a) => a.params),
  };
}

// CJ's Tracking API (developer docs, "Advertiser API Tracking"; the schema its endpoint publishes):
// POST /graphql with a Bearer personal access token and {query, variables}. The stand-in reads the
// three mutations edgepost sends (createOrders, restateOrders, cancelOrders) with their input lists
// as variables, validates each input as the schema types it (ID and NonNegativeInt, decimal text
// amounts, Instants not in the future, at most 100 items, the CorrectionReason enum), and answers
// as CJ does: the orders it took, or the mutation's own errors inside a 200. It keeps each order's
// latest state: created, restated (replaced whole) or declined.
const CJ_MUTATIONS = {
  createOrders: { input: "OrderCreateRequest", argument: "newOrders", time: "eventTime" },
  restateOrders: { input: "OrderRestateRequest", argument: "restatedOrders", time: "updateTime" },
  cancelOrders: { input: "OrderCancelRequest", argument: "cancelledOrders", time: "updateTime" },
};
const CJ_REASONS = ["BadDebt", "Bankruptcy", "BookingCanceled", "CannotShipSoldOut", "Compliance", "DuplicateOrder",
  "InvalidCreditCard", "Other", "ReturnedMerchandise", "UnqualifiedLead"];

export async function startCj({ token }, port = 0) {
  const orders = new Map();  // orderId → { state, order }
  const decimal = (v) => v === undefined || (typeof v === "string" && /^\d+(\.\d+)?$/.test(v));
  const mutationOf = (query) => {
    const m = /^mutation\(\$orders: \[(\w+)!\]!\) \{ (\w+)\((\w+): \$orders\) \{/.exec(query ?? "");
    const known = m && CJ_MUTATIONS[m[2]];
    return known && known.input === m[1] && known.argument === m[3] ? m[2] : null;
  };
  // The first problem with one input, as CJ's field-level validation names it; null when none.
  const problem = (name, o) => {
    const spec = CJ_MUTATIONS[name];
    if (typeof o.enterpriseId !== "string" || !Number.isInteger(o.actionTrackerId) || o.actionTrackerId < 0 ||
        typeof o.orderId !== "string" || o.orderId.length === 0) return { message: "identity is required", fields: ["enterpriseId", "actionTrackerId", "orderId"] };
    const time = o[spec.time];
    if ((name !== "createOrders" || time !== undefined) && Number.isNaN(Date.parse(time))) return { message: `${spec.time} must be an Instant`, fields: [spec.time] };
    if (Date.parse(time) > Date.now() + 1000) return { message: `${spec.time} may not be in the future`, fields: [spec.time] };
    if (o.correctionReason !== undefined && !CJ_REASONS.includes(o.correctionReason)) return { message: "unknown correctionReason", fields: ["correctionReason"] };
    if (name === "cancelOrders") return o.status === undefined || o.status === "Declined" ? null : { message: "status may only be Declined", fields: ["status"] };
    if (!decimal(o.amount) || !decimal(o.discount)) return { message: "amounts are non-negative decimals", fields: ["amount", "discount"] };
    if (typeof o.cjEvent !== "string" || !/^[A-Z]{3}$/.test(o.currency ?? "")) return { message: "cjEvent and currency are required", fields: ["cjEvent", "currency"] };
    if (!Array.isArray(o.items) || o.items.length > 100) return { message: "Order may not have more than 100 items", fields: ["items"] };
    for (const item of o.items)
      if (typeof item.sku !== "string" || !decimal(item.unitPrice) || !Number.isInteger(item.quantity) || item.quantity < 0)
        return { message: "items need sku, unitPrice and quantity", fields: ["items"] };
    return null;
  };
  const api = await startJsonApi({
    path: "/graphql",
    authorized: (h) => h.authorization === `Bearer ${token}`,
    refusal: { errors: [{ message: "Unauthorized" }] },
    valid: (b) => typeof b.query === "string" && Array.isArray(b.variables?.orders),
    reply: (b) => {
      const name = mutationOf(b.query);
      if (!name) return { status: 200, json: { errors: [{ message: "Validation error: unknown operation" }], data: null } };
      const errors = b.variables.orders.map((o) => problem(name, o)).filter(Boolean);
      if (errors.length) return { status: 200, json: { data: { [name]: { orders: null, errors } } } };
      const taken = b.variables.orders.map((o, i) => {
        orders.set(o.orderId, { state: { createOrders: "created", restateOrders: "restated", cancelOrders: "declined" }[name], order: o });
        return { orderId: o.orderId, submissionId: `sub-${Date.now()}-${i}` };
      });
      return { status: 200, json: { data: { [name]: { orders: taken, errors: null } } } };
    },
  }, port);
  const calls = () => api.accepted.flatMap((a) => {
    const name = mutationOf(a.json.query);
    return a.json.variables.orders.map((o) => ({ mutation: name, ...o, request: a.request }));
  });
  return { ...api, calls, forOrder: (ord) => calls().filter((c) => c.orderId === ord), stateOf: (ord) => orders.get(ord) };
}

export const ALERT_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

// A stand-in alert receiver: Standard Webhooks deliveries are verified with the standardwebhooks
// package (never with the code under test); Slack messages are kept as they came. `answers` lists
// statuses to answer with before the usual 200, per path.
export async function startAlertReceiver() {
  const verified = [];
  const refused = [];
  const slack = [];
  const answers = { "/hook": [], "/slack": [] };
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const status = answers[req.url]?.shift() ?? 200;
    if (status === 200 && req.url === "/hook") {
      try {
        verified.push(new Webhook(ALERT_SECRET).verify(body, req.headers));
      } catch (error) {
        refused.push(String(error));
      }
    }
    if (status === 200 && req.url === "/slack") slack.push(JSON.parse(body));
    res.writeHead(status);
    res.end();
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, verified, refused, slack, answers, close: () => new Promise((r) => server.close(r)) };
}

export async function startReportServer() {
  const state = { body: "", requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    res.writeHead(200, { "content-type": "text/csv" });
    res.end(state.body);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, state, close: () => new Promise((r) => server.close(r)) };
}
