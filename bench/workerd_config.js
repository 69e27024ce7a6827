// Generates a workerd config (Cap'n Proto text) that serves edgepost, or the bare pass-through
// worker, the way a self-hosted workerd deployment would: the real worker modules and the wasm
// module, Durable Objects with SQLite on local disk, outbound fetch allowed to loopback.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const capnpString = (s) => JSON.stringify(s);

// kind: "bare" (bench/bare_worker.js), "edgepost" (every module of worker/ and the wasm module,
// its order shards' namespace), or "modules": the bench's own `modules` (paths under the root, the
// main one first; a .wasm path is the wasm module) with the Durable Object `namespaces` given, each
// [binding, class, unique key].
// countStorage: serve edgepost through bench/counting_worker.js, which counts storage operations.
// entry: serve edgepost through another bench module that re-exports its classes as they are.
// extraModules: more bench modules the entry imports, by their paths under the root.
export function writeWorkerdConfig({ root, dir, kind, port, vars, countStorage = false, entry = null, extraModules = [],
  modules: ownModules = [], namespaces: ownNamespaces = [] }) {
  mkdirSync(path.join(dir, "storage"), { recursive: true });
  const rel = (p) => capnpString(path.relative(dir, path.join(root, p)));
  const esModule = (name, file = name) => `(name = ${capnpString(name)}, esModule = embed ${rel(file)})`;
  const wasmModule = (file) => `(name = ${capnpString(file)}, wasm = embed ${rel(file)})`;
  const bindings = Object.entries(vars).map(([k, v]) => `(name = ${capnpString(k)}, text = ${capnpString(v)})`);
  let modules;
  let namespaces = [];
  if (kind === "bare") {
    modules = [esModule("bare_worker.js", "bench/bare_worker.js")];
  } else if (kind === "modules") {
    modules = ownModules.map((m) => (m.endsWith(".wasm") ? wasmModule(m) : esModule(m)));
    namespaces = ownNamespaces;
  } else {
    // Every module of worker/, index.js first.
    const names = readdirSync(path.join(root, "worker")).filter((f) => f.endsWith(".js")).sort((a, b) => (a === "index.js" ? -1 : b === "index.js" ? 1 : a.localeCompare(b)));
    modules = names.map((m) => esModule(`worker/${m}`));
    // The first module is the main one.
    if (countStorage) modules.unshift(esModule("bench/counting_worker.js"));
    else if (entry) modules.unshift(esModule(entry));
    for (const m of extraModules) modules.push(esModule(m));
    modules.push(wasmModule("build/module/edgepost.wasm"));
    const classPrefix = countStorage ? "Counted" : "";
    namespaces = [["ORDERS", `${classPrefix}OrderShard`, "edgepost-OrderShard"]];
  }
  const objects = namespaces.length === 0 ? "" : `
    durableObjectNamespaces = [
      ${namespaces.map(([, c, key]) => `(className = "${c}", uniqueKey = "${key}", enableSql = true)`).join(",\n      ")} ],
    durableObjectStorage = (localDisk = "storage"),`;
  const worker = `(
    modules = [ ${modules.join(",\n      ")} ],
    compatibilityDate = "2026-11-17",
    bindings = [ ${[...bindings, ...namespaces.map(([b, c]) => `(name = "${b}", durableObjectNamespace = "${c}")`)].join(", ")} ],${objects}
    globalOutbound = "loopback",
  )`;
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
    (name = "storage", disk = (path = ${capnpString(path.join(dir, "storage"))}, writable = true)),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const mainWorker :Workerd.Worker = ${worker};
`;
  const file = path.join(dir, "config.capnp");
  writeFileSync(file, config);
  return file;
}

const workerdBin = (root) => path.join(root, "node_modules/@cloudflare/workerd-linux-64/bin/workerd");

// Starts `workerd serve` on a generated config and waits until `readyUrl` answers (up to 20 s).
export async function serveWorkerd(root, config, readyUrl) {
  const child = spawn(workerdBin(root), ["serve", config, "--experimental"], { stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 200; i++) {
    try {
      await (await fetch(readyUrl)).text();
      return { pid: child.pid, stop: () => child.kill() };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error(`workerd did not answer ${readyUrl}`);
}
