// End-to-end orders on the two ways to run edgepost yourself: the self-hosted server
// (scripts/serve: workerd on the wrangler bundle, objects on a data directory) and `wrangler dev`
// (workerd behind wrangler's local proxy), with the same orders, settings and stand-in Rakuten
// (bench/orders.js). `node bench/orders_runtimes.js` prints both; BENCH_ORDERS sets the count.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchVars, driveOrders, startBenchRakuten } from "./orders.js";

const root = path.resolve(import.meta.dirname, "..");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function started(child, base) {
  for (let i = 0; i < 900; i++) {
    if (child.exitCode !== null) throw new Error(`${base}: the server exited`);
    try {
      await (await fetch(`${base}/_edgepost/health`)).text();
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`${base} did not answer`);
}

async function run(name, port, start, { orders, concurrency, rakuten }) {
  const child = start(port);
  const base = `http://127.0.0.1:${port}`;
  try {
    await started(child, base);
    return { runtime: name, ...(await driveOrders({ base, rakuten, orders, concurrency })) };
  } finally {
    try { process.kill(-child.pid, "SIGTERM"); } catch {}
    await sleep(1000);
  }
}

export async function ordersOnRuntimes({ orders = Number(process.env.BENCH_ORDERS ?? 1000), concurrency = 32, port = 18870 } = {}) {
  const rakuten = await startBenchRakuten(port);
  const vars = benchVars(rakuten);
  const dir = mkdtempSync(path.join(os.tmpdir(), "edgepost-bench-runtimes-"));
  const settings = path.join(dir, "settings");
  writeFileSync(settings, Object.entries(vars).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  const options = { orders, concurrency, rakuten };
  try {
    const selfHosted = await run("self-hosted (scripts/serve)", port + 1, (p) => spawn("node",
      [path.join(root, "scripts/serve.js"), "--state", path.join(dir, "state"), "--settings", settings, "--port", String(p)],
      { cwd: root, stdio: "ignore", detached: true }), options);
    const wranglerDev = await run("wrangler dev", port + 2, (p) => spawn("npx",
      ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(p), "--persist-to", path.join(dir, "wrangler"),
        "--show-interactive-dev-session=false", "--log-level", "error", ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`])],
      { cwd: root, stdio: "ignore", detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" } }), options);
    return [selfHosted, wranglerDev];
  } finally {
    rakuten.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await ordersOnRuntimes(), null, 2));
}
