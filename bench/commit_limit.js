// The commit limit of this machine's embedded runtime: durable writes per second through bare
// SQLite-backed objects (bench/commit_worker.js), 32 at a time, and the fsyncs each costs — the
// ceiling any store built on these objects here runs into.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { traceFsyncs } from "./orders.js";
import { writeWorkerdConfig } from "./workerd_config.js";

const root = path.resolve(import.meta.dirname, "..");
const workerdBin = path.join(root, "node_modules/@cloudflare/workerd-linux-64/bin/workerd");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function commitLimitBenchmark({ writes = 4000, concurrency = 32, port = 18880 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "edgepost-bench-commits-"));
  const config = writeWorkerdConfig({ root, dir, kind: "edgepost", port, vars: { BENCH: "commit-limit" }, entry: "bench/commit_worker.js" });
  const workerd = spawn(workerdBin, ["serve", config, "--experimental"], { stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 100; i++) {
      try { await (await fetch(`${base}/warm`)).text(); break; } catch { await sleep(100); }
    }
    // Every object's database is created before the count starts.
    for (let i = 0; i < 16; i++) await (await fetch(`${base}/write`)).text();
    const fsyncs = traceFsyncs(workerd.pid);
    let next = 0;
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < writes) {
        const r = await fetch(`${base}/write`);
        if ((await r.text()) !== "ok") throw new Error("a write failed");
      }
    }));
    const seconds = (performance.now() - start) / 1000;
    const fsyncCount = await fsyncs.stop();
    return {
      writes, concurrency, writes_per_second: Math.round(writes / seconds),
      fsyncs_per_write: fsyncCount === null ? null : Number((fsyncCount / writes).toFixed(2)),
      fsyncs_per_second: fsyncCount === null ? null : Math.round(fsyncCount / seconds),
    };
  } finally {
    workerd.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await commitLimitBenchmark(), null, 2));
}
