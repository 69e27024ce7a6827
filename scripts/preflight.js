// scripts/preflight: asks a deployed edgepost what it knows of itself (the public health check, the
// admin health report, the alert channels, the last report import) and says in plain words what is
// in order and what is not. Exit 0 when nothing failed (warnings allowed), 1 when something did, 2
// for a wrong call. It reads; it changes nothing (no landing, no order, no alert).
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({ options: { "admin-url": { type: "string" } }, allowPositionals: true });
const shop = positionals[0]?.replace(/\/+$/, "");
if (!shop || !/^https?:\/\//.test(shop) || positionals.length !== 1) {
  console.error("usage: ADMIN_TOKEN=… scripts/preflight https://shop.example.com [--admin-url https://<ADMIN_HOST>]");
  process.exit(2);
}
const token = process.env.ADMIN_TOKEN ?? "";
const admin = (values["admin-url"] ?? shop).replace(/\/+$/, "");
let failed = 0;
const ok = (text) => console.log(`  ok    ${text}`);
const warn = (text) => console.log(`  note  ${text}`);
const bad = (text) => {
  failed++;
  console.log(`  FAIL  ${text}`);
};

async function get(url, auth) {
  try {
    const r = await fetch(url, { headers: auth ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(15_000) });
    const text = await r.text();
    let body = null;
    try { body = JSON.parse(text); } catch {}
    return { status: r.status, body };
  } catch (error) {
    return { status: 0, error: String(error?.cause?.code ?? error?.message ?? error) };
  }
}

console.log(`edgepost preflight: ${shop}${admin !== shop ? ` (admin at ${admin})` : ""}`);
const health = await get(`${shop}/_edgepost/health`);
if (health.status === 0) bad(`edgepost does not answer at ${shop}/_edgepost/health (${health.error}): is the Worker routed to this host?`);
else if (health.body?.ok === true) ok("edgepost answers on the shop's host, and its configuration is complete");
else if (health.body && "ok" in health.body) bad(`edgepost answers, but ${health.body.message ?? "its configuration is incomplete"}`);
else bad(`${shop}/_edgepost/health answered ${health.status} without edgepost's answer: the request did not reach edgepost`);

if (!token) {
  bad("ADMIN_TOKEN is not set here, so the admin health report cannot be read");
} else {
  const report = await get(`${admin}/_edgepost/admin/api/health`, true);
  if (report.status === 401) bad("the admin token was refused: it is not this deployment's ADMIN_TOKEN");
  else if (report.status === 404) bad(`no admin area at ${admin}: with ADMIN_HOST set, pass --admin-url https://<ADMIN_HOST>`);
  else if (!report.body?.networks) bad(`the admin health report could not be read (HTTP ${report.status}${report.error ? `, ${report.error}` : ""})`);
  else checkReport(report.body);
  if (report.body?.networks) {
    const alerts = await get(`${admin}/_edgepost/admin/api/alerts`, true);
    const channels = alerts.body?.channels ?? {};
    const active = Object.entries(channels).filter(([, state]) => state === "active").map(([c]) => c);
    if (active.length) ok(`alerts go out through ${active.join(" and ")}`);
    else warn("no alert channel is set (ALERT_WEBHOOK_URL with ALERT_WEBHOOK_SECRET, or ALERT_SLACK_WEBHOOK_URL): nobody is told when tracking breaks");
    for (const [channel, state] of Object.entries(channels)) if (state === "disabled") bad(`the ${channel} alert channel was switched off (it answered 410 Gone): set a new URL`);
    for (const a of alerts.body?.open ?? []) (a.severity === "critical" ? bad : warn)(`open alert ${a.type}: ${a.message}`);
    const recon = await get(`${admin}/_edgepost/admin/api/reconciliation`, true);
    const last = recon.body?.report;
    if (report.body.reconciliation?.report_pull) {
      if (last) ok(`Rakuten's report was last imported ${last.imported_at} (${last.source}, ${last.from} to ${last.to})`);
      else warn("the report pull is set, but no report was imported yet (it runs once a day with the scheduled run)");
    }
  }
}

function checkReport(h) {
  for (const p of h.problems ?? []) bad(p);
  for (const w of h.warnings ?? []) warn(w);
  if (h.mode === "shadow") warn("MODE is shadow: edgepost records what it would send and sends nothing; set MODE=live after the shadow week");
  else ok(`MODE is ${h.mode}`);
  for (const [name, n] of Object.entries(h.networks ?? {})) {
    if (n.state === "sending") ok(`${name}: ${n.why}${n.mode === "shadow" ? " (shadow: recorded, not sent)" : ""}`);
    else if (n.state === "misconfigured") bad(`${name}: ${n.why}`);
  }
  const observed = Object.entries(h.networks ?? {}).filter(([, n]) => n.state === "observing").map(([name]) => name);
  if (observed.length) warn(`observed, not sent to: ${observed.join(", ")} (their clicks still win the sales they earned)`);
  const providers = Object.entries(h.providers ?? {}).filter(([, on]) => on).map(([p]) => p);
  if (providers.length) ok(`orders arrive from: ${providers.map((p) => (p === "orders" ? "the orders API" : p)).join(", ")}`);
  else bad("no order source is set (ORDERS_API_SECRET, or a provider's webhook secret): edgepost will never see a sale");
  if (!h.cookie_secret_set) bad("COOKIE_SECRET is not set: no click can be kept");
  if (!h.admin) bad("ADMIN_TOKEN is not set on the deployment");
  if (!h.reconciliation?.report_pull) warn("RAKUTEN_REPORT_URL is not set: the daily comparison with Rakuten's own numbers is off");
}

console.log(failed ? `${failed} check(s) failed.` : "Everything edgepost can check is in order.");
process.exit(failed ? 1 : 0);
