// The worker's entry point: a thin shell that asks the core what to do with each request and
// does it — proxy to the origin, add the cookies a landing earns, or serve an edgepost route.
import { OP, call, configure, nowSeconds } from "./core.js";

import { ledgerFor } from "./order_object.js";

export { OrderObject } from "./order_object.js";
export { LedgerObject } from "./ledger_object.js";
export { JoinObject } from "./join_object.js";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const ACTION = { pass: 0, decorate: 1, route: 2, passWithLog: 3 };

export default {
  async fetch(request, env, ctx) {
    configure(env);
    const url = new URL(request.url);
    const { code, output } = call(OP.request, [
      String(nowSeconds()),
      request.method,
      url.pathname,
      url.search.slice(1),
      request.headers.get("cookie") ?? "",
      request.headers.get("authorization") ?? "",
    ]);
    if (code === ACTION.pass) return proxy(request, url, env);
    const decision = JSON.parse(output);
    if (decision.log) console.log(JSON.stringify({ edgepost: "request", message: decision.log, path: url.pathname }));
    if (code === ACTION.passWithLog) return proxy(request, url, env);
    if (code === ACTION.decorate) {
      if (decision.join) ctx.waitUntil(recordJoin(env, decision.join));
      return decorate(await proxy(request, url, env), decision.set_cookies);
    }
    return serveRoute(decision, request, url, env);
  },
};

// Everything outside /_edgepost/ goes to the origin as it came: method, headers, body, and the
// origin's answer streams back untouched (redirects are passed on, not followed).
function proxy(request, url, env) {
  const origin = env.ORIGIN?.replace(/\/+$/, "");
  if (!origin) return fetch(request);
  return fetch(new Request(origin + url.pathname + url.search, request));
}

function decorate(response, setCookies) {
  const decorated = new Response(response.body, response);
  for (const cookie of setCookies) decorated.headers.append("set-cookie", cookie);
  return decorated;
}

function jsonResponse(status, body) {
  return new Response(body, { status, headers: JSON_HEADERS });
}

// Join keys are recorded after the response has gone: the page view does not wait for storage.
async function recordJoin(env, join) {
  const click = JSON.stringify(join.click);
  for (const key of join.keys) {
    try {
      await env.JOINS.get(env.JOINS.idFromName(key)).recordClick(click);
    } catch (error) {
      console.error(JSON.stringify({ edgepost: "join_record_failed", key, error: String(error) }));
    }
  }
}

async function serveRoute(decision, request, url, env) {
  if (decision.status) return jsonResponse(decision.status, decision.body);
  switch (decision.route) {
    case "orders":
      return receiveOrder(request, env);
    case "admin_retry_order":
      return answerFrom(await orderObject(env, "order:" + decision.argument).requeue());
    case "admin_orders":
      return listOrders(url, env);
    case "admin_retry_dead":
      return retryDead(url, env);
    case "admin_stats":
      return stats(url, env);
    default:
      return jsonResponse(
        501,
        JSON.stringify({ error: "not_implemented", message: `${decision.route} is not available in this version` }),
      );
  }
}

async function receiveOrder(request, env) {
  const { output: health } = call(OP.health, []);
  const maxBodyBytes = JSON.parse(health).max_body_bytes;
  const body = await readLimited(request, maxBodyBytes);
  const { output } = call(OP.ordersIntake, [
    String(nowSeconds()),
    request.headers.get("webhook-id") ?? "",
    request.headers.get("webhook-timestamp") ?? "",
    request.headers.get("webhook-signature") ?? "",
    body,
  ]);
  const intake = JSON.parse(output);
  if (intake.log) console.log(JSON.stringify({ edgepost: "order", message: intake.log }));
  if (intake.status >= 400) return jsonResponse(intake.status, intake.body);
  return answerFrom(await orderObject(env, intake.object).ingest(intake.arrival));
}

const ORDER_LIST_LIMIT = 100;

function planLedgerQuery(url, withStates) {
  const { code, output } = call(OP.ledgerPlan, [String(nowSeconds()), url.search.slice(1), withStates ? "states" : ""]);
  return { ok: code === 200, plan: JSON.parse(output) };
}

async function orderIdsIn(env, plan, states, limit) {
  const ids = [];
  for (const day of plan.days) {
    if (ids.length >= limit) break;
    ids.push(...(await ledgerFor(env, day).orderIds(states, limit - ids.length)));
  }
  return ids;
}

async function listOrders(url, env) {
  const { ok, plan } = planLedgerQuery(url, true);
  if (!ok) return jsonResponse(plan.status, plan.body);
  const ids = await orderIdsIn(env, plan, plan.states, ORDER_LIST_LIMIT + 1);
  const records = await Promise.all(ids.slice(0, ORDER_LIST_LIMIT).map((id) => orderObject(env, "order:" + id).view()));
  return jsonResponse(200, JSON.stringify({ orders: records, truncated: ids.length > ORDER_LIST_LIMIT }));
}

async function retryDead(url, env) {
  const { ok, plan } = planLedgerQuery(url, false);
  if (!ok) return jsonResponse(plan.status, plan.body);
  const ids = await orderIdsIn(env, plan, ["dead", "rejected"], 10_000);
  let requeued = 0;
  for (const id of ids) if ((await orderObject(env, "order:" + id).requeue()).status === 202) requeued++;
  return jsonResponse(202, JSON.stringify({ status: "requeued", orders: requeued }));
}

async function stats(url, env) {
  const { ok, plan } = planLedgerQuery(url, false);
  if (!ok) return jsonResponse(plan.status, plan.body);
  const rows = (await Promise.all(plan.days.map((day) => ledgerFor(env, day).grouped(day)))).flat();
  const { code, output } = call(OP.stats, [String(nowSeconds()), url.search.slice(1), JSON.stringify(rows)]);
  return jsonResponse(code, output);
}

function orderObject(env, name) {
  return env.ORDERS.get(env.ORDERS.idFromName(name));
}

function answerFrom(answer) {
  return jsonResponse(answer.status, answer.body);
}

// Reads at most limit + 1 bytes: enough for the core to see that a body is too large without
// holding a huge one in memory.
async function readLimited(request, limit) {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      break;
    }
  }
  const body = new Uint8Array(Math.min(size, limit + 1));
  let at = 0;
  for (const chunk of chunks) {
    const take = Math.min(chunk.length, body.length - at);
    body.set(chunk.subarray(0, take), at);
    at += take;
    if (at === body.length) break;
  }
  return body;
}
