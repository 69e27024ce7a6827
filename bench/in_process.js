// Page views measured in process: one workerd runs bench/in_process_worker.js, which drives the
// real worker's fetch handler and a bare handler in alternating blocks of PER_BLOCK requests,
// against an origin that answers in process, and times each block with workerd's clock. Per
// handler, the blocks' trimmed mean (the slowest TRIM share dropped: the blocks a garbage
// collection landed in) divided by PER_BLOCK is its cost per request, and the difference is what
// edgepost adds. ROUNDS such runs per case give the spread; "identical handlers" is the same
// figure for two copies of the bare handler, the noise floor.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { COOKIE_SECRET, attributionCookie } from "./page_views.js";
import { serveWorkerd, writeWorkerdConfig } from "./workerd_config.js";

const root = path.resolve(import.meta.dirname, "..");
// EDGEPOST_BENCH_SMOKE=1 (the test suite's check that the bench still runs): one tiny round.
const SMOKE = process.env.EDGEPOST_BENCH_SMOKE === "1";
const ROUNDS = SMOKE ? 1 : Number(process.env.BENCH_IN_PROCESS_ROUNDS ?? 5);
const BLOCKS = SMOKE ? 2 : Number(process.env.BENCH_IN_PROCESS_BLOCKS ?? 60);
const PER_BLOCK = SMOKE ? 2 : 400;
const TRIM = 0.2;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startWorkerd(port, vars) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "edgepost-bench-in-process-"));
  const config = writeWorkerdConfig({ root, dir, kind: "edgepost", port, vars, entry: "bench/in_process_worker.js",
    extraModules: ["bench/abi_table.js", "bench/core_inputs.js"] });
  return { port, ...(await serveWorkerd(root, config, `http://127.0.0.1:${port}/warm`)) };
}

// One round: alternating blocks of `a` and `b`; answers each one's microseconds per request.
async function round(worker, c, a, b, blocks = BLOCKS) {
  const query = new URLSearchParams({ a, b, blocks: String(blocks), per_block: String(PER_BLOCK), path: c.path });
  const r = await fetch(`http://127.0.0.1:${worker.port}/_bench/in-process?${query}`, { headers: c.headers });
  const body = await r.json();
  if (r.status !== 200) throw new Error(`in-process run failed: ${JSON.stringify(body)}`);
  const perRequest = (ms) => {
    const kept = [...ms].sort((x, y) => x - y).slice(0, Math.ceil(ms.length * (1 - TRIM)));
    return (kept.reduce((s, x) => s + x, 0) / kept.length / PER_BLOCK) * 1000;
  };
  return { a: perRequest(body.a), b: perRequest(body.b) };
}

export async function inProcessBenchmark({ port = 18850 } = {}) {
  const base = { RAKUTEN_MID: "12345", COOKIE_SECRET, ORIGIN: "http://origin.invalid" };
  const workers = {
    plain: await startWorkerd(port, base),
    stripe: await startWorkerd(port + 1, { ...base, STRIPE_WEBHOOK_SECRET: "whsec_bench" }),
    consent: await startWorkerd(port + 2, { ...base, CONSENT: "onetrust" }),
  };
  // OptanonConsent as a browser sends it after the shopper accepted every group.
  const consented = { cookie: "OptanonConsent=isGpcEnabled=0&datestamp=Mon+Dec+07+2026+10%3A00%3A00+GMT%2B0100&version=202411.1.0&interactionCount=1&isAnonUser=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1&AwaitingReconsent=false" };
  const cookie = { cookie: attributionCookie() };
  const landing = "/products/1?ranSiteID=TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw&ranMID=12345";
  const cases = [
    { name: "identical handlers (bare vs bare)", worker: "plain", subject: "bare", baseline: "bare", path: "/products/1?color=blue", headers: {} },
    { name: "plain page view", worker: "plain", subject: "edgepost", baseline: "bare", path: "/products/1?color=blue", headers: {}, budget: 2 },
    { name: "the core's decision a plain page view no longer asks for (bare + decision vs bare)", worker: "plain", subject: "bare_with_decision", baseline: "bare", path: "/products/1?color=blue", headers: {} },
    { name: "page view with the attribution cookie", worker: "plain", subject: "edgepost", baseline: "bare", path: "/products/1", headers: cookie },
    { name: "landing (vs bare setting the same two cookies)", worker: "plain", subject: "edgepost", baseline: "bare_landing", path: landing, headers: {}, budget: 5 },
    { name: "landing with four networks' parameters (vs bare setting two cookies)", worker: "plain", subject: "edgepost", baseline: "bare_landing", path: `${landing}&irclickid=Sg9Ry5XnQxyK&cjevent=0123456789abcdef0123456789abcdef&awc=1001_1795510000_abcdef`, headers: {} },
    { name: "landing with consent granted (CONSENT=onetrust; vs bare setting the same two cookies)", worker: "consent", subject: "edgepost", baseline: "bare_landing", path: landing, headers: consented },
    { name: "of which the core's landing decision (bare landing + decision vs bare landing)", worker: "plain", subject: "bare_landing_with_decision", baseline: "bare_landing", path: landing, headers: {} },
    { name: "of which the call, its answer unread (bare landing + call vs bare landing)", worker: "plain", subject: "bare_landing_with_call", baseline: "bare_landing", path: landing, headers: {} },
    { name: "of which the call, its answer decoded, not parsed (bare landing + call + decoding vs bare landing)", worker: "plain", subject: "bare_landing_with_decoded_call", baseline: "bare_landing", path: landing, headers: {} },
    { name: "of which the core alone, its input framed beforehand (bare landing + pre-framed call vs bare landing)", worker: "plain", subject: "bare_landing_with_core_alone", baseline: "bare_landing", path: landing, headers: {} },
    { name: "the core alone for a plain page view's decision, framed beforehand (bare + pre-framed call vs bare)", worker: "plain", subject: "bare_with_core_alone", baseline: "bare", path: "/products/1?color=blue", headers: {} },
    { name: "HTML page, Payment Link rewritten (cookie, Stripe on)", worker: "stripe", subject: "edgepost", baseline: "bare", path: "/pay", headers: cookie },
  ];
  const results = [];
  // BENCH_IN_PROCESS_CASES: a regular expression choosing cases by name (all by default).
  const chosen = new RegExp(process.env.BENCH_IN_PROCESS_CASES ?? "");
  try {
    for (const c of cases.filter((x) => chosen.test(x.name))) {
      const w = workers[c.worker];
      // Warm-up, unmeasured: V8 compiles hot wasm and JS in background threads of the same process.
      await round(w, c, c.subject, c.baseline, SMOKE ? 1 : 10);
      const added = [];
      const subjectUs = [], baselineUs = [];
      for (let i = 0; i < ROUNDS; i++) {
        const us = await round(w, c, c.subject, c.baseline);
        subjectUs.push(us.a);
        baselineUs.push(us.b);
        added.push(us.a - us.b);
      }
      const row = {
        case: c.name, subject_us: median(subjectUs), baseline_us: median(baselineUs),
        added_us: median(added), spread_low_us: Math.min(...added), spread_high_us: Math.max(...added),
        budget_us: c.budget ?? null,
      };
      results.push(row);
      console.error(`in process: ${c.name}: +${row.added_us.toFixed(2)} µs (${row.spread_low_us.toFixed(2)} … ${row.spread_high_us.toFixed(2)})`);
    }
  } finally {
    for (const w of Object.values(workers)) w.stop();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await inProcessBenchmark(), null, 2));
}
