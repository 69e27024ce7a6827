// Stats and lists over a long range: 100,000 orders spread over 92 days in the shards (filled
// directly by bench/stats_worker.js), then the stats route for all 92 days and the orders route's
// first page, each timed over several calls on `workerd serve` (medians, milliseconds).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { serveWorkerd, writeWorkerdConfig } from "./workerd_config.js";

const root = path.resolve(import.meta.dirname, "..");
const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef0123";
const SHARDS = 16;
const CALLS = process.env.EDGEPOST_BENCH_SMOKE === "1" ? 1 : 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function statsBenchmark({ orders = 100_000, days = 92, port = 18860 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "edgepost-bench-stats-"));
  const config = writeWorkerdConfig({
    root, dir, kind: "edgepost", port, entry: "bench/stats_worker.js",
    vars: { RAKUTEN_MID: "12345", COOKIE_SECRET: "bench-cookie-secret-0123456789", ADMIN_TOKEN },
  });
  const base = `http://127.0.0.1:${port}`;
  const workerd = await serveWorkerd(root, config, `${base}/_edgepost/health`);
  try {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - (days - 1) * 86400_000).toISOString().slice(0, 10);
    const fill = await (await fetch(`${base}/_bench/fill?shards=${SHARDS}&per_shard=${orders / SHARDS}&days=${days}&today=${today}`)).json();
    const timed = async (route) => {
      const ms = [];
      let body;
      for (let i = 0; i < CALLS; i++) {
        const start = performance.now();
        const r = await fetch(`${base}/_edgepost/admin/api/${route}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        body = await r.json();
        ms.push(performance.now() - start);
        if (r.status !== 200) throw new Error(`${route}: ${r.status} ${JSON.stringify(body)}`);
      }
      return { ms: median(ms), body };
    };
    const stats = await timed(`stats?from=${from}&to=${today}`);
    const counted = stats.body.days.reduce((n, d) => n + d.orders, 0);
    const list = await timed(`orders?from=${from}&to=${today}`);
    const dead = await timed(`orders?state=dead&from=${from}&to=${today}`);
    return {
      orders: fill.orders, days, stats_ms: stats.ms, stats_orders_counted: counted,
      orders_page_ms: list.ms, orders_listed: list.body.orders.length, dead_page_ms: dead.ms,
    };
  } finally {
    workerd.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await statsBenchmark(), null, 2));
}
