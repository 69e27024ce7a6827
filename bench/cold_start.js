// A cold start: a fresh workerd process (so a fresh isolate, which compiles the wasm module on first
// use) from its spawn to the answer of its first request, polled every few milliseconds until it
// answers. The bare pass-through worker's first page view is the baseline; edgepost's first landing
// and first order webhook (signed, stored, acknowledged) are what a merchant's first shopper or
// first provider event waits for. Medians of RUNS fresh processes each.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Webhook } from "standardwebhooks";
import { writeWorkerdConfig } from "./workerd_config.js";

const root = path.resolve(import.meta.dirname, "..");
const SMOKE = process.env.EDGEPOST_BENCH_SMOKE === "1";
const RUNS = SMOKE ? 1 : Number(process.env.BENCH_COLD_RUNS ?? 7);
const SECRET = "whsec_" + Buffer.from("cold start bench secret").toString("base64");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const workerdBin = path.join(root, "node_modules/@cloudflare/workerd-linux-64/bin/workerd");

// Spawn to the first successful answer of `request()`, in two parts: spawn to the port accepting a
// connection (workerd reads the config and compiles the worker's modules, the wasm one included,
// before it listens), then that first request alone (instantiating, configuring and the first
// calls, which V8 compiles function by function as they are first reached). The second part is
// timed apart because a process's spawn varies by more than the changes it should show.
async function connects(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

export async function firstAnswer(config, port, request) {
  const start = performance.now();
  const child = spawn(workerdBin, ["serve", config, "--experimental"], { stdio: ["ignore", "ignore", "inherit"] });
  try {
    let listening = null;
    for (let i = 0; i < 8000 && listening === null; i++) {
      if (await connects(port)) listening = performance.now();
      else await new Promise((r) => setTimeout(r, 1));
    }
    if (listening === null) throw new Error("workerd never listened");
    const sent = performance.now();
    const r = await request();
    await r.arrayBuffer();
    const answered = performance.now();
    if (r.status >= 500) throw new Error(`the first request was answered ${r.status}`);
    return { ms: answered - start, listening_ms: listening - start, first_request_ms: answered - sent, status: r.status };
  } finally {
    child.kill();
    await new Promise((r) => child.once("exit", r));
  }
}

export async function coldStartBenchmark({ port = 18895 } = {}) {
  const origin = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>Shop</title><p>Product</p>");
  });
  await new Promise((r) => origin.listen(port + 1, "127.0.0.1", r));
  const vars = { RAKUTEN_MID: "12345", COOKIE_SECRET: "bench-cookie-secret-0123456789", ORDERS_API_SECRET: SECRET,
    ORIGIN: `http://127.0.0.1:${port + 1}`, RAKUTEN_ENDPOINT: `http://127.0.0.1:${port + 1}/ep` };
  const base = `http://127.0.0.1:${port}`;
  const configOf = (kind) => writeWorkerdConfig({ root, dir: mkdtempSync(path.join(os.tmpdir(), `edgepost-bench-cold-${kind}-`)), kind, port, vars });
  const landing = () => fetch(`${base}/products/1?ranSiteID=TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw&ranMID=12345`);
  let n = 0;
  const order = () => {
    const body = JSON.stringify({ order_id: `COLD-${Date.now()}-${n++}`, status: "paid", currency: "USD", created_at: new Date().toISOString(),
      items: [{ sku: "S", name: "Shirt", quantity: 1, unit_price: "19.99" }], click: { site_id: "COLD", landed_at: new Date(Date.now() - 60_000).toISOString() } });
    const id = `msg_cold_${n}`;
    const now = new Date();
    return fetch(`${base}/_edgepost/orders`, { method: "POST", body, headers: { "content-type": "application/json", "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(SECRET).sign(id, now, body) } });
  };
  const kinds = ["bare", "page", "landing", "order"];
  const runs = Object.fromEntries(kinds.map((k) => [k, []]));
  try {
    for (let i = 0; i < RUNS; i++) {
      // Alternated, so drift in the machine falls on all four alike.
      runs.bare.push(await firstAnswer(configOf("bare"), port, () => fetch(`${base}/products/1`)));
      // A plain page view never calls the core, but the first request of an isolate configures it,
      // which instantiates the module: this separates that from the landing's own first calls.
      runs.page.push(await firstAnswer(configOf("edgepost"), port, () => fetch(`${base}/products/1`)));
      runs.landing.push(await firstAnswer(configOf("edgepost"), port, landing));
      const o = await firstAnswer(configOf("edgepost"), port, order);
      if (o.status !== 202) throw new Error(`the first order was answered ${o.status}`);
      runs.order.push(o);
    }
  } finally {
    origin.close();
  }
  const of = (kind, part) => median(runs[kind].map((r) => r[part]));
  const result = { runs: RUNS };
  for (const part of ["ms", "listening_ms", "first_request_ms"]) {
    const name = part === "ms" ? "" : part.replace(/_ms$/, "") + "_";
    result[`bare_${name}ms`] = of("bare", part);
    for (const kind of ["page", "landing", "order"]) {
      result[`${kind}_${name}ms`] = of(kind, part);
      result[`${kind}_${name}added_ms`] = of(kind, part) - of("bare", part);
    }
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await coldStartBenchmark(), null, 2));
}
