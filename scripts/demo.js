// The local demo behind scripts/dev: a small shop (the origin), stand-ins for two networks — a
// Rakuten endpoint and Awin's Conversion API — that print what they receive, and edgepost itself on
// workerd (wrangler dev) in front of the shop. Ports: edgepost 8787, shop 8788, Rakuten stand-in
// 8789, alert receiver 8790, Awin stand-in 8791 (override with EDGEPOST_DEMO_PORT_BASE). A fresh dev-state/ is seeded with a week of orders and a Rakuten report,
// so the dashboard has something to show.
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";
import { listen, startAwin, startRakuten } from "../tests/integration/standins.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const base = Number(process.env.EDGEPOST_DEMO_PORT_BASE ?? 8787);
const ports = { worker: base, shop: base + 1, rakuten: base + 2, alerts: base + 3, awin: base + 4 };
const workerUrl = `http://localhost:${ports.worker}`;
// The dashboard has an origin of its own (README, "Security"): the same worker, another host name.
const adminUrl = `http://127.0.0.1:${ports.worker}`;
const demo = {
  RAKUTEN_MID: "12345",
  COOKIE_SECRET: "demo-cookie-secret-change-me-0123456789",
  ORDERS_API_SECRET: "whsec_" + Buffer.from("demo orders api secret, change me").toString("base64"),
  ADMIN_TOKEN: "demo-admin-token-0123456789abcdef0123",
  ADMIN_HOST: `127.0.0.1:${ports.worker}`,
  RETRY_SCHEDULE: "5,30,120",
  ALERT_WEBHOOK_SECRET: "whsec_" + Buffer.from("demo alert secret, change me").toString("base64"),
  AWIN_ADVERTISER_ID: "1001",
  AWIN_API_KEY: "demo-awin-api-key-change-me",
};

const products = {
  "TSHIRT-BLUE": { name: "Blue T-shirt", price: "19.99" },
  "MUG-1": { name: "Mug & Co", price: "7.50" },
};

function page(title, body) {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px system-ui;margin:2rem;max-width:40rem}button{font-size:1rem}</style>
<h1>${title}</h1>${body}`;
}

function cookieFrom(header, name) {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return "";
}

// Unique across runs: dev-state/ keeps earlier orders, and a repeated id would be a duplicate.
const runPrefix = Date.now().toString(36).toUpperCase().slice(-5);
let orderNumber = 0;

// The merchant's own backend: on checkout it confirms the order to edgepost through the generic
// orders API, passing the attribution cookie it received. This is the only integration a
// merchant without Stripe/Shopify/WooCommerce writes.
async function confirmOrder(attribution, sku, quantity) {
  const order = {
    order_id: `DEMO-${runPrefix}-${++orderNumber}`,
    status: "paid",
    currency: "USD",
    created_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    items: [{ sku, name: products[sku].name, quantity, unit_price: products[sku].price }],
    discount: "1.00",
    attribution,
  };
  const body = JSON.stringify(order);
  const id = `demo_${order.order_id}`;
  const now = new Date();
  const r = await fetch(`http://127.0.0.1:${ports.worker}/_edgepost/orders`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(demo.ORDERS_API_SECRET).sign(id, now, body),
    },
    body,
  });
  return { order, status: r.status, answer: await r.text() };
}

const shop = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.method === "POST" && url.pathname === "/checkout") {
    const attribution = cookieFrom(req.headers.cookie, "edgepost_click");
    const sku = url.searchParams.get("sku") in products ? url.searchParams.get("sku") : "TSHIRT-BLUE";
    const result = await confirmOrder(attribution, sku, 2);
    console.log(`[shop] order ${result.order.order_id} confirmed to edgepost: ${result.status} ${result.answer}`);
    res.writeHead(303, { location: `/thank-you?order=${result.order.order_id}` });
    return res.end();
  }
  if (url.pathname === "/thank-you") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(page("Thank you!", `<p>Order ${url.searchParams.get("order")} is paid.</p>
<p>It goes to the network of your last affiliate click: see the terminal, or
<a href="http://localhost:${ports.rakuten}/">the Rakuten stand-in</a>.</p>`));
  }
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  const list = Object.entries(products).map(([sku, p]) =>
    `<li>${p.name} — $${p.price} <form method="post" action="/checkout?sku=${sku}" style="display:inline">
<button>Buy 2</button></form></li>`).join("");
  const clicked = cookieFrom(req.headers.cookie, "edgepost_click") ? "yes" : "no (arrive through the affiliate link)";
  res.end(page("Demo shop", `<ul>${list}</ul><p>Affiliate click recorded: ${clicked}</p>`));
});
await listen(shop, ports.shop);

const rakuten = await startRakuten(ports.rakuten);
rakuten.respond((p) => {
  // The seeded week is quiet; one of its orders is refused, so the dashboard has one to retry.
  if (p.params.ord?.startsWith("SEED-")) return p.params.ord.endsWith("-R") ? { body: "<good>0</good><bad>1</bad>" } : null;
  console.log(`\n[rakuten] postback received for ord=${p.params.ord}:\n  ${p.raw}\n`);
  return null;
});

// Awin's Conversion API stand-in checks the key and the body as Awin documents them.
const awin = await startAwin({ advertiserId: demo.AWIN_ADVERTISER_ID, apiKey: demo.AWIN_API_KEY }, ports.awin);
awin.respond((entry) => {
  if (!entry.body.includes("SEED-")) console.log(`\n[awin] conversion received:\n  ${entry.body}\n`);
  return null;
});

// Alerts arrive here as Standard Webhooks, checked with the standardwebhooks package.
const alertReceiver = http.createServer(async (req, res) => {
  let body = "";
  for await (const chunk of req) body += chunk;
  try {
    const event = new Webhook(demo.ALERT_WEBHOOK_SECRET).verify(body, req.headers);
    console.log(`\n[alert] ${event.type}: ${event.data.alert?.message ?? JSON.stringify(event.data)}\n`);
  } catch (error) {
    console.log(`[alert] refused a delivery whose signature did not verify: ${error}`);
  }
  res.writeHead(204);
  res.end();
});
await listen(alertReceiver, ports.alerts);

const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(ports.worker), "--persist-to",
  path.join(root, "dev-state"), "--show-interactive-dev-session=false",
  "--var", `ORIGIN:http://127.0.0.1:${ports.shop}`, "--var", `RAKUTEN_ENDPOINT:http://127.0.0.1:${ports.rakuten}/ep`,
  "--var", `ALERT_WEBHOOK_URL:http://127.0.0.1:${ports.alerts}/`, "--var", `PUBLIC_URL:${workerUrl}`,
  "--var", `AWIN_API_BASE:http://127.0.0.1:${ports.awin}`, "--test-scheduled"];
for (const [k, v] of Object.entries(demo)) args.push("--var", `${k}:${v}`);
const worker = spawn("npx", args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });

for (let i = 0; i < 240; i++) {
  try {
    await (await fetch(`http://127.0.0.1:${ports.worker}/_edgepost/health`)).text();
    break;
  } catch {
    await new Promise((r) => setTimeout(r, 500));
  }
}
await seedWeek();

console.log(`
────────────────────────────────────────────────────────────────────────────
 edgepost is running on workerd in front of a demo shop.

 1. Click this test affiliate link (a Rakuten click landing on the shop):
      ${workerUrl}/?ranSiteID=TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw&ranMID=12345&ranEAID=TnL5HPStwNw
 2. Press "Buy 2" on a product. The shop confirms the order to edgepost.
 3. Watch the postback arrive here, and at http://localhost:${ports.rakuten}/
 4. Now click an Awin affiliate's link, then buy again: the last click wins, so this sale goes to
    Awin's Conversion API only (printed here as [awin]), and Rakuten is not told:
      ${workerUrl}/?awc=1001_demo_${runPrefix}

 Dashboard:     ${adminUrl}/_edgepost/admin/   (its own origin: ADMIN_HOST)
                sign in with the admin token ${demo.ADMIN_TOKEN}
 Health:        ${workerUrl}/_edgepost/health
 Scheduled run: ${workerUrl}/__scheduled  (the hourly checks, now)
 Admin API (the same token):
   curl -H 'authorization: Bearer ${demo.ADMIN_TOKEN}' ${adminUrl}/_edgepost/admin/api/stats
   curl -H 'authorization: Bearer ${demo.ADMIN_TOKEN}' '${adminUrl}/_edgepost/admin/api/orders?state=accepted'
 State is kept in dev-state/. Stop with Ctrl-C.
────────────────────────────────────────────────────────────────────────────
`);

// A fresh dev-state/ gets the week before today: 4 to 9 orders a day, most through an affiliate
// click, one refused by the Rakuten stand-in, and Rakuten's report for the days it would cover
// (one amount recorded in cents, one order only the pixel saw).
async function seedWeek() {
  const admin = { authorization: `Bearer ${demo.ADMIN_TOKEN}` };
  const stats = await (await fetch(`http://127.0.0.1:${ports.worker}/_edgepost/admin/api/stats`, { headers: admin })).json();
  if (stats.days.some((d) => d.orders > 0)) return;
  const rows = ["Member ID (U1),Order ID,SKU,Transaction Date,Sales,Currency"];
  const mdyy = (d) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${String(d.getUTCFullYear()).slice(2)}`;
  let n = 0;
  for (let daysAgo = 7; daysAgo >= 1; daysAgo--) {
    const count = 4 + ((daysAgo * 5) % 6);
    for (let i = 0; i < count; i++) {
      const at = new Date(Date.now() - daysAgo * 86400_000 + i * 600_000);
      const sku = i % 3 === 0 ? "MUG-1" : "TSHIRT-BLUE";
      const id = `SEED-${runPrefix}-${++n}${daysAgo === 3 && i === 1 ? "-R" : ""}`;
      const attributed = i % 5 !== 4;
      // A few of the week's sales were won by other networks: Awin (sent to its stand-in) and CJ
      // (observed: its own tracking reports it).
      const network = attributed && i === 2 ? (daysAgo % 2 ? "awin" : "cj") : "rakuten";
      const order = {
        order_id: id, status: "paid", currency: "USD", created_at: at.toISOString().replace(/\.\d+Z$/, "Z"),
        items: [{ sku, name: products[sku].name, quantity: 1 + (i % 2), unit_price: products[sku].price }],
        ...(attributed && network === "rakuten" ? { click: { site_id: "TnL5HPStwNw-DemoSeed", landed_at: new Date(at - 3600_000).toISOString().replace(/\.\d+Z$/, "Z"), mid: "12345" } } : {}),
        ...(network !== "rakuten" ? { click: { network, click_id: `${network}-demo-${n}`, landed_at: new Date(at - 1800_000).toISOString().replace(/\.\d+Z$/, "Z") } } : {}),
      };
      const body = JSON.stringify(order);
      const msg = `seed_${id}`;
      await fetch(`http://127.0.0.1:${ports.worker}/_edgepost/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": msg, "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
          "webhook-signature": new Webhook(demo.ORDERS_API_SECRET).sign(msg, new Date(), body) },
        body,
      });
      const total = (Number(products[sku].price) * (1 + (i % 2))).toFixed(2);
      if (attributed && network === "rakuten" && daysAgo >= 2 && !id.endsWith("-R")) rows.push(`u1,${id},${sku},${mdyy(at)},${n === 3 ? (Number(total) * 100).toFixed(2) : total},USD`);
    }
  }
  rows.push(`u1,PIXEL-ONLY-${runPrefix},TSHIRT-BLUE,${mdyy(new Date(Date.now() - 4 * 86400_000))},19.99,USD`);
  await new Promise((r) => setTimeout(r, 3000));  // the seeded postbacks go out
  const report = await fetch(`http://127.0.0.1:${ports.worker}/_edgepost/admin/api/reconciliation/report`, {
    method: "POST", headers: { ...admin, "content-type": "text/csv" }, body: rows.join("\r\n") + "\r\n",
  });
  console.log(`[demo] seeded ${n} orders over the last 7 days and a Rakuten report: ${report.status} ${await report.text()}`);
}

function stop() {
  worker.kill("SIGTERM");
  alertReceiver.close();
  awin.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
worker.on("exit", (code) => process.exit(code ?? 0));
