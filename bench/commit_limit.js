// The commit limit of this machine's embedded runtime: durable writes per second through bare
// SQLite-backed objects (bench/commit_worker.js), 32 at a time, and the fsyncs each costs — the
// ceiling any store built on these objects here runs into.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { traceFsyncs } from "./orders.js";
import { serveWorkerd, writeWorkerdConfig } from "./workerd_config.js";

const root = path.resolve(import.meta.dirname, "..");

export async function commitLimitBenchmark({ writes = 4000, concurrency = 32, port = 18880 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "edgepost-bench-commits-"));
  const config = writeWorkerdConfig({ root, dir, kind: "edgepost", port, vars: { BENCH: "commit-limit" }, entry: "bench/commit_worker.js" });
  const base = `http://127.0.0.1:${port}`;
  const workerd = await serveWorkerd(root, config, `${base}/warm`);
  try {
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
    workerd.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await commitLimitBenchmark(), null, 2));
}
