// Stand-in peers on loopback for tests and for scripts/dev: a merchant origin and a Rakuten
// postback endpoint. Both record what they receive so tests can assert on it.
import http from "node:http";

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

// A stand-in for Awin's Conversion API that checks what Awin's documentation asks (developer docs,
// "Conversion API"): POST /s2s/advertiser/<advertiserId>/orders, the x-api-key header, a JSON body
// {"orders": [{orderReference, amount (a number), channel, currency, awc}]}. A wrong key is 401, a
// malformed body 400; each accepted order is kept with its request.
export async function startAwin({ advertiserId, apiKey }, port = 0) {
  const orders = [];
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
    if (scripted?.status) return answer(scripted.status, { error: "scripted" });
    if (req.method !== "POST" || req.url !== `/s2s/advertiser/${advertiserId}/orders`) return answer(404, { error: "not found" });
    if (req.headers["x-api-key"] !== apiKey) return answer(401, { error: "unauthorized" });
    if (!(req.headers["content-type"] ?? "").startsWith("application/json")) return answer(415, { error: "json only" });
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      return answer(400, { error: "malformed json" });
    }
    const valid = Array.isArray(parsed.orders) && parsed.orders.length >= 1 && parsed.orders.every((o) =>
      typeof o.orderReference === "string" && typeof o.amount === "number" && typeof o.channel === "string" &&
      /^[A-Z]{3}$/.test(o.currency ?? "") && typeof o.awc === "string" && o.awc.length > 0);
    if (!valid) return answer(400, { error: "invalid orders" });
    for (const o of parsed.orders) orders.push({ ...o, request: entry });
    answer(200, { ok: true });
  });
  const actualPort = await listen(server, port);
  return {
    url: `http://127.0.0.1:${actualPort}`,
    orders,
    requests,
    respond: (fn) => (responder = fn),
    forOrder: (ord) => orders.filter((o) => o.orderReference === ord),
    close: () => {
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}
