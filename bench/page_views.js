// Page-view overhead: edgepost against a bare pass-through worker, both on `workerd serve`, the
// same origin, driven by wrk. Each case alternates the workers ROUNDS times; figures are medians
// (the CPU overhead is the median of the rounds' paired ratios).
// CPU per request = the workerd process's CPU time over the requests it served.
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { serveWorkerd, writeWorkerdConfig } from "./workerd_config.js";

const root = path.resolve(import.meta.dirname, "..");
// EDGEPOST_BENCH_SMOKE=1 (the test suite's check that the bench still runs): one short round.
const SMOKE = process.env.EDGEPOST_BENCH_SMOKE === "1";
const ROUNDS = SMOKE ? 1 : Number(process.env.BENCH_ROUNDS ?? 7);
const SECONDS = SMOKE ? 1 : Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 16;
const WARMUP_SECONDS = SMOKE ? 1 : 2;
const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
export const COOKIE_SECRET = "bench-cookie-secret-0123456789";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime + stime
}

async function waitFor(url) {
  for (let i = 0; i < 200; i++) {
    try { await (await fetch(url)).text(); return; } catch { await sleep(100); }
  }
  throw new Error(`${url} did not come up`);
}

async function startWorkerd(kind, port, vars) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `edgepost-bench-${kind}-`));
  const config = writeWorkerdConfig({ root, dir, kind, port, vars });
  return { kind, port, ...(await serveWorkerd(root, config, `http://127.0.0.1:${port}/warmup`)) };
}

function wrk(url, headers, seconds = SECONDS) {
  const args = ["-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", ...headers.flatMap((h) => ["-H", h]), url];
  const out = execFileSync("wrk", args).toString();
  const requests = Number(out.match(/(\d+) requests in/)[1]);
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]);
  const ms = (label) => {
    const m = out.match(new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`));
    return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  };
  const errors = out.match(/Non-2xx or 3xx responses: (\d+)/);
  if (errors) throw new Error(`wrk saw errors: ${errors[0]}\n${out}`);
  return { requests, rps, p50: ms("50"), p99: ms("99") };
}

function measure(worker, pathAndQuery, headers) {
  const before = cpuSeconds(worker.pid);
  const r = wrk(`http://127.0.0.1:${worker.port}${pathAndQuery}`, headers);
  const cpu = cpuSeconds(worker.pid) - before;
  return { ...r, cpuMicros: (cpu / r.requests) * 1e6 };
}

// A valid attribution cookie for COOKIE_SECRET, minted with Node's crypto (the README's format).
export function attributionCookie() {
  const payload = Buffer.from(`TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw|${Math.floor(Date.now() / 1000) - 60}|12345|`).toString("base64url");
  const mac = createHmac("sha256", COOKIE_SECRET).update(`edgepost-click-v1.${payload}`).digest("base64url");
  return `edgepost_click=v1.${payload}.${mac}`;
}

export async function pageViewBenchmark({ originPort = 18801, basePort = 18810 } = {}) {
  const origin = spawn(process.execPath, [path.join(root, "bench/origin.js"), String(originPort)], { stdio: "ignore" });
  await waitFor(`http://127.0.0.1:${originPort}/`);
  const ORIGIN = `http://127.0.0.1:${originPort}`;
  const base = { RAKUTEN_MID: "12345", COOKIE_SECRET, ORIGIN };
  const workers = {
    edgepost: await startWorkerd("edgepost", basePort, base),
    edgepostStripe: await startWorkerd("edgepost", basePort + 1, { ...base, STRIPE_WEBHOOK_SECRET: "whsec_bench" }),
    bare: await startWorkerd("bare", basePort + 2, { ORIGIN }),
    bare2: await startWorkerd("bare", basePort + 3, { ORIGIN }),
  };
  const cookie = attributionCookie();
  const cases = [
    { name: "noise floor (bare vs bare)", subject: "bare2", path: "/products/1?color=blue", headers: [] },
    { name: "plain page view", subject: "edgepost", path: "/products/1?color=blue", headers: [] },
    { name: "page view with the attribution cookie", subject: "edgepost", path: "/products/1", headers: [`Cookie: ${cookie}`] },
    { name: "landing (cookie signed and set)", subject: "edgepost", path: "/products/1?ranSiteID=TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw&ranMID=12345", headers: [] },
    { name: "cookie + Stripe on: HTML page, no link", subject: "edgepostStripe", path: "/products/1", headers: [`Cookie: ${cookie}`] },
    { name: "cookie + Stripe on: Payment Link rewritten", subject: "edgepostStripe", path: "/pay", headers: [`Cookie: ${cookie}`] },
  ];
  const results = [];
  try {
    for (const c of cases) {
      const subject = [];
      const bare = [];
      // Unmeasured warm-up of this path on both workers: V8 compiles the hot wasm and JS in
      // background threads of the same process, which would otherwise count as the first round's CPU.
      for (const w of [workers.bare, workers[c.subject]]) wrk(`http://127.0.0.1:${w.port}${c.path}`, c.headers, WARMUP_SECONDS);
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so drift in the machine falls on both.
        const order = round % 2 === 0 ? ["subject", "bare"] : ["bare", "subject"];
        for (const which of order) {
          const w = which === "bare" ? workers.bare : workers[c.subject];
          (which === "bare" ? bare : subject).push(measure(w, c.path, c.headers));
        }
      }
      const pick = (runs, key) => median(runs.map((r) => r[key]));
      const row = {
        case: c.name,
        cpu_us: pick(subject, "cpuMicros"), bare_cpu_us: pick(bare, "cpuMicros"),
        rps: pick(subject, "rps"), bare_rps: pick(bare, "rps"),
        p50_ms: pick(subject, "p50"), bare_p50_ms: pick(bare, "p50"),
        p99_ms: pick(subject, "p99"), bare_p99_ms: pick(bare, "p99"),
      };
      // The overhead is the median of each round's own ratio: the two runs of a round are back to
      // back, so drift in the machine (which moves both) cancels better than in a ratio of medians.
      row.cpu_overhead_pct = median(subject.map((r, i) => (r.cpuMicros / bare[i].cpuMicros - 1) * 100));
      results.push(row);
      console.error(`page views: ${c.name}: ${row.cpu_us.toFixed(1)} µs vs ${row.bare_cpu_us.toFixed(1)} µs CPU/request`);
    }
  } finally {
    for (const w of Object.values(workers)) w.stop();
    origin.kill();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await pageViewBenchmark(), null, 2));
}
