// Self-hosted edgepost (README, "Self-host on workerd"): scripts/serve bundles the worker as
// `wrangler deploy` would and runs workerd on a data directory. Started here as a merchant would,
// in front of stand-in origin, Rakuten, report and alert servers on loopback.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { TEST_SECRETS, eventually, freePort, root, startWorker, toolchain } from "./harness.js";
import { cookieValue, nowIso, postOrder, uniqueOrderId } from "./helpers.js";
import { ALERT_SECRET, startAlertReceiver, startOrigin, startRakuten, startReportServer } from "./standins.js";

const ADMIN = { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` };

// Starts scripts/serve on `data`; answers {url, stop(signal), log()} once health answers.
async function serve({ data, settings, port, slackUrl }) {
  const child = spawn("bash", [path.join(root, "scripts/serve"), "--state", data, "--settings", settings, "--port", String(port)], {
    // A setting from the environment, as a process manager gives it: it joins the settings file's.
    cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true,
    env: { ...process.env, EDGEPOST_TOOLCHAIN: "wasi", ALERT_SLACK_WEBHOOK_URL: `${slackUrl}` },
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`scripts/serve exited early:\n${log}`);
    try {
      await (await fetch(`${url}/_edgepost/health`)).text();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`scripts/serve did not answer in 180 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    log: () => log,
    // The whole group (bash, node, workerd); SIGKILL stops workerd as a crash would.
    async stop(signal = "SIGTERM") {
      try { process.kill(-child.pid, signal); } catch {}
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      for (let i = 0; i < 50; i++) {
        try { process.kill(-child.pid, 0); } catch { return; }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

describe("self-hosted workerd through scripts/serve", { skip: toolchain !== "wasi" && "scripts/serve bundles the shipped (wasi) module" }, () => {
  let origin, rakuten, receiver, reports, instance, dir, settings, port;
  before(async () => {
    origin = await startOrigin();
    rakuten = await startRakuten();
    receiver = await startAlertReceiver();
    reports = await startReportServer();
    dir = mkdtempSync(path.join(os.tmpdir(), "edgepost-selfhost-"));
    settings = path.join(dir, "settings");
    const values = {
      ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url, RETRY_SCHEDULE: "1,1,1", RETRY_JITTER_PERCENT: "0",
      POSTBACK_TIMEOUT_SECONDS: "2",
      ALERT_WEBHOOK_URL: `${receiver.url}/hook`, ALERT_WEBHOOK_SECRET: ALERT_SECRET, RAKUTEN_REPORT_URL: `${reports.url}/report?token=t`,
    };
    writeFileSync(settings, `# as a merchant writes it\n${Object.entries(values).map(([k, v]) => `${k}=${v}`).join("\n")}\n`);
    port = await freePort();
    instance = await serve({ data: path.join(dir, "data"), settings, port, slackUrl: `${receiver.url}/slack` });
  });
  after(async () => {
    await instance?.stop();
    await origin?.close();
    await rakuten?.close();
    await receiver?.close();
    await reports?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const accepted = uniqueOrderId("SELF");

  it("keeps an order through SIGKILL of workerd and, restarted on the same directory, sends its postback exactly once", async () => {
    const landing = await fetch(`${instance.url}/products/1?ranSiteID=SELF-HOSTED&ranMID=12345`);
    await landing.text();
    assert.equal(landing.status, 200);
    const click = cookieValue(landing.headers.getSetCookie(), "edgepost_click");
    assert.ok(click, "the landing set the attribution cookie");
    // Rakuten fails the first attempt and leaves any other unanswered until workerd is killed, so
    // nothing is accepted before the restart however slow this machine is.
    let killed = false;
    rakuten.respond((p) => {
      if (p.params.ord !== accepted || killed) return null;
      return rakuten.forOrder(accepted).length === 1 ? { status: 503 } : { hang: true };
    });
    const r = await postOrder(instance.url, {
      order_id: accepted, status: "paid", currency: "USD", created_at: nowIso(),
      items: [{ sku: "SKU-1", name: "Thing", quantity: 1, unit_price: "25.00" }], attribution: click,
    });
    await r.text();
    assert.equal(r.status, 202);
    await eventually(() => rakuten.forOrder(accepted).length >= 1);
    await instance.stop("SIGKILL");
    killed = true;
    instance = await serve({ data: path.join(dir, "data"), settings, port, slackUrl: `${receiver.url}/slack` });
    await eventually(() => rakuten.forOrder(accepted).some((p) => p.answered?.status === 200), { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2000));  // a second postback would come within the 1 s retry schedule
    const sends = rakuten.forOrder(accepted);
    const acceptedSends = sends.filter((p) => p.answered?.status === 200);
    assert.equal(acceptedSends.length, 1, "accepted exactly once");
    assert.equal(sends[0].answered.status, 503, "the first attempt failed");
    assert.ok(sends.indexOf(acceptedSends[0]) === sends.length - 1, "nothing sent after the accepted one");
    assert.equal(acceptedSends[0].params.tr, "SELF-HOSTED");
    const listed = await (await fetch(`${instance.url}/_edgepost/admin/api/orders?state=accepted`, { headers: ADMIN })).json();
    assert.ok(listed.orders.some((o) => o.order_id === accepted), "the restarted instance lists it accepted");
    rakuten.respond(null);
  });

  it("runs the scheduled checks when the timer calls its route: pulls the report, alerts, and refuses without the token", async () => {
    const day = new Date().toISOString().slice(0, 10);
    const mdyy = `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}/${day.slice(2, 4)}`;
    reports.state.body = `Order ID,Sales,Transaction Date\r\n${accepted},2500.00,${mdyy}\r\n`;
    const refused = await fetch(`${instance.url}/_edgepost/admin/api/scheduled`, { method: "POST" });
    await refused.text();
    assert.equal(refused.status, 401);
    assert.equal(reports.state.requests, 0);
    const r = await fetch(`${instance.url}/_edgepost/admin/api/scheduled`, { method: "POST", headers: ADMIN });
    const ran = await r.json();
    assert.equal(r.status, 200);
    assert.equal(ran.status, "ran");
    assert.ok(ran.steps.includes("pull") && ran.steps.includes("checks"), JSON.stringify(ran));
    assert.equal(reports.state.requests, 1, "the daily pull ran");
    const mismatch = await eventually(() => receiver.verified.find((e) => e.data.alert.type === "amount_mismatch"));
    assert.match(mismatch.data.alert.message, /factor of 100/);
  });

  it("exports every order with its state, and a fresh instance on wrangler dev imports them all, once", async () => {
    // A second order, still waiting for its click at a join key, so the export carries that too.
    const waiting = uniqueOrderId("WAIT");
    await (await postOrder(instance.url, {
      order_id: waiting, status: "paid", currency: "USD", created_at: nowIso(),
      items: [{ sku: "SKU-2", name: "Other", quantity: 2, unit_price: "5.00" }], join_keys: [`order_ref:${waiting}-0123456789abcdef`],
    })).text();
    const refused = await fetch(`${instance.url}/_edgepost/admin/api/export`);
    await refused.text();
    assert.equal(refused.status, 401);
    const exported = await fetch(`${instance.url}/_edgepost/admin/api/export`, { headers: ADMIN });
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get("content-type"), /application\/x-ndjson/);
    const text = await exported.text();
    const lines = text.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines[0].format, "edgepost-export-1");
    assert.deepEqual(lines.at(-1), { end: true, rows: lines.length - 2 });
    assert.ok(lines.some((l) => l.table === "join_waiting"), "the waiting order's join key");
    assert.ok(lines.some((l) => l.object === "reports" && l.table === "report_orders"), "the pulled report");

    const fresh = await startWorker({ ...TEST_SECRETS, ORIGIN: origin.url, RAKUTEN_ENDPOINT: rakuten.url });
    try {
      const cut = await fetch(`${fresh.url}/_edgepost/admin/api/import`, { method: "POST", headers: ADMIN, body: lines.slice(0, -1).map((l) => JSON.stringify(l)).join("\n") });
      const cutAnswer = await cut.json();
      assert.equal(cut.status, 400);
      assert.match(cutAnswer.message, /cut short/);
      const imported = await fetch(`${fresh.url}/_edgepost/admin/api/import`, { method: "POST", headers: ADMIN, body: text });
      const answer = await imported.json();
      assert.equal(imported.status, 200, JSON.stringify(answer));
      assert.equal(answer.rows, lines.length - 2);
      // The cut-short run stored its rows already; the whole file again keeps them and adds none twice.
      assert.equal(answer.imported + answer.kept, answer.rows);
      const again = await (await fetch(`${fresh.url}/_edgepost/admin/api/import`, { method: "POST", headers: ADMIN, body: text })).json();
      assert.deepEqual(again, { imported: 0, kept: answer.rows, rows: answer.rows });
      const list = async (url) => (await (await fetch(`${url}/_edgepost/admin/api/orders`, { headers: ADMIN })).json()).orders
        .map((o) => JSON.stringify(o)).sort();
      const before = await list(instance.url);
      assert.ok(before.length >= 2);
      assert.deepEqual(await list(fresh.url), before, "every order, with its state and record");
      const inState = async (state) => (await (await fetch(`${fresh.url}/_edgepost/admin/api/orders?state=${state}`, { headers: ADMIN })).json())
        .orders.map((o) => o.order_id);
      assert.deepEqual(await inState("accepted"), [accepted]);
      assert.deepEqual(await inState("waiting_for_click"), [waiting]);
    } finally {
      await fresh.stop();
    }
  });

  it("passes scripts/preflight in plain words, and fails it with a wrong admin token", () => {
    const preflight = (token) => spawnSync("bash", [path.join(root, "scripts/preflight"), instance.url], {
      cwd: root, encoding: "utf8", env: { ...process.env, ADMIN_TOKEN: token }, timeout: 60_000,
    });
    const good = preflight(TEST_SECRETS.ADMIN_TOKEN);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /ok {4}edgepost answers on the shop's host/);
    assert.match(good.stdout, /ok {4}rakuten: postbacks go to RAKUTEN_ENDPOINT for merchant 12345/);
    assert.match(good.stdout, /ok {4}orders arrive from: the orders API/);
    assert.match(good.stdout, /ok {4}alerts go out through webhook and slack/, "Slack's URL came from the environment");
    assert.match(good.stdout, /ok {4}Rakuten's report was last imported/);
    assert.match(good.stdout, /note {2}ADMIN_HOST is not set/);
    assert.match(good.stdout, /Everything edgepost can check is in order\./);
    const wrong = preflight("not-the-token");
    assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stdout, /FAIL {2}the admin token was refused/);
  });

  it("logs one JSON line per decision, with at, level and edgepost, and never a secret", () => {
    const lines = instance.log().split("\n").filter((l) => l.startsWith("{"));
    const entries = lines.map((l) => JSON.parse(l)).filter((e) => "edgepost" in e);
    assert.ok(entries.length >= 3, instance.log());
    for (const e of entries) {
      assert.ok(!Number.isNaN(Date.parse(e.at)) && e.at.endsWith("Z"), JSON.stringify(e));
      assert.ok(["info", "warn", "error"].includes(e.level), JSON.stringify(e));
      assert.equal(typeof e.edgepost, "string");
    }
    const events = new Set(entries.map((e) => e.edgepost));
    for (const event of ["order_step", "postback_attempt", "report_pull", "alert"]) assert.ok(events.has(event), `${event} in ${[...events]}`);
    const step = entries.find((e) => e.edgepost === "order_step" && e.ord === accepted && e.state === "accepted");
    assert.ok(step, "the accepted order's step");
    for (const secret of [...Object.values(TEST_SECRETS).filter((v) => v.length > 8), ALERT_SECRET]) {
      assert.ok(!instance.log().includes(secret), "a secret in the log");
    }
  });
});
