// Loads the C++ core (build/module/edgepost.wasm, from either toolchain) and speaks its ABI
// (src/abi/abi.cpp): write length-prefixed fields into the core's input buffer, call one
// operation, read the answer. The operations and their fields are the core's own table
// (src/abi/operations.h), read from the module when it is instantiated: the shell calls each by
// name with its fields by name, and a name or field the table lacks fails at once. This file has no
// edgepost logic of its own.
import coreModule from "../build/module/edgepost.wasm";
import { log } from "./log.js";

// The ABI version this shell speaks (src/abi/operations.h, abi_version; the module exports the marker).
const ABI_VERSION_MARKER = "edgepost_abi_version_2";
// The one operation called by number: it answers the table of the others.
const DESCRIBE = 0;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

let instance = null;
let configuredWith = null;
// name → { id, fields: [names], known: Set of names }, from the module's own table.
let operations = null;
// The proxy's rules, as the core words them; null until configured.
let proxy = null;
// The shell's bounds and timeouts, as the core chose them from the configuration
// (src/requests/shell_limits.cpp); null until configured.
let limits = null;
// The errors the shell answers on its own, as the core words them: code → {status, message}.
let errors = null;
// Which requests can need the core (src/requests/request_decision.h), as the core wrote it.
let requestFilter = { pathPrefix: "/", queryMarkers: [], cookieMarker: "", adminHost: "" };

function bytesAt(ptr, len) {
  return new Uint8Array(instance.exports.memory.buffer, ptr, len);
}

// The core never touches files or exits on purpose; these WASI functions are linked in by
// libc paths it does not take (stdio teardown, abort). A call to one is a bug: fail loudly.
function unexpected(name) {
  return () => {
    throw new Error(`edgepost core called ${name}, which the worker does not provide`);
  };
}

function instantiate() {
  // The core imports nothing of its own (its cryptography is libsodium, compiled in); Emscripten's
  // memory-growth notice is the one env import a module may carry.
  const env = { emscripten_notify_memory_growth() {} };
  const wasi = new Proxy({}, { get: (_, name) => unexpected(`wasi ${String(name)}`) });
  const created = new WebAssembly.Instance(coreModule, { env, wasi_snapshot_preview1: wasi });
  if (typeof created.exports[ABI_VERSION_MARKER] !== "function") {
    throw new Error(`edgepost core: the module does not export ${ABI_VERSION_MARKER}; it was built from other sources than this worker`);
  }
  instance = created;
  instance.exports._initialize?.();
  if (!operations) {
    invoke(DESCRIBE, []);
    const table = JSON.parse(lastAnswer());
    operations = {};
    for (const [name, op] of Object.entries(table.operations)) operations[name] = { ...op, known: new Set(op.fields) };
  }
}

const EMPTY = new Uint8Array(0);
const SHORT_FIELD = 256;

// A short string of ASCII characters is its own UTF-8: it is copied with a plain loop, because in
// workerd each TextEncoder call crosses into C++ and allocates (about 0.8 µs a field, measured),
// which on a page view cost more than the core's whole decision. Longer or non-ASCII strings are
// encoded once.
function prepareField(f) {
  if (typeof f !== "string") return f ?? EMPTY;
  if (f.length > SHORT_FIELD) return encoder.encode(f);
  for (let i = 0; i < f.length; i++) if (f.charCodeAt(i) > 0x7f) return encoder.encode(f);
  return f;
}

// The core trapped (a bug, or its memory ran out). The instance that trapped is gone; the next
// call gets a fresh one with the same configuration.
export class CoreFailure extends Error {}

// The configuration JSON last handed to the core, so a recreated instance gets it again.
let configurationJson = null;

// How many operations this isolate has asked of the core (scripts/bench counts them per order).
let callsMade = 0;
export function coreCallCount() {
  return callsMade;
}

// The operation's fields in the table's order. A name or a field the table does not have, or one it
// has left out, is a bug in this shell: it throws before anything reaches the core.
function ordered(name, args) {
  const op = operations[name];
  if (!op) throw new Error(`edgepost core has no operation ${name}`);
  const values = new Array(op.fields.length);
  for (let i = 0; i < op.fields.length; i++) {
    const v = args[op.fields[i]];
    if (v === undefined) throw new Error(`edgepost core operation ${name} needs the field ${op.fields[i]}`);
    values[i] = typeof v === "number" ? String(v) : v;
  }
  for (const key in args) if (!op.known.has(key)) throw new Error(`edgepost core operation ${name} has no field ${key}`);
  return { id: op.id, values };
}

// Calls one operation by name, its fields by name (src/abi/operations.h). Field values are strings
// (sent as UTF-8), integers (sent as decimal text) or Uint8Arrays (sent as they are).
export function call(name, args = {}) {
  const code = callUnread(name, args);
  return { code, output: lastAnswer() };
}

// The same call with its answer left unread (lastAnswer reads it): the bench apportions a
// decision's cost with the two (bench/in_process_worker.js). Returns the operation's code.
export function callUnread(name, args = {}) {
  callsMade++;
  let op;
  try {
    if (!instance) {
      instantiate();
      if (configurationJson !== null) invoke(operations.configure.id, [configurationJson]);
    }
  } catch (error) {
    instance = null;
    throw new CoreFailure(`edgepost core could not start: ${error?.message ?? error}`);
  }
  op = ordered(name, args);
  try {
    return invoke(op.id, op.values);
  } catch (error) {
    // A trap leaves the heap half-updated, so the instance is dropped, as proxy-wasm hosts drop a
    // failed VM. The caller decides what the request gets (a page is still proxied).
    instance = null;
    throw new CoreFailure(`edgepost core failed in operation ${name}: ${error?.message ?? error}`);
  }
}

function invoke(op, fields) {
  const prepared = fields.map(prepareField);
  let size = 0;
  for (const f of prepared) size += 4 + f.length;
  const ptr = instance.exports.edgepost_input(size);
  const bytes = bytesAt(ptr, size);
  let at = 0;
  for (const f of prepared) {
    const n = f.length;
    bytes[at] = n & 0xff;  // the ABI's little-endian u32 length
    bytes[at + 1] = (n >>> 8) & 0xff;
    bytes[at + 2] = (n >>> 16) & 0xff;
    bytes[at + 3] = n >>> 24;
    at += 4;
    if (typeof f === "string") for (let i = 0; i < n; i++) bytes[at + i] = f.charCodeAt(i);
    else bytes.set(f, at);
    at += n;
  }
  return instance.exports.edgepost_call(op, size);
}

// The answer of the last call, decoded.
export function lastAnswer() {
  const len = instance.exports.edgepost_output_len();
  return len === 0 ? "" : decoder.decode(bytesAt(instance.exports.edgepost_output_ptr(), len));
}

// The configuration is every string binding of the environment ([vars] and secrets). It is
// handed to the core once per isolate; problems are logged once, loudly.
export function configure(env) {
  if (configuredWith === env) return;
  const strings = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === "string") strings[name] = value;
  configurationJson = JSON.stringify(strings);
  const { code, output } = call("configure", { environment: configurationJson });
  configuredWith = env;
  const { health, request_filter: filter, proxy: proxyRulesAnswer, shell, errors: shellErrors } = JSON.parse(output);
  proxy = {
    ...proxyRulesAnswer,
    drop_set: new Set(proxyRulesAnswer.drop_headers),
    strip_cookie_markers: proxyRulesAnswer.strip_cookies.map((name) => name + "="),
  };
  limits = shell;
  errors = shellErrors;
  requestFilter = {
    pathPrefix: filter.path_prefix, queryMarkers: filter.query_markers, cookieMarker: filter.cookie_marker, adminHost: filter.admin_host,
  };
  if (code !== 1) for (const problem of health.problems) log("error", "configuration_problem", { problem });
}

// What the proxy forwards (src/requests/proxy_rules.h): headers dropped, cookies stripped, the
// forwarding headers edgepost sets itself.
export function proxyRules() {
  return proxy;
}

// The bounds and timeouts the core chose (src/requests/shell_limits.cpp): the largest body, the
// number of order shards, batch sizes, list limits, timeouts.
export function configuredLimits() {
  return limits;
}

// One of the errors the shell answers on its own (the core failed, a record cannot be read), as
// {status, body}; `extra` members are added to the body. When the core never started, all the
// shell can say is that it failed: 503, so the sender tries again.
export function shellError(code, extra = {}) {
  const e = errors?.[code] ?? { status: 503, message: "edgepost could not start" };
  return { status: e.status, body: JSON.stringify({ error: code, message: e.message, ...extra }) };
}

// The core's request filter applied: false when the core would only pass this request through, so
// a plain page view never crosses into the core.
export function requestMayNeedCore(request, url) {
  const f = requestFilter;
  if (url.pathname.startsWith(f.pathPrefix)) return true;
  if (f.adminHost !== "" && (request.headers.get("host") ?? "").toLowerCase() === f.adminHost) return true;
  for (const marker of f.queryMarkers) if (url.search.includes(marker)) return true;
  return f.cookieMarker !== "" && (request.headers.get("cookie") ?? "").includes(f.cookieMarker);
}

export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
