// Where a cold start's time goes: the bare worker, then one part of edgepost added at a time, each
// a fresh workerd process timed as bench/cold_start.js times it (spawn to listening, then the
// first request alone). Parts: a SQLite-backed Durable Object namespace; edgepost's wasm module in
// the bundle, unused; the core configured by the shell on the first request; the whole worker.
// Medians of BENCH_COLD_RUNS processes per part (default 11), alternated.
import { mkdtempSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { firstAnswer } from "./cold_start.js";
import { writeWorkerdConfig } from "./workerd_config.js";

const root = path.resolve(import.meta.dirname, "..");
const RUNS = process.env.EDGEPOST_BENCH_SMOKE === "1" ? 1 : Number(process.env.BENCH_COLD_RUNS ?? 11);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A config of the bench's own modules: `main` (under bench/cold_parts/), with the shell's core.js,
// log.js and the wasm module when `withModule`, and an idle Durable Object namespace.
const partConfig = ({ dir, port, vars, main, withModule }) => writeWorkerdConfig({
  root, dir, kind: "modules", port, vars,
  modules: [`bench/cold_parts/${main}`, ...(withModule ? ["worker/core.js", "worker/log.js", "build/module/edgepost.wasm"] : [])],
  namespaces: [["IDLE", "Idle", "edgepost-bench-idle"]],
});

export async function coldStartParts({ port = 18897 } = {}) {
  const origin = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>Shop</title><p>Product</p>");
  });
  await new Promise((r) => origin.listen(port + 1, "127.0.0.1", r));
  const vars = { RAKUTEN_MID: "12345", COOKIE_SECRET: "bench-cookie-secret-0123456789", ORDERS_API_SECRET: "whsec_YmVuY2g=",
    ORIGIN: `http://127.0.0.1:${port + 1}`, RAKUTEN_ENDPOINT: `http://127.0.0.1:${port + 1}/ep` };
  const dir = (part) => mkdtempSync(path.join(os.tmpdir(), `edgepost-bench-cold-part-${part}-`));
  const parts = [
    ["bare worker", () => writeWorkerdConfig({ root, dir: dir("bare"), kind: "bare", port, vars })],
    ["+ a Durable Object namespace (SQLite)", () => partConfig({ dir: dir("object"), port, vars, main: "object_worker.js", withModule: false })],
    ["+ edgepost's wasm module, unused", () => partConfig({ dir: dir("module"), port, vars: { ...vars, COLD_PART: "module" }, main: "module_worker.js", withModule: true })],
    ["+ the core configured on the first request", () => partConfig({ dir: dir("configured"), port, vars: { ...vars, COLD_PART: "configured" }, main: "module_worker.js", withModule: true })],
    ["edgepost (every module), a plain page view", () => writeWorkerdConfig({ root, dir: dir("edgepost"), kind: "edgepost", port, vars })],
  ];
  const runs = parts.map(() => []);
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const [k, [, config]] of parts.entries()) runs[k].push(await firstAnswer(config(), port, () => fetch(`http://127.0.0.1:${port}/products/1`)));
    }
  } finally {
    origin.close();
  }
  return parts.map(([name], k) => ({
    part: name,
    ms: median(runs[k].map((r) => r.ms)),
    listening_ms: median(runs[k].map((r) => r.listening_ms)),
    first_request_ms: median(runs[k].map((r) => r.first_request_ms)),
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await coldStartParts();
  console.log(`| part | spawn to answer | spawn to listening | first request |  (medians of ${RUNS}, ms)`);
  console.log("|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.part} | ${r.ms.toFixed(1)} | ${r.listening_ms.toFixed(1)} | ${r.first_request_ms.toFixed(1)} |`);
}
