// The dashboard's two pages, as served at /_edgepost/admin/: the sign-in form, and the dashboard,
// which reads the admin API with its session cookie and shows what it answers. Presentation only:
// every number, rate, set and sentence on it comes from the core through the API. The page loads
// nothing from anywhere else (the policy below forbids it), so it works behind any firewall.

// A page's headers. Its one script runs by the nonce made for this response, and no other script
// can (no 'unsafe-inline'); the sign-in page has none (nonce null: no script at all).
export function pageHeaders(nonce = null) {
  return {
    ...PAGE_HEADERS,
    "content-security-policy":
      `default-src 'none'; script-src ${nonce ? `'nonce-${nonce}'` : "'none'"}; style-src 'unsafe-inline'; img-src data:; ` +
      "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  };
}

export function newNonce() {
  return crypto.randomUUID().replaceAll("-", "");
}

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  // same-origin, not no-referrer: with no-referrer a form's POST carries "Origin: null", which the
  // same-origin check (src/requests/request_decision.cpp) refuses.
  "referrer-policy": "same-origin",
  "x-content-type-options": "nosniff",
};

const STYLE = `
:root { color-scheme: light; --ink:#111827; --muted:#6b7280; --line:#e5e7eb; --ok:#16a34a; --warn:#d97706; --bad:#dc2626; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f9fafb; }
header { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 12px 16px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 18px; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 999px; font-size: 12px; background: #eef2ff; color: #3730a3; }
.banner { padding: 12px 14px; border-radius: 8px; margin-bottom: 16px; background: #ecfdf5; border: 1px solid #a7f3d0; }
.banner.alert { background: #fef2f2; border-color: #fecaca; }
.banner p { margin: 4px 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin-bottom: 16px; }
.tile, section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
section { margin-bottom: 16px; overflow-x: auto; }
.tile .label { color: var(--muted); font-size: 13px; }
.tile .value { font-size: 26px; font-weight: 600; }
.tile .before { color: var(--muted); font-size: 13px; }
h2 { font-size: 16px; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
tr.day { cursor: pointer; }
tr.day:hover, tr.order:hover { background: #f3f4f6; }
tr.order { cursor: pointer; }
button, .button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #d1d5db; background: #fff; cursor: pointer; color: inherit; text-decoration: none; }
button.primary { background: #111827; color: #fff; border-color: #111827; }
pre { white-space: pre-wrap; word-break: break-word; background: #f3f4f6; padding: 8px; border-radius: 6px; font-size: 12px; }
.muted { color: var(--muted); }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
svg { width: 100%; height: auto; }
form.signin { max-width: 360px; margin: 12vh auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 20px; }
form.signin input { width: 100%; font: inherit; padding: 8px; margin: 8px 0 12px; border: 1px solid #d1d5db; border-radius: 6px; }
.error { color: var(--bad); }
`;

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

export function signInPage(message = "") {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>edgepost — sign in</title><style>${STYLE}</style></head><body>
<form class="signin" method="post" action="/_edgepost/admin/login">
<h1>edgepost</h1>
<p class="muted">Sign in with the admin token (<code>ADMIN_TOKEN</code>).</p>
${message ? `<p class="error" id="sign-in-error">${escapeHtml(message)}</p>` : ""}
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button class="primary" type="submit">Sign in</button>
</form></body></html>`;
}

export function dashboardPage(nonce) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>edgepost</title><style>${STYLE}</style></head><body>
<header><h1>edgepost <span class="badge" id="mode"></span></h1>
<div class="row"><form method="post" action="/_edgepost/admin/logout"><button type="submit">Sign out</button></form>
<form method="post" action="/_edgepost/admin/logout-everywhere"><button type="submit" id="sign-out-everywhere" title="Ends every dashboard session, in every browser">Sign out everywhere</button></form></div></header>
<main>
<div class="banner" id="banner">Loading…</div>
<div class="row" style="margin:-8px 0 16px"><button id="test-alert">Send a test alert</button><span id="test-alert-result" class="muted"></span></div>
<div class="tiles" id="tiles"></div>
<section><h2>Last 28 days</h2><div id="chart"></div></section>
<section><h2>Sales per network, 7 days</h2><p class="muted">Each sale goes to the network of its last click; a network edgepost only observes reports its own.</p>
<table id="networks"><thead><tr><th>Network</th><th>Won</th><th>Sent</th><th>Accepted</th><th>Won, not sent (observed)</th><th>Dead</th></tr></thead><tbody></tbody></table></section>
<section id="switch-over" hidden><h2>Switch-over report (shadow mode)</h2><div id="switch-over-body"></div></section>
<section><h2>Rakuten's report</h2><p id="report"></p>
<div class="row"><input type="file" id="report-file" accept=".csv,text/csv"><button id="upload">Upload report</button>
<span id="upload-result" class="muted"></span></div></section>
<section><h2>Per day</h2><p class="muted">Select a day for its orders.</p>
<table id="days"><thead><tr><th>Day</th><th>Orders</th><th>Attributed</th><th>Accepted</th><th>At Rakuten</th><th>Matched</th><th>Amounts differ</th><th>Missing at Rakuten</th><th>Only at Rakuten</th></tr></thead><tbody></tbody></table>
<div class="row" style="margin-top:8px"><a class="button" id="orders-csv" href="#">Orders CSV</a><a class="button" id="reconciliation-csv" href="#">Reconciliation CSV</a></div></section>
<section id="orders-section" hidden><h2 id="orders-title"></h2>
<table id="orders"><thead><tr><th>ord</th><th>Attribution</th><th>Items</th><th>Click</th><th>Postback</th></tr></thead><tbody></tbody></table></section>
<section id="order-section" hidden><h2 id="order-title"></h2><div id="order-body"></div>
<div class="row"><button id="retry">Retry its postbacks</button><span id="retry-result" class="muted"></span></div></section>
</main>
<script nonce="${nonce}">
"use strict";
const api = (path, init) => fetch("/_edgepost/admin/api/" + path, Object.assign({ credentials: "same-origin" }, init));
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
};
let selectedOrder = null;

async function load() {
  const [dashboard, alerts] = await Promise.all([api("dashboard").then((r) => r.json()), api("alerts").then((r) => r.json())]);
  const rec = dashboard.reconciliation;
  document.getElementById("mode").textContent = dashboard.mode === "shadow" ? "shadow mode" : "live";
  const banner = document.getElementById("banner");
  banner.replaceChildren();
  banner.className = alerts.open.length ? "banner alert" : "banner";
  if (!alerts.open.length) banner.append(el("p", { textContent: "All clear: no open alert." }));
  for (const a of alerts.open) banner.append(el("p", { className: "open-alert" }, el("strong", { textContent: a.type + ": " }), a.message));

  const t = dashboard.tiles;
  const tiles = document.getElementById("tiles");
  tiles.replaceChildren();
  const tile = (id, label, value, before) => tiles.append(el("div", { className: "tile", id },
    el("div", { className: "label", textContent: label }), el("div", { className: "value", textContent: value }),
    el("div", { className: "before", textContent: before })));
  tile("tile-click-capture", "Click capture (attributed ÷ orders), 7 days", t.click_capture.this_week, "week before: " + t.click_capture.previous_week);
  tile("tile-delivery", "Delivery (accepted ÷ sales to send)", t.delivery.this_week, "week before: " + t.delivery.previous_week);
  tile("tile-rakuten-match", "Rakuten match (matched ÷ accepted)", t.rakuten_match.this_week, "week before: " + t.rakuten_match.previous_week);
  if (t.consent) {
    tile("tile-consent", "Consent (clicks stored ÷ landing clicks), 7 days", t.consent.this_week,
      "denied " + t.consent.denied + " · undecided " + t.consent.undecided + " · recovered " + t.consent.recovered + " · week before: " + t.consent.previous_week);
  }
  for (const [currency, a] of Object.entries(t.amounts)) {
    tile("tile-amount-" + currency, "Accepted " + currency + ", 7 days", a.accepted, "Rakuten: " + a.rakuten + " · week before: " + a.accepted_previous_week);
  }
  document.getElementById("chart").innerHTML = dashboard.chart_svg;  // SVG the core drew from numbers only
  const networkRows = Object.entries(dashboard.networks).map(([name, n]) => el("tr", { className: "network" },
    el("td", { textContent: name }), el("td", { textContent: String(n.won) }), el("td", { textContent: String(n.sent) }),
    el("td", { textContent: String(n.accepted) }), el("td", { textContent: String(n.observed) }), el("td", { textContent: String(n.dead) })));
  for (const row of networkRows) row.dataset.network = row.firstChild.textContent;
  document.querySelector("#networks tbody").replaceChildren(...networkRows);

  const report = rec.report;
  document.getElementById("report").textContent = report
    ? "Last import: " + report.source + " at " + report.imported_at + ", covering " + report.from + " to " + report.to + " (" + report.orders + " orders, " + report.rows + " rows)."
    : "No report imported yet: upload one, or set RAKUTEN_REPORT_URL to pull it daily.";

  const so = rec.switch_over;
  document.getElementById("switch-over").hidden = !so;
  if (so) {
    document.getElementById("switch-over-body").replaceChildren(
      el("p", { textContent: "Both: " + so.both + " · edgepost only (the uplift): " + so.edgepost_only + " · Rakuten only (fix first): " + so.rakuten_only + " · amounts differ: " + so.amounts_differ }),
      el("p", { id: "verdict" }, el("strong", { textContent: so.verdict === "go" ? "Go. " : "Not yet. " }), so.message));
  }

  const body = document.querySelector("#days tbody");
  body.replaceChildren();
  for (const d of [...rec.days].reverse()) {
    const row = el("tr", { className: "day" });
    row.dataset.day = d.day;
    for (const v of [d.day, d.orders, d.attributed, d.accepted, d.rakuten_orders, d.matched, d.amount_mismatch, d.missing_at_rakuten, d.only_at_rakuten]) {
      row.append(el("td", { textContent: String(v) }));
    }
    row.addEventListener("click", () => showDay(d.day));
    body.append(row);
  }
  const range = "from=" + rec.from + "&to=" + rec.to;
  document.getElementById("orders-csv").href = "/_edgepost/admin/api/orders.csv?" + range;
  document.getElementById("reconciliation-csv").href = "/_edgepost/admin/api/reconciliation.csv?" + range;
}

async function showDay(day) {
  const { orders } = await api("orders?from=" + day + "&to=" + day).then((r) => r.json());
  document.getElementById("orders-section").hidden = false;
  document.getElementById("orders-title").textContent = "Orders of " + day;
  const body = document.querySelector("#orders tbody");
  body.replaceChildren();
  for (const o of orders) {
    const sale = (o.deliveries || []).find((d) => d.id === "sale");
    const row = el("tr", { className: "order" });
    row.dataset.ord = o.order_id;
    const items = o.sale ? o.sale.items.map((i) => i.quantity + " × " + i.sku).join(", ") : "";
    for (const v of [o.order_id, o.attribution, items, o.click ? o.click.site_id : "—", sale ? sale.state : "none"]) {
      row.append(el("td", { textContent: String(v) }));
    }
    row.addEventListener("click", () => showOrder(o));
    body.append(row);
  }
  document.getElementById("orders-section").scrollIntoView();
}

function showOrder(o) {
  selectedOrder = o.order_id;
  document.getElementById("order-section").hidden = false;
  document.getElementById("order-title").textContent = "Order " + o.order_id;
  const parts = [el("p", { textContent: "Attribution: " + o.attribution + (o.click ? " · click " + o.click.site_id + " (" + o.click_source + ", landed " + o.click.landed_at_utc + ")" : "") })];
  if (o.items_note) parts.push(el("p", { className: "muted", textContent: o.items_note }));
  for (const d of o.deliveries || []) {
    parts.push(el("h3", { textContent: "Postback " + d.id + ": " + d.state }));
    parts.push(el("pre", { textContent: d.url }));
    const list = el("ul", { className: "attempts" });
    for (const a of d.attempts) list.append(el("li", { textContent: new Date(a.at * 1000).toISOString() + " · HTTP " + a.status + " · " + a.verdict + " · " + a.detail }));
    parts.push(list);
  }
  document.getElementById("order-body").replaceChildren(...parts);
  document.getElementById("retry-result").textContent = "";
  document.getElementById("order-section").scrollIntoView();
}

document.getElementById("retry").addEventListener("click", async () => {
  const r = await api("orders/" + encodeURIComponent(selectedOrder) + "/retry", { method: "POST" });
  const answer = await r.json();
  document.getElementById("retry-result").textContent = answer.message || answer.status;
});

document.getElementById("test-alert").addEventListener("click", async () => {
  const r = await api("alerts/test", { method: "POST" });
  const answer = await r.json();
  document.getElementById("test-alert-result").textContent = r.ok
    ? answer.channels.map((c) => c.channel + ": " + c.state + (c.last_status ? " (HTTP " + c.last_status + ")" : "")).join(" · ")
    : answer.message;
});

document.getElementById("upload").addEventListener("click", async () => {
  const file = document.getElementById("report-file").files[0];
  const out = document.getElementById("upload-result");
  if (!file) { out.textContent = "Choose the report's CSV file first."; return; }
  const r = await api("reconciliation/report", { method: "POST", headers: { "content-type": "text/csv" }, body: await file.text() });
  const answer = await r.json();
  out.textContent = r.ok ? "Imported " + answer.orders + " orders (" + answer.rows + " rows)." : answer.message;
  if (r.ok) load();
});

load().catch((error) => { document.getElementById("banner").textContent = "The dashboard could not load: " + error; });
</script></body></html>`;
}
