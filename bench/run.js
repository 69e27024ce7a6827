// scripts/bench: one table of what edgepost costs, each comparison measured in the same run.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { coldStartBenchmark } from "./cold_start.js";
import { coldStartParts } from "./cold_start_parts.js";
import { commitLimitBenchmark } from "./commit_limit.js";
import { inProcessBenchmark } from "./in_process.js";
import { ordersBenchmark } from "./orders.js";
import { ordersOnRuntimes } from "./orders_runtimes.js";
import { pageViewBenchmark } from "./page_views.js";
import { statsBenchmark } from "./stats.js";

const root = path.resolve(import.meta.dirname, "..");
// EDGEPOST_BENCH_SMOKE=1: every case once with tiny sizes, no figure worth reading; scripts/test
// runs it so the bench cannot break unseen.
const SMOKE = process.env.EDGEPOST_BENCH_SMOKE === "1";
const out = [];
const line = (s = "") => { out.push(s); console.log(s); };
const fmt = (x, d = 1) => Number(x).toFixed(d);

line(`# edgepost benchmark — ${new Date().toISOString().slice(0, 16)}Z, ${execFileSync("nproc").toString().trim()} cores, ` +
  `${execFileSync("uname", ["-r"]).toString().trim()}, node ${process.version}`);
line();

// 1. Size and start.
line("## Module size and start (compile / instantiate in V8, once)");
line("| toolchain | raw bytes | gzip -9 bytes | compile ms | instantiate ms |");
line("|---|---|---|---|---|");
const coreRuns = {};
// Each core figure is the median of CORE_PROCESSES separate processes: on this machine a whole
// process now and then runs 1.5x slower than the next, which one run would report as a change.
const CORE_PROCESSES = SMOKE ? 1 : 5;
const medianOfRuns = (runs) => Object.fromEntries(Object.keys(runs[0]).map((k) => {
  const xs = runs.map((r) => r[k]).sort((a, b) => a - b);
  return [k, xs[Math.floor(xs.length / 2)]];
}));
const parseLines = (text) => Object.fromEntries(text.trim().split("\n").map((l) => l.split(" ")).map(([k, v]) => [k, Number(v)]));
for (const toolchain of ["wasi", "emscripten"]) {
  const file = path.join(root, `build/${toolchain}/edgepost.wasm`);
  const raw = statSync(file).size;
  const gz = gzipSync(readFileSync(file), { level: 9 }).length;
  coreRuns[toolchain] = medianOfRuns(Array.from({ length: CORE_PROCESSES }, () =>
    parseLines(execFileSync(process.execPath, [path.join(root, "bench/core_wasm.js"), file]).toString())));
  line(`| ${toolchain} | ${raw} | ${gz} | ${coreRuns[toolchain].compile_ms} | ${coreRuns[toolchain].instantiate_ms} |`);
}
line();

// 1b. Cold start: a fresh workerd process to its first answer, in two parts (bench/cold_start.js).
const cold = await coldStartBenchmark();
line(`## Cold start: a fresh workerd (fresh isolate) from spawn to its first answer, medians of ${cold.runs} processes (ms)`);
line("| part | bare worker, first page view | edgepost, first page view | first landing | first order webhook | page added | landing added | order added |");
line("|---|---|---|---|---|---|---|---|");
for (const [label, part] of [["spawn to answer", ""], ["spawn to listening", "listening_"], ["the first request", "first_request_"]]) {
  line(`| ${label} | ${fmt(cold[`bare_${part}ms`])} | ${fmt(cold[`page_${part}ms`])} | ${fmt(cold[`landing_${part}ms`])} | ` +
    `${fmt(cold[`order_${part}ms`])} | ${fmt(cold[`page_${part}added_ms`])} | ${fmt(cold[`landing_${part}added_ms`])} | ${fmt(cold[`order_${part}added_ms`])} |`);
}
line("In V8 (Node), a fresh wasi module's first calls, each compiling what the ones before did not reach (ms): " +
  ["configure", "landing", "order_1_lines"].map((c) => `${c} ${fmt(coreRuns.wasi[`first_${c}_ms`], 2)}`).join(", ") + ".");
line();

// 1c. The same, one part of edgepost added at a time (bench/cold_start_parts.js).
const parts = await coldStartParts();
line(`## Cold start by part: the bare worker, then one part of edgepost added at a time (medians, ms)`);
line("| part | spawn to answer | spawn to listening | the first request |");
line("|---|---|---|---|");
for (const r of parts) line(`| ${r.part} | ${fmt(r.ms)} | ${fmt(r.listening_ms)} | ${fmt(r.first_request_ms)} |`);
line();

// 2. Core: native against wasm, same inputs.
const inputs = path.join(root, "build/bench-core-inputs.bin");
execFileSync(process.execPath, [path.join(root, "bench/write_core_inputs.js"), inputs, path.join(root, "build/wasi/edgepost.wasm")]);
const native = medianOfRuns(Array.from({ length: CORE_PROCESSES }, () =>
  parseLines(execFileSync(path.join(root, "build/native/core_bench"), [inputs]).toString())));
line(`## Core per call (µs): native build vs the wasm module in V8 (medians of ${CORE_PROCESSES} processes each)`);
line("| case | native | wasi | wasi/native | emscripten | emscripten/native |");
line("|---|---|---|---|---|---|");
for (const name of Object.keys(native)) {
  const w = coreRuns.wasi[name] / 1000, e = coreRuns.emscripten[name] / 1000, n = native[name] / 1000;
  line(`| ${name} | ${fmt(n, 2)} | ${fmt(w, 2)} | ${fmt(w / n, 2)}× | ${fmt(e, 2)} | ${fmt(e / n, 2)}× |`);
}
const perLine = (t, a, b) => (t[`order_${b}_lines`] - t[`order_${a}_lines`]) / (b - a) / 1000;
line(`Growth per extra line (wasi): 10→100 lines ${fmt(perLine(coreRuns.wasi, 10, 100), 2)} µs/line, ` +
  `100→1000 lines ${fmt(perLine(coreRuns.wasi, 100, 1000), 2)} µs/line (linear when these agree).`);
line("The landing signs its cookie with HMAC-SHA256 from libsodium, compiled into both builds alike.");
line();

// 3. Page views.
line("## Page views through workerd serve: edgepost vs a bare pass-through worker (medians)");
line("| case | CPU µs/req | bare CPU µs/req | CPU overhead | req/s | bare req/s | p50 ms | bare p50 | p99 ms | bare p99 |");
line("|---|---|---|---|---|---|---|---|---|---|");
for (const r of await pageViewBenchmark()) {
  line(`| ${r.case} | ${fmt(r.cpu_us)} | ${fmt(r.bare_cpu_us)} | ${r.cpu_overhead_pct >= 0 ? "+" : ""}${fmt(r.cpu_overhead_pct)}% | ` +
    `${Math.round(r.rps)} | ${Math.round(r.bare_rps)} | ${fmt(r.p50_ms, 2)} | ${fmt(r.bare_p50_ms, 2)} | ${fmt(r.p99_ms, 2)} | ${fmt(r.bare_p99_ms, 2)} |`);
}
line();

// 4. Orders.
line("## Orders end to end (signed generic order in → accepted postback out), workerd serve");
const o = await ordersBenchmark(SMOKE ? { orders: 20, concurrency: 4 } : {});
line("| orders | concurrency | acknowledged | postbacks accepted | lost | acks/s | end-to-end orders/s | ack p50 ms | ack p99 ms |");
line("|---|---|---|---|---|---|---|---|---|");
line(`| ${o.orders} | ${o.concurrency} | ${o.acknowledged} | ${o.postbacks_accepted} | ${o.lost} | ${o.acks_per_second} | ` +
  `${o.end_to_end_orders_per_second} | ${o.ack_p50_ms} | ${o.ack_p99_ms} |`);
line();
line("Storage per order, measured over the same run (Durable Object storage calls counted by bench/counting_worker.js; fsyncs by `perf stat`):");
line("| objects created | core calls | storage calls | keys read | keys written | alarm writes | SQL statements | fsyncs |");
line("|---|---|---|---|---|---|---|---|");
const p = o.per_order;
line(`| ${p.objects} | ${p.core_calls} | ${p.storage_calls} | ${p.keys_read} | ${p.keys_written} | ${p.alarm_writes} | ${p.sql_statements} | ` +
  `${p.fsyncs ?? "n/a (perf cannot trace system calls here)"} |`);
line();

// 4b. The same orders on the two ways to run edgepost yourself.
line("## Orders end to end on the self-hosted server (scripts/serve) and on wrangler dev");
line("| runtime | orders | acknowledged | postbacks accepted | lost | acks/s | end-to-end orders/s | ack p50 ms | ack p99 ms |");
line("|---|---|---|---|---|---|---|---|---|");
for (const r of await ordersOnRuntimes(SMOKE ? { orders: 10, concurrency: 4 } : {})) {
  line(`| ${r.runtime} | ${r.orders} | ${r.acknowledged} | ${r.postbacks_accepted} | ${r.lost} | ${r.acks_per_second} | ` +
    `${r.end_to_end_orders_per_second} | ${r.ack_p50_ms} | ${r.ack_p99_ms} |`);
}
line();

// 5. The commit ceiling the orders run against.
const c = await commitLimitBenchmark(SMOKE ? { writes: 20 } : {});
line("## The embedded runtime's commit ceiling: bare SQLite objects, one insert per request, 32 at a time");
line("| writes | writes/s | fsyncs per write | fsyncs/s | orders/s this allows at the store's fsyncs per order |");
line("|---|---|---|---|---|");
line(`| ${c.writes} | ${c.writes_per_second} | ${c.fsyncs_per_write ?? "n/a"} | ${c.fsyncs_per_second ?? "n/a"} | ` +
  `${p.fsyncs && c.fsyncs_per_second ? Math.round(c.fsyncs_per_second / p.fsyncs) : "n/a"} |`);
line();

// 6. Page views in process.
line("## Page views in process: the worker's fetch handler vs a bare handler in one workerd (µs per request)");
line("| case | edgepost µs | baseline µs | added µs (median) | spread of rounds | budget |");
line("|---|---|---|---|---|---|");
for (const r of await inProcessBenchmark()) {
  line(`| ${r.case} | ${fmt(r.subject_us, 2)} | ${fmt(r.baseline_us, 2)} | ${r.added_us >= 0 ? "+" : ""}${fmt(r.added_us, 2)} | ` +
    `${fmt(r.spread_low_us, 2)} … ${fmt(r.spread_high_us, 2)} | ${r.budget_us === null ? "" : `≤ ${r.budget_us}`} |`);
}
line();

// 7. Stats over a long range.
const s = await statsBenchmark(SMOKE ? { orders: 200, days: 3 } : {});
line(`## Stats and lists over ${s.days} days of ${s.orders} orders in the shards (medians of 7 calls)`);
line("| stats, all days (ms) | orders counted | first page of orders (ms) | first page of dead orders (ms) |");
line("|---|---|---|---|");
line(`| ${fmt(s.stats_ms)} | ${s.stats_orders_counted} | ${fmt(s.orders_page_ms)} | ${fmt(s.dead_page_ms)} |`);
