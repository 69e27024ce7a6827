// Starts the real worker in workerd through `wrangler dev`, on loopback, with its own persisted
// state directory, and stops it. The module is built by wrangler's custom build step with the
// toolchain named in EDGEPOST_TOOLCHAIN (wasi or emscripten).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const toolchain = process.env.EDGEPOST_TOOLCHAIN ?? "wasi";

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const TEST_SECRETS = {
  RAKUTEN_MID: "12345",
  COOKIE_SECRET: "test-cookie-secret-0123456789abcdef",
  COOKIE_SECRET_PREVIOUS: "previous-cookie-secret-0123456789",
  ORDERS_API_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  ADMIN_TOKEN: "test-admin-token-0123456789abcdef0123",
};

export async function startWorker(vars, { persistDir, port: fixedPort } = {}) {
  const port = fixedPort ?? (await freePort());
  const inspectorPort = await freePort();
  const stateDir = persistDir ?? mkdtempSync(path.join(os.tmpdir(), "edgepost-state-"));
  const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port",
    String(inspectorPort), "--persist-to", stateDir, "--show-interactive-dev-session=false", "--test-scheduled", "--log-level", process.env.EDGEPOST_TEST_DEBUG ? "log" : "warn"];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn("npx", args, {
    cwd: root,
    env: { ...process.env, EDGEPOST_TOOLCHAIN: toolchain, WRANGLER_SEND_METRICS: "false", CI: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
    try {
      const r = await fetch(`${url}/_edgepost/health`);
      await r.text();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`wrangler dev did not start in 90 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    url,
    stateDir,
    log: () => log,
    // signal SIGKILL stops workerd abruptly, as a crash would.
    async stop({ keepState = false, signal = "SIGTERM" } = {}) {
      if (process.env.EDGEPOST_TEST_DEBUG) console.error(`--- wrangler log (${url}) ---\n${log}`);
      if (child.exitCode === null) {
        try { process.kill(-child.pid, signal); } catch {}
        await new Promise((r) => { child.once("exit", r); setTimeout(r, 5000); });
        try { process.kill(-child.pid, "SIGKILL"); } catch {}
      }
      // workerd runs in the group below npx and may outlive it by a moment; its storage is only
      // free (and its port) once the whole group is gone.
      for (let i = 0; i < 100 && groupAlive(child.pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (!keepState && !persistDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Waits for a condition that an asynchronous part of the system (an alarm, a retry) makes true.
// Not a timing assertion: the deadline only bounds a hung test.
export async function eventually(check, { timeoutMs = 20_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function setCookies(response) {
  return response.headers.getSetCookie();
}
