// End-to-end orders: signed generic orders into edgepost on `workerd serve`, accepted postbacks
// out at a stand-in Rakuten. Reports orders acknowledged per second, p50/p99 time to
// acknowledgement, end-to-end orders per second (until the last postback is accepted), whether
// anything was lost, and what each order cost in storage: the Durable Object storage calls the
// worker made (counted by bench/counting_worker.js) and, where `perf` can trace system calls, the
// fsyncs workerd issued to commit them.
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Webhook } from "standardwebhooks";
import { serveWorkerd, writeWorkerdConfig } from "./workerd_config.js";

const root = path.resolve(import.meta.dirname, "..");
const SECRET = "whsec_" + Buffer.from("bench orders secret").toString("base64");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

// A stand-in Rakuten on loopback that accepts every postback and remembers each ord.
export async function startBenchRakuten(port) {
  const state = { accepted: new Set(), lastAccepted: 0 };
  const server = http.createServer((req, res) => {
    state.accepted.add(new URL(req.url, "http://r").searchParams.get("ord"));
    state.lastAccepted = performance.now();
    res.writeHead(200, { "content-type": "text/xml" });
    res.end("<response><good>1</good><bad>0</bad></response>");
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return { state, url: `http://127.0.0.1:${port}/ep`, close: () => server.close() };
}

// The settings every run of this bench gives edgepost.
export const benchVars = (rakuten) => ({
  RAKUTEN_MID: "12345", COOKIE_SECRET: "bench-cookie-secret-0123456789", ORDERS_API_SECRET: SECRET, RAKUTEN_ENDPOINT: rakuten.url,
});

// Sends `orders` signed orders to the edgepost at `base`, `concurrency` at a time, and waits (up to a
// minute) for their postbacks at `rakuten`.
export async function driveOrders({ base, rakuten, orders, concurrency }) {
  const webhook = new Webhook(SECRET);
  const landed = new Date(Date.now() - 3600_000).toISOString();
  const runId = Date.now().toString(36);
  const requests = Array.from({ length: orders }, (_, i) => {
    const body = JSON.stringify({
      order_id: `B-${runId}-${i}`, status: "paid", currency: "USD", created_at: new Date().toISOString(),
      items: [{ sku: "SKU-1", name: "Shirt", quantity: 2, unit_price: "19.99" }, { sku: "SKU-2", name: "Mug", quantity: 1, unit_price: "7.50" }],
      discount: "1.00", click: { site_id: "BENCH-CLICK", landed_at: landed },
    });
    const id = `msg_${runId}_${i}`;
    const now = new Date();
    return { ord: `B-${runId}-${i}`, body, headers: { "content-type": "application/json", "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": webhook.sign(id, now, body) } };
  });
  const latencies = [];
  let acknowledged = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const r = requests[next++];
      const t = performance.now();
      const response = await fetch(`${base}/_edgepost/orders`, { method: "POST", headers: r.headers, body: r.body });
      await response.text();
      latencies.push(performance.now() - t);
      if (response.status === 202) acknowledged++;
    }
  }));
  const ackDone = performance.now();
  const done = () => requests.filter((r) => rakuten.state.accepted.has(r.ord)).length;
  for (let i = 0; i < 600 && done() < orders; i++) await sleep(100);
  const accepted = done();
  return {
    orders,
    concurrency,
    acknowledged,
    postbacks_accepted: accepted,
    lost: orders - accepted,
    acks_per_second: Math.round(orders / ((ackDone - start) / 1000)),
    end_to_end_orders_per_second: Math.round(accepted / ((rakuten.state.lastAccepted - start) / 1000)),
    ack_p50_ms: Number(percentile(latencies, 0.5).toFixed(1)),
    ack_p99_ms: Number(percentile(latencies, 0.99).toFixed(1)),
  };
}

export async function ordersBenchmark({ orders = Number(process.env.BENCH_ORDERS ?? 2000), concurrency = 32, port = 18830 } = {}) {
  const rakuten = await startBenchRakuten(port + 1);
  const dir = mkdtempSync(path.join(os.tmpdir(), "edgepost-bench-orders-"));
  const config = writeWorkerdConfig({ root, dir, kind: "edgepost", port, countStorage: true, vars: benchVars(rakuten) });
  const workerd = await serveWorkerd(root, config, `http://127.0.0.1:${port}/_edgepost/health`);
  const fsyncs = traceFsyncs(workerd.pid);
  const driven = await driveOrders({ base: `http://127.0.0.1:${port}`, rakuten, orders, concurrency });
  const storage = await settledStorageTally(port);
  const fsyncCount = await fsyncs.stop();
  const perOrder = (n) => Number((n / orders).toFixed(2));
  const result = {
    ...driven,
    per_order: {
      objects: perOrder(storage.objects_constructed),
      core_calls: perOrder(storage.core_calls),
      storage_calls: perOrder(storage.get_calls + storage.put_calls + storage.delete_calls +
        storage.set_alarm + storage.delete_alarm + storage.sql_statements),
      keys_read: perOrder(storage.keys_read),
      keys_written: perOrder(storage.keys_written),
      alarm_writes: perOrder(storage.set_alarm + storage.delete_alarm),
      sql_statements: perOrder(storage.sql_statements),
      fsyncs: fsyncCount === null ? null : perOrder(fsyncCount),
    },
  };
  workerd.stop();
  rakuten.close();
  return result;
}

// The worker's storage calls go on after the last postback (the ledger hears of each order after
// its attempt): read the tally until two readings a second apart agree.
async function settledStorageTally(port) {
  let last = null;
  for (let i = 0; i < 30; i++) {
    const tally = await (await fetch(`http://127.0.0.1:${port}/_bench/storage-operations`)).json();
    if (last && JSON.stringify(last) === JSON.stringify(tally)) return tally;
    last = tally;
    await sleep(1000);
  }
  return last;
}

// Counts workerd's fsync and fdatasync calls with `perf stat` (Debian's linux-perf), when this
// machine lets perf trace system calls; otherwise the count is reported as not available.
export function traceFsyncs(pid) {
  const probe = spawnSync("perf", ["stat", "-x,", "-e", "syscalls:sys_enter_fsync", "true"], { encoding: "utf8" });
  if (probe.status !== 0 || /not supported|<not/.test(probe.stderr)) return { stop: async () => null };
  const perf = spawn("perf", ["stat", "-x,", "-e", "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync",
    "-p", String(pid)], { stdio: ["ignore", "ignore", "pipe"] });
  let report = "";
  perf.stderr.on("data", (d) => { report += d; });
  return {
    stop: () => new Promise((resolve) => {
      perf.on("close", () => {
        const counts = [...report.matchAll(/^(\d+),,syscalls:/gm)].map((m) => Number(m[1]));
        resolve(counts.length ? counts.reduce((a, b) => a + b, 0) : null);
      });
      perf.kill("SIGINT");
    }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await ordersBenchmark(), null, 2));
}
