// What `wrangler deploy` would upload to Cloudflare (README, "Deploy"), without deploying: the
// bundle wrangler makes with --dry-run, and its size against Cloudflare's Worker size limits
// (Cloudflare's docs, "Limits": 3 MB after compression on the Free plan, 10 MB on the Paid plan).
// The shipped module is the wasi one, so this runs with the wasi suite.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { root, toolchain } from "./harness.js";

const FREE_PLAN_GZIP_BYTES = 3 * 1024 * 1024;

describe("the Cloudflare deploy bundle", { skip: toolchain !== "wasi" && "the shipped module is the wasi one" }, () => {
  it("bundles with wrangler deploy --dry-run, within the Free plan's size limit", () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), "edgepost-deploy-"));
    const run = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
      cwd: root, encoding: "utf8", env: { ...process.env, EDGEPOST_TOOLCHAIN: "wasi", WRANGLER_SEND_METRICS: "false", CI: "1" },
      timeout: 180_000,
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const total = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(run.stdout);
    assert.ok(total, run.stdout);
    const gzipBytes = Number(total[2]) * 1024;
    console.log(`deploy bundle: ${total[1]} KiB, ${total[2]} KiB gzip (Free plan limit 3 MiB, Paid 10 MiB)`);
    assert.ok(gzipBytes < FREE_PLAN_GZIP_BYTES, `${total[2]} KiB gzip`);
    const files = readdirSync(outdir);
    assert.ok(files.includes("index.js"), files.join(", "));
    const wasm = files.find((f) => f.endsWith(".wasm"));
    assert.ok(wasm && statSync(path.join(outdir, wasm)).size > 0, files.join(", "));
    for (const binding of ["env.ORDERS (OrderShard)", "env.REPORTS (ReportStore)", "env.ALERTS (AlertDesk)"]) {
      assert.ok(run.stdout.includes(binding), binding);
    }
  });
});
