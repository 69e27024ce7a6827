// The worker's entry point: a thin shell that asks the core what to do with each request and
// does it — proxy to the origin, add the cookies a landing earns, or serve an edgepost route.
import { CoreFailure, call, configure, configuredLimits, nowSeconds, proxyRules, requestMayNeedCore, shellError } from "./core.js";

import { orderShard } from "./order_shard.js";
import { alertDesk } from "./alert_desk.js";
import { dashboardPage, newNonce, pageHeaders, signInPage } from "./dashboard_page.js";
import { reportStore } from "./report_store.js";
import { consentScriptElement } from "./consent_script.js";
import { readLimited, readStreamLimited } from "./streams.js";
import { exportStore, importStore } from "./store_transfer.js";
import { log } from "./log.js";

export { OrderShard } from "./order_shard.js";
export { ReportStore } from "./report_store.js";
export { AlertDesk } from "./alert_desk.js";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const ACTION = { pass: 0, decorate: 1, route: 2, passWithLog: 3 };

export default {
  // The Cron Trigger (wrangler.toml [triggers]): the checks every run, the report pull once a day,
  // the weekly summary on Mondays. Under wrangler dev --test-scheduled, GET /__scheduled runs it.
  async scheduled(controller, env, ctx) {
    configure(env);
    ctx.waitUntil(runScheduled(env).catch((error) =>
      log("error", "scheduled_run_failed", { error: String(error?.message ?? error) })));
  },

  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    let code, output;
    try {
      configure(env);
      if (!requestMayNeedCore(request, url)) code = ACTION.pass;
      else ({ code, output } = call("request", {
        now: nowSeconds(),
        method: request.method,
        path: url.pathname,
        query: url.search.slice(1),
        cookie: request.headers.get("cookie") ?? "",
        authorization: request.headers.get("authorization") ?? "",
        origin: request.headers.get("origin") ?? "",
        host: request.headers.get("host") ?? "",
      }));
    } catch (error) {
      if (!(error instanceof CoreFailure)) throw error;
      // A page view never breaks because edgepost did: it goes to the origin undecorated. An
      // edgepost route (a webhook) gets a 5xx, so its sender tries again.
      logCoreFailure(error, url);
      if (url.pathname.startsWith("/_edgepost/")) return coreFailureResponse();
      return proxy(request, url, env);
    }
    if (code === ACTION.pass) return proxy(request, url, env);
    if (code < 0) {
      // The core refused the call (a bug it caught in itself, or shell and core disagree).
      logCoreFailure(new Error(output), url);
      if (url.pathname.startsWith("/_edgepost/")) return coreFailureResponse();
      return proxy(request, url, env);
    }
    const decision = JSON.parse(output);
    if (decision.log) log("info", "request", { message: decision.log, path: url.pathname });
    if (decision.landing_counts) countLandings(env, ctx, decision.landing_day, decision.landing_counts);
    if (code === ACTION.passWithLog) return proxy(request, url, env);
    if (code === ACTION.decorate) {
      if (decision.join?.keys.length) ctx.waitUntil(recordJoin(env, decision.join.keys, decision.join));
      let response = await proxy(request, url, env);
      if (decision.watch_response && decision.join) response = watchResponse(response, decision.join, env, ctx);
      if (decision.rewrite) response = rewriteHtml(response, decision.rewrite);
      if (decision.consent_token) response = addConsentScript(response, decision.consent_token);
      return decorate(response, decision.set_cookies);
    }
    try {
      return await serveRoute(decision, request, url, env, ctx);
    } catch (error) {
      // Whatever failed (the core here or in an order's shard, or storage), the sender gets a JSON
      // 5xx and sends again; every event is idempotent, so a retry never counts twice.
      logCoreFailure(error, url);
      return coreFailureResponse();
    }
  },
};

function logCoreFailure(error, url) {
  log("error", "core_failed", { path: url.pathname, error: String(error?.message ?? error) });
}

function coreFailureResponse() {
  return answerFrom(shellError("core_failed"));
}

// Everything outside /_edgepost/ goes to the origin as a reverse proxy sends it: method, body and
// headers as they came, but for what the core's proxy rules drop (hop-by-hop headers, forwarding
// headers a client could forge, edgepost's own session cookie and admin bearer); the origin's answer
// streams back untouched (redirects are passed on, not followed).
function proxy(request, url, env) {
  const origin = env.ORIGIN?.replace(/\/+$/, "");
  const headers = forwardedHeaders(request, env);
  const forwarded = headers ? new Request(request, { headers }) : request;
  if (!origin) return fetch(forwarded);
  return fetch(new Request(origin + url.pathname + url.search, forwarded));
}

// The headers to send when a rule applies to this request; null when it goes as it came (almost
// every page view: looking costs about 3 µs, 0.2 µs for each has(); copying the headers would cost
// 5 µs more; docs/PERFORMANCE.md). Before the core has configured (it failed to start), the request
// goes as it came: a page view never breaks because edgepost did.
function forwardedHeaders(request, env) {
  const rules = proxyRules();
  if (!rules) return null;
  const h = request.headers;
  let applies = false;
  for (const name of rules.drop_headers) {
    if (!h.has(name)) continue;
    if (name === rules.drop_headers_named_in && rules.connection_values_passed.includes(h.get(name).trim().toLowerCase())) continue;
    applies = true;
    break;
  }
  if (!applies) {
    const cookie = h.get("cookie");
    applies = cookie !== null && rules.strip_cookie_markers.some((m) => cookie.includes(m));
  }
  if (!applies && rules.strip_admin_bearer) applies = h.get("authorization") === `Bearer ${env.ADMIN_TOKEN}`;
  if (!applies) return null;
  const headers = new Headers(request.headers);
  for (const name of (request.headers.get(rules.drop_headers_named_in) ?? "").split(",")) {
    if (name.trim()) headers.delete(name.trim());
  }
  for (const name of rules.drop_headers) headers.delete(name);
  const cookie = headers.get("cookie");
  if (cookie) {
    const kept = cookie.split(";").filter((pair) => !rules.strip_cookies.includes(pair.split("=")[0].trim()));
    if (kept.length) headers.set("cookie", kept.join(";").trim());
    else headers.delete("cookie");
  }
  if (rules.strip_admin_bearer && headers.get("authorization") === `Bearer ${env.ADMIN_TOKEN}`) headers.delete("authorization");
  return headers;
}

function decorate(response, setCookies) {
  const decorated = new Response(response.body, response);
  for (const cookie of setCookies) decorated.headers.append("set-cookie", cookie);
  return decorated;
}

function jsonResponse(status, body) {
  return new Response(body, { status, headers: JSON_HEADERS });
}

// Checkout identifiers in the origin's answer (a redirect to Stripe Checkout, an order-received
// URL in WooCommerce's checkout JSON) become join keys. The response is not delayed: a JSON body
// is read from a copy after it has been sent.
function watchResponse(response, join, env, ctx) {
  const location = response.headers.get("location") ?? "";
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  const length = Number(response.headers.get("content-length") ?? 0);
  const watchedBytes = configuredLimits().watched_json_bytes;
  if (!location && !(isJson && length <= watchedBytes)) return response;
  let copy = null;
  if (isJson && length <= watchedBytes && response.body) {
    const [forClient, forUs] = response.body.tee();
    copy = forUs;
    response = new Response(forClient, response);
  }
  ctx.waitUntil((async () => {
    const body = copy ? new TextDecoder().decode(await readStreamLimited(copy, watchedBytes)) : "";
    const { code, output } = call("response_joins", { location, body });
    if (code > 0) await recordJoin(env, JSON.parse(output), join);
  })().catch((error) => log("error", "response_joins_failed", { error: String(error?.message ?? error) })));
  return response;
}

// Tags the elements the core names with the signed click, each as its provider's checkout reads
// it back: a link's parameter (Stripe's client_reference_id), a form's hidden input (a Shopify
// cart attribute), an element's attribute it does not have yet (Paddle.js's data-custom-data).
// Only HTML is touched; it streams through HTMLRewriter, and an element that cannot be tagged is
// left as it is.
const TAGGERS = {
  link_parameter: (tag) => (a) => {
    try {
      const href = new URL(a.getAttribute("href"));
      href.searchParams.set(tag.name, tag.value);
      a.setAttribute("href", href.toString());
    } catch {
      // not an absolute URL: left as it is
    }
  },
  hidden_input: (tag) => (form) => {
    form.append(`<input type="hidden" name="${htmlAttribute(tag.name)}" value="${htmlAttribute(tag.value)}">`, { html: true });
  },
  data_attribute: (tag) => (element) => {
    if (!element.hasAttribute(tag.name)) element.setAttribute(tag.name, tag.value);
  },
};

const htmlAttribute = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function rewriteHtml(response, tags) {
  if (!(response.headers.get("content-type") ?? "").includes("text/html")) return response;
  let rewriter = new HTMLRewriter();
  for (const tag of tags) if (TAGGERS[tag.how]) rewriter = rewriter.on(tag.selector, { element: TAGGERS[tag.how](tag) });
  return rewriter.transform(response);
}

// A landing whose consent is undecided: its HTML page gets the consent script with the click
// token, at the end of the document (browsers run it as the body's last element, whether or not
// the page writes a <body> tag) (README, "Consent").
function addConsentScript(response, token) {
  if (!(response.headers.get("content-type") ?? "").includes("text/html")) return response;
  const element = consentScriptElement(token, response.headers.get("content-security-policy"));
  return new HTMLRewriter().onDocument({ end(end) { end.append(element, { html: true }); } }).transform(response);
}

// POST /_edgepost/consent: the core stores the token's clicks if the consent cookie grants them now.
async function grantConsent(request, env, ctx) {
  const body = await readLimited(request, configuredLimits().consent_body_bytes);
  const { output } = call("consent_grant", {
    now: nowSeconds(), cookie: request.headers.get("cookie") ?? "", content_type: request.headers.get("content-type") ?? "", body,
  });
  const out = JSON.parse(output);
  if (out.error) return jsonResponse(out.status, output);
  if (out.landing_counts.length) countLandings(env, ctx, out.landing_day, out.landing_counts);
  const headers = new Headers({ "cache-control": "no-store" });
  for (const cookie of out.set_cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: out.status, headers });
}

// The landing counts of the stats (clicks by consent, clicks refused): gathered in the isolate and
// written after the response, at most once per landing_count_flush_ms, to a shard picked at random
// (the stats add up every shard's). A count still gathered when the isolate ends is lost: these are
// statistics, never an order.
const pendingLandingCounts = new Map();  // day → Map(state → clicks)
let landingFlushScheduled = false;

function countLandings(env, ctx, day, states) {
  const counts = pendingLandingCounts.get(day) ?? new Map();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  pendingLandingCounts.set(day, counts);
  if (landingFlushScheduled) return;
  landingFlushScheduled = true;
  ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, configuredLimits().landing_count_flush_ms)).then(() => flushLandingCounts(env)));
}

async function flushLandingCounts(env) {
  const days = [...pendingLandingCounts.entries()];
  pendingLandingCounts.clear();
  landingFlushScheduled = false;
  const shards = configuredLimits().order_shards;
  for (const [day, counts] of days) {
    try {
      await orderShard(env, Math.floor(Math.random() * shards)).countLandings(day, Object.fromEntries(counts));
    } catch (error) {
      log("error", "landing_count_failed", { error: String(error?.message ?? error) });
    }
  }
}

// Join keys are recorded after the response has gone: the page view does not wait for storage.
// Each key is recorded in the shard that holds it (the core names it), until the click expires.
async function recordJoin(env, keys, join) {
  const click = JSON.stringify(join.click);
  await Promise.all(keys.map(async ({ key, shard }) => {
    try {
      await orderShard(env, shard).recordClick(key, click, join.expires_at);
    } catch (error) {
      log("error", "join_record_failed", { key, error: String(error) });
    }
  }));
}

async function serveRoute(decision, request, url, env, ctx) {
  // A dashboard session's cookie is genuine; the session store says whether it was ended since.
  if (decision.session && !(await alertDesk(env).sessionLive(decision.session))) decision = decision.session_ended;
  if (decision.status) return jsonResponse(decision.status, decision.body);
  switch (decision.route) {
    case "orders":
      return receiveOrder(request, env);
    case "consent":
      return grantConsent(request, env, ctx);
    case "provider_webhook":
      return receiveProviderWebhook(decision, request, env);
    case "admin_retry_order":
      return retryOrder(decision.argument, env);
    case "admin_orders":
      return listOrders(url, env);
    case "admin_retry_dead":
      return retryDead(url, env);
    case "admin_stats":
      return stats(url, env);
    case "admin_reconciliation":
      return reconciliation(url, env, "days");
    case "admin_reconciliation_orders":
      return reconciliation(url, env, "orders");
    case "admin_reconciliation_csv":
      return reconciliation(url, env, "csv");
    case "admin_reconciliation_report":
      return importReport(request, env);
    case "admin_reconciliation_pull":
      return pullReport(env);
    case "admin_orders_csv":
      return ordersCsv(url, env);
    case "admin_sign_in":
      return new Response(signInPage(), { status: 200, headers: pageHeaders() });
    case "admin_page": {
      const nonce = newNonce();
      return new Response(dashboardPage(nonce), { status: 200, headers: pageHeaders(nonce) });
    }
    case "admin_login":
      return adminSession("login", request, env);
    case "admin_logout":
      return adminSession("logout", request, env);
    case "admin_logout_everywhere":
      return adminSession("logout_everywhere", request, env);
    case "admin_dashboard":
      return reconciliation(url, env, "dashboard");
    case "admin_alerts":
      return jsonResponse(200, JSON.stringify(await alertDesk(env).view()));
    case "admin_alerts_test":
      return testAlert(env);
    case "admin_export":
      return new Response(exportStore(storeObjects(env)), {
        status: 200,
        headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store",
          "content-disposition": `attachment; filename="edgepost-export-${new Date().toISOString().split("T")[0]}.ndjson"` },
      });
    case "admin_import":
      return answerFrom(await importStore(request, storeObjects(env)));
    case "admin_scheduled":
      return jsonResponse(200, JSON.stringify({ status: "ran", steps: await runScheduled(env) }));
    default:
      // Every route the core names is served above; reaching this is a core/shell mismatch.
      log("error", "unknown_route", { route: decision.route });
      return answerFrom(shellError("internal"));
  }
}


// A provider's webhook: the core verifies and reads it; the shell fetches what the core asks for
// before answering (the refunds of a Stripe charge), delivers each order event to its object, and forwards the webhook to the
// origin when the merchant asked for that.
async function receiveProviderWebhook(decision, request, env) {
  const limits = configuredLimits();
  const body = await readLimited(request, limits.max_body_bytes);
  let out = JSON.parse(call("provider_webhook", {
    now: nowSeconds(), provider: decision.argument,
    signature: decision.signature_header ? request.headers.get(decision.signature_header) ?? "" : "",
    topic: decision.topic_header ? request.headers.get(decision.topic_header) ?? "" : "",
    url: request.url,
    body,
  }).output);
  for (let page = 0; out.fetch_url && page < limits.provider_api_pages; page++) {
    let status = 0;
    let text = "";
    try {
      const r = await fetch(out.fetch_url, {
        headers: { authorization: out.fetch_authorization },
        signal: AbortSignal.timeout(limits.provider_fetch_timeout_ms),
      });
      status = r.status;
      text = r.body ? new TextDecoder().decode(await readStreamLimited(r.body, limits.max_body_bytes)) : "";
    } catch (error) {
      text = String(error);
    }
    out = JSON.parse(call("provider_continue", { now: nowSeconds(), continuation: out.continuation, status, body: text }).output);
  }
  if (out.log) log("info", "webhook", { provider: decision.argument, message: out.log });
  if (out.fetch_url) {
    // Shell and core disagree on how many pages one webhook may fetch. Nothing is stored, and the
    // provider is told to send the event again rather than given a 2xx for an order never stored.
    log("error", "webhook_pages_exceeded", { provider: decision.argument });
    return coreFailureResponse();
  }
  if (out.status >= 400) return jsonResponse(out.status, out.body);
  const answer = await storeArrivals(out, env);
  if (answer.status >= 400) return answerFrom(answer);
  // What edgepost chose not to use (a renewal RECURRING_SALES does not send, an unpaid session, …)
  // is answered 200 with the reason; the log keeps the reason too.
  const said = JSON.parse(answer.body);
  if (said.status === "ignored") log("info", "webhook_ignored", { provider: decision.argument, message: said.message });
  if (out.forward_to) {
    const forwarded = await fetch(out.forward_to, { method: "POST", headers: request.headers, body, redirect: "manual" });
    return new Response(forwarded.body, forwarded);
  }
  if (out.accepted) return new Response(out.accepted.body, { status: out.accepted.status, headers: { "content-type": "text/plain; charset=utf-8" } });
  return answerFrom(answer);
}

async function receiveOrder(request, env) {
  const body = await readLimited(request, configuredLimits().max_body_bytes);
  const { output } = call("orders_intake", {
    now: nowSeconds(),
    webhook_id: request.headers.get("webhook-id") ?? "",
    webhook_timestamp: request.headers.get("webhook-timestamp") ?? "",
    webhook_signature: request.headers.get("webhook-signature") ?? "",
    body,
  });
  const intake = JSON.parse(output);
  if (intake.log) log("info", "order", { message: intake.log });
  if (intake.status >= 400) return jsonResponse(intake.status, intake.body);
  return answerFrom(await storeArrivals(intake, env));
}

// Hands each order event to the shard the core addressed it to (the shard stores it before
// answering). The first refusal wins, else the last answer.
async function storeArrivals(intake, env) {
  let answer = { status: intake.status, body: intake.body };
  for (const arrival of intake.arrivals) {
    const a = await orderShard(env, arrival.shard).ingest(arrival.key, arrival.shard, arrival.arrival);
    if (answer.status < 400) answer = a;
  }
  return answer;
}

// Every shard, for the routes that ask them all (the core names how many it hashes keys over).
const storeObjects = (env) => ({ shard: (i) => orderShard(env, i), reports: () => reportStore(env), alerts: () => alertDesk(env) });
const allShards = (env) => Array.from({ length: configuredLimits().order_shards }, (_, i) => orderShard(env, i));

function planLedgerQuery(url, withStates) {
  const { code, output } = call("ledger_plan", { now: nowSeconds(), query: url.search.slice(1), with_states: withStates ? "states" : "" });
  const plan = JSON.parse(output);
  if (code === 200) Object.assign(plan, { from: plan.days[0], to: plan.days[plan.days.length - 1] });
  return { ok: code === 200, plan };
}

// Each shard lists its own orders in the route's order (day, ord, key); the lists are merged.
async function listOrders(url, env) {
  const { ok, plan } = planLedgerQuery(url, true);
  if (!ok) return jsonResponse(plan.status, plan.body);
  if (plan.states.includes("quarantined")) return listQuarantined(env);
  const limit = configuredLimits().order_list_limit;
  const lists = await Promise.all(allShards(env).map((s) => s.listOrders(plan.from, plan.to, plan.states, limit + 1)));
  const rows = lists.flat().sort(compareListed);
  const records = rows.slice(0, limit).map((r) => r.record);
  // The records are the core's stored JSON, placed into the answer as they are.
  return jsonResponse(200, `{"orders":[${records.join(",")}],"truncated":${rows.length > limit}}`);
}

function compareListed(a, b) {
  const order = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  return order(a.day, b.day) || order(a.order_id, b.order_id) || order(a.order_key, b.order_key);
}

// Records the core could not read: their key, ord, the reason and the stored text as it is.
async function listQuarantined(env) {
  const limit = configuredLimits().order_list_limit;
  const lists = await Promise.all(allShards(env).map((s) => s.listQuarantined(limit + 1)));
  const rows = lists.flat().sort((a, b) => (a.order_key < b.order_key ? -1 : 1));
  return jsonResponse(200, JSON.stringify({ quarantined: rows.slice(0, limit), truncated: rows.length > limit }));
}

// An order is named by its `ord` (or its key); any shard may hold it under that `ord`, so each is asked.
async function retryOrder(orderId, env) {
  const answers = (await Promise.all(allShards(env).map((s) => s.requeueOrder(orderId)))).filter((a) => a);
  if (!answers.length) {
    return answerFrom(shellError("unknown_order", { order_id: orderId }));
  }
  return answerFrom(answers.find((a) => a.status === 202) ?? answers[0]);
}

async function retryDead(url, env) {
  const { ok, plan } = planLedgerQuery(url, false);
  if (!ok) return jsonResponse(plan.status, plan.body);
  const counts = await Promise.all(allShards(env).map((s) => s.requeueWhere(plan.from, plan.to, ["dead", "rejected"])));
  return jsonResponse(202, JSON.stringify({ status: "requeued", orders: counts.reduce((a, b) => a + b, 0) }));
}

async function stats(url, env) {
  const { ok, plan } = planLedgerQuery(url, false);
  if (!ok) return jsonResponse(plan.status, plan.body);
  const parts = await Promise.all(allShards(env).map((s) => s.grouped(plan.from, plan.to)));
  const rows = parts.flatMap((p) => p.rows);
  const quarantined = parts.reduce((n, p) => n + p.quarantined, 0);
  const { code, output } = call("stats", { now: nowSeconds(), query: url.search.slice(1), grouped: JSON.stringify(rows), quarantined });
  return jsonResponse(code, output);
}

// A report as downloaded from Rakuten, posted by the merchant: the core reads it, the store keeps it.
async function importReport(request, env) {
  const body = await readLimited(request, configuredLimits().max_body_bytes);
  const out = JSON.parse(call("report_import", { now: nowSeconds(), report: body }).output);
  if (out.status === 200) await reportStore(env).importReport(out.store, nowSeconds());
  return jsonResponse(out.status, out.body);
}

async function pullReport(env) {
  const pulled = await pullAndImport(env);
  return jsonResponse(pulled.out.status, pulled.out.body);
}

// Pulls RAKUTEN_REPORT_URL for the days the core names and imports it. The URL carries Rakuten's
// token: it is never logged, only the status is. Answers the core's outcome and Rakuten's status.
async function pullAndImport(env) {
  const plan = JSON.parse(call("report_pull_plan", { now: nowSeconds() }).output);
  const limits = configuredLimits();
  if (plan.status !== 200) return { out: plan, rakutenStatus: null };
  let status = 0;
  let text = "";
  try {
    const r = await fetch(plan.url, { redirect: "follow", signal: AbortSignal.timeout(limits.report_timeout_ms) });
    status = r.status;
    // The core's largest report; one byte more is read, so the core sees a larger one as larger
    // and refuses it.
    text = r.body ? new TextDecoder().decode(await readStreamLimited(r.body, limits.report_max_bytes)) : "";
  } catch (error) {
    text = String(error?.name ?? error);
  }
  log("info", "report_pull", { status, from: plan.from, to: plan.to });
  const out = JSON.parse(call("report_pulled", { now: nowSeconds(), from: plan.from, to: plan.to, status, body: text }).output);
  if (out.status === 200) await reportStore(env).importReport(out.store, nowSeconds());
  return { out, rakutenStatus: status };
}

// What reconciliation and the checks read of a range: every shard's grouped rows and ledger sides
// (the sides over the core's wider range) and the report store's view.
async function reconciliationRows(env, plan) {
  const [parts, sides, report] = await Promise.all([
    Promise.all(allShards(env).map((s) => s.grouped(plan.from, plan.to))),
    Promise.all(allShards(env).map((s) => s.ledgerSides(plan.wide_from, plan.wide_to))),
    reportStore(env).view(plan.wide_from, plan.wide_to),
  ]);
  return {
    grouped: JSON.stringify(parts.flatMap((p) => p.rows)),
    quarantined: String(parts.reduce((n, p) => n + p.quarantined, 0)),
    sides: JSON.stringify(sides.flat()),
    reportOrders: JSON.stringify(report.orders),
    covered: JSON.stringify(report.covered),
    report: report.report,
  };
}

// The scheduled run: the steps the core's plan names, in its order (pull, checks, weekly).
async function runScheduled(env) {
  const desk = alertDesk(env);
  const due = await desk.plan();
  const pulled = { pull_status: "", pull_imported: "" };
  let rows = null;
  for (const step of due.steps) {
    if (step === "pull") {
      const result = await pullAndImport(env);
      pulled.pull_status = String(result.rakutenStatus ?? 0);
      pulled.pull_imported = result.out.status === 200 ? "1" : "";
      continue;
    }
    if (!rows) rows = await checkRows(env, due);
    if (step === "checks") await desk.check({ ...rows, ...pulled });
    else if (step === "weekly") await desk.weekly(rows);
    else throw new Error(`the core planned a step this shell does not know: ${step}`);
  }
  return due.steps;
}

// What the checks read: the rows of the core's check range and the latest sale any shard holds.
async function checkRows(env, due) {
  const { ok, plan } = planLedgerQuery(new URL(`http://x/?from=${due.from}&to=${due.to}`), false);
  if (!ok) throw new Error(`the core refused its own check range: ${plan.body}`);
  const rows = await reconciliationRows(env, plan);
  const lastSaleAt = Math.max(0, ...(await Promise.all(allShards(env).map((s) => s.lastSaleAt()))));
  return { grouped: rows.grouped, sides: rows.sides, report_orders: rows.reportOrders, covered: rows.covered, last_sale: lastSaleAt };
}

// Signing in and out: the session store (the alert desk) runs the core's decision and keeps what
// it says, one request at a time. Failed sign-ins are counted per client address, as Cloudflare's
// edge names it (CF-Connecting-IP; behind another proxy, README "Self-host on workerd" says what
// to set): without one, every client shares one count.
async function adminSession(action, request, env) {
  const form = action === "login" ? await readLimited(request, configuredLimits().sign_in_body_bytes) : "";
  const out = await alertDesk(env).adminSession({
    action, form,
    cookie: request.headers.get("cookie") ?? "",
    address: request.headers.get("cf-connecting-ip") ?? "",
    random: action === "login" ? randomSessionId() : "",
  });
  if (out.status !== 303) {
    const headers = pageHeaders();
    if (out.retry_after) headers["retry-after"] = String(out.retry_after);
    return new Response(signInPage(out.message), { status: out.status, headers });
  }
  return new Response(null, { status: 303, headers: { location: out.location, "set-cookie": out.set_cookie, "cache-control": "no-store" } });
}

function randomSessionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(configuredLimits().session_random_bytes));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_");
}

async function testAlert(env) {
  const channels = await alertDesk(env).test();
  const sent = channels.filter((c) => c.state !== "not_configured");
  if (!sent.length) {
    return answerFrom(shellError("not_configured"));
  }
  return jsonResponse(200, JSON.stringify({ status: "sent", channels: sent }));
}

// Both sides of the range (widened by the core's margin), matched by the core: the days, the
// orders, or the orders as CSV.
async function reconciliation(url, env, what) {
  const { ok, plan } = planLedgerQuery(url, false);
  if (!ok) return jsonResponse(plan.status, plan.body);
  const rows = await reconciliationRows(env, plan);
  const { code, output } = call("reconciliation", {
    now: nowSeconds(), query: url.search.slice(1), view: what, grouped: rows.grouped, quarantined: rows.quarantined,
    sides: rows.sides, report_orders: rows.reportOrders, covered: rows.covered, last_import: rows.report,
  });
  if (what === "csv" && code === 200) return csvResponse(output, "edgepost-reconciliation", plan);
  return jsonResponse(code, output);
}

async function ordersCsv(url, env) {
  const { ok, plan } = planLedgerQuery(url, true);
  if (!ok) return jsonResponse(plan.status, plan.body);
  const limit = configuredLimits().orders_export_limit;
  const lists = await Promise.all(allShards(env).map((s) => s.exportRows(plan.from, plan.to, plan.states, limit)));
  const rows = lists.flat().sort(compareListed).slice(0, limit);
  const { output } = call("orders_csv", { rows: JSON.stringify(rows) });
  return csvResponse(output, "edgepost-orders", plan);
}

function csvResponse(text, name, plan) {
  return new Response(text, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${plan.from}-${plan.to}.csv"`,
      "cache-control": "no-store",
    },
  });
}

function answerFrom(answer) {
  return jsonResponse(answer.status, answer.body);
}
