// Self-hosted edgepost (README, "Self-host on workerd"): bundles the worker exactly as `wrangler
// deploy` does (`wrangler deploy --dry-run --outdir`, which also builds the wasm module), writes a
// workerd configuration from wrangler.toml (the same Durable Object bindings and classes, their
// SQLite under <state>/objects) and the settings, and runs `workerd serve` in the foreground, so a
// process manager (systemd) owns it.
//   scripts/serve [--port N | --listen HOST:PORT] [--state DIR] [--settings FILE] [--config-only]
// or PORT and EDGEPOST_STATE. Settings, later ones winning: wrangler.toml's [vars], the settings file
// (KEY=value lines; default .dev.vars), then the environment: a variable named as one of the settings
// the README documents, or one the files name. workerd has no Cron Triggers: a timer calls
// POST /_edgepost/admin/api/scheduled (docs/selfhost/).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse as parseToml } from "smol-toml";

const root = path.resolve(import.meta.dirname, "..");

function fail(message) {
  console.error(`scripts/serve: ${message}`);
  process.exit(2);
}

const { values: options } = parseArgs({
  options: {
    state: { type: "string", default: process.env.EDGEPOST_STATE ?? path.join(root, "state") },
    port: { type: "string", default: process.env.PORT ?? "8787" },
    listen: { type: "string" },
    settings: { type: "string" },
    "config-only": { type: "boolean", default: false },
  },
});
if (!/^\d+$/.test(options.port) || Number(options.port) < 1 || Number(options.port) > 65535) fail(`--port wants a port number, not ${options.port}`);
const listen = options.listen ?? `127.0.0.1:${options.port}`;
if (!/^[^\s:]+:\d+$|^\[[0-9a-f:]+\]:\d+$/i.test(listen)) fail(`--listen wants HOST:PORT, not ${listen}`);
const data = path.resolve(options.state);
mkdirSync(path.join(data, "objects"), { recursive: true });

// KEY=value lines; blank lines and # comments skipped; a value may be quoted.
function readSettingsFile(file) {
  const settings = {};
  for (const [i, raw] of readFileSync(file, "utf8").split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) fail(`${file}:${i + 1}: not KEY=value`);
    settings[m[1]] = m[2].replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
  }
  return settings;
}

// The settings the README's tables document (their first cells), so the environment can set any.
function documentedSettings() {
  const names = new Set();
  for (const line of readFileSync(path.join(root, "README.md"), "utf8").split("\n")) {
    const first = /^\| ([^|]+) \|/.exec(line)?.[1] ?? "";
    for (const m of first.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(m[1]);
  }
  return names;
}

const wrangler = parseToml(readFileSync(path.join(root, "wrangler.toml"), "utf8"));
const settings = { ...(wrangler.vars ?? {}) };
const settingsFile = options.settings ? path.resolve(options.settings)
  : existsSync(path.join(root, ".dev.vars")) ? path.join(root, ".dev.vars") : null;
if (options.settings && !existsSync(options.settings)) fail(`no settings file ${options.settings}`);
if (settingsFile) Object.assign(settings, readSettingsFile(settingsFile));
for (const name of new Set([...Object.keys(settings), ...documentedSettings()])) {
  if (process.env[name] !== undefined) settings[name] = process.env[name];
}

// The bundle, made afresh at each start (an upgrade is: update the sources, restart).
const fresh = path.join(data, "bundle.next");
rmSync(fresh, { recursive: true, force: true });
const bundled = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", fresh], {
  cwd: root, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
});
if (bundled.status !== 0) fail(`wrangler could not bundle the worker:\n${bundled.stdout}${bundled.stderr}`);
const bundle = path.join(data, "bundle");
rmSync(bundle, { recursive: true, force: true });
renameSync(fresh, bundle);
const files = readdirSync(bundle);
const wasm = files.find((f) => f.endsWith(".wasm"));
if (!files.includes("index.js") || !wasm) fail(`the bundle lacks index.js or the wasm module: ${files.join(", ")}`);

const text = JSON.stringify;
const objects = wrangler.durable_objects?.bindings ?? [];
const bindings = [
  ...Object.entries(settings).map(([name, value]) => `(name = ${text(name)}, text = ${text(String(value))})`),
  ...objects.map((o) => `(name = ${text(o.name)}, durableObjectNamespace = ${text(o.class_name)})`),
];
const config = `# Written by scripts/serve from wrangler.toml and the settings; rewritten at each start.
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "edgepost", worker = .edgepost),
    (name = "internet", network = (allow = ["public", "private", "local"])),
    (name = "objects", disk = (path = ${text(path.join(data, "objects"))}, writable = true)),
  ],
  sockets = [ (name = "http", address = ${text(listen)}, http = (), service = "edgepost") ],
);
const edgepost :Workerd.Worker = (
  modules = [
    (name = "index.js", esModule = embed "bundle/index.js"),
    (name = ${text(wasm)}, wasm = embed ${text(`bundle/${wasm}`)}),
  ],
  compatibilityDate = ${text(wrangler.compatibility_date)},
  bindings = [ ${bindings.join(",\n    ")} ],
  durableObjectNamespaces = [
    ${objects.map((o) => `(className = ${text(o.class_name)}, uniqueKey = ${text(`edgepost-${o.class_name}`)}, enableSql = true)`).join(",\n    ")} ],
  durableObjectStorage = (localDisk = "objects"),
  globalOutbound = "internet",
);
`;
const configFile = path.join(data, "workerd.capnp");
writeFileSync(configFile, config, { mode: 0o600 });  // it holds the secrets
if (options["config-only"]) {
  console.log(configFile);
  process.exit(0);
}
const workerd = path.join(root, "node_modules/@cloudflare/workerd-linux-64/bin/workerd");
console.error(`edgepost: serving on http://${listen}, orders in ${path.join(data, "objects")}, settings from ${settingsFile ?? "wrangler.toml and the environment"}`);
const child = spawn(workerd, ["serve", configFile, "--experimental"], { stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
