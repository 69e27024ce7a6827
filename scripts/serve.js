// Self-hosted edgepost (README, "Self-host on workerd"): bundles the worker exactly as `wrangler
// deploy` does (`wrangler deploy --dry-run --outdir`, which also builds the wasm module), writes a
// workerd configuration from wrangler.toml (the same Durable Object bindings and classes, their
// SQLite under DATA/objects) and the settings, and runs `workerd serve` in the foreground, so a
// process manager (systemd) owns it. Settings, later ones winning: wrangler.toml's [vars], the
// settings file (KEY=value lines, as .dev.vars; default .dev.vars when it exists), and environment
// variables of the same names. workerd has no Cron Triggers: a timer calls
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
    data: { type: "string", default: process.env.EDGEPOST_DATA },
    listen: { type: "string", default: process.env.EDGEPOST_LISTEN ?? "127.0.0.1:8787" },
    settings: { type: "string" },
    "config-only": { type: "boolean", default: false },
  },
});
if (!options.data) fail("--data DIR is required: the directory that keeps the orders (and the bundle)");
if (!/^[^\s:]+:\d+$|^\[[0-9a-f:]+\]:\d+$/i.test(options.listen)) fail(`--listen wants HOST:PORT, not ${options.listen}`);
const data = path.resolve(options.data);
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

const wrangler = parseToml(readFileSync(path.join(root, "wrangler.toml"), "utf8"));
const settings = { ...(wrangler.vars ?? {}) };
const settingsFile = options.settings ?? (existsSync(path.join(root, ".dev.vars")) ? path.join(root, ".dev.vars") : null);
if (options.settings && !existsSync(options.settings)) fail(`no settings file ${options.settings}`);
if (settingsFile) Object.assign(settings, readSettingsFile(settingsFile));
for (const name of Object.keys(settings)) if (process.env[name] !== undefined) settings[name] = process.env[name];

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
  sockets = [ (name = "http", address = ${text(options.listen)}, http = (), service = "edgepost") ],
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
console.error(`edgepost: serving on http://${options.listen}, orders in ${path.join(data, "objects")}`);
const child = spawn(workerd, ["serve", configFile, "--experimental"], { stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
