// Loads the C++ core (build/module/edgepost.wasm, from either toolchain) and speaks its ABI
// (src/abi/abi.cpp): write length-prefixed fields into the core's input buffer, call one
// operation, read the JSON answer. This file has no edgepost logic of its own.
import coreModule from "../build/module/edgepost.wasm";

export const OP = {
  configure: 1, request: 2, ordersIntake: 3, orderEvent: 4, ledgerPlan: 6, stats: 7,
  providerWebhook: 8, providerContinue: 9, responseJoins: 10, reportImport: 11, reportPullPlan: 12,
  reportPulled: 13, reconciliation: 14, ordersCsv: 15, monitor: 16, alertRequest: 17, alertAnswer: 18,
  adminSession: 19,
};

// The ABI version this shell speaks (src/abi/abi.cpp exports the same marker).
const ABI_VERSION_MARKER = "edgepost_abi_version_1";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

let instance = null;
let configuredWith = null;
let limits = { maxBodyBytes: 1048576, orderShards: 16 };
// Which requests can need the core (src/requests/request_decision.h), as the core wrote it.
let requestFilter = { pathPrefix: "/", queryMarkers: [], cookieMarker: "" };

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

// Calls one operation. Fields are strings (sent as UTF-8) or Uint8Arrays (sent as they are).
export function call(op, fields) {
  callsMade++;
  try {
    if (!instance) {
      instantiate();
      if (configurationJson !== null) invoke(OP.configure, [configurationJson]);
    }
    return invoke(op, fields);
  } catch (error) {
    // A trap leaves the heap half-updated, so the instance is dropped, as proxy-wasm hosts drop a
    // failed VM. The caller decides what the request gets (a page is still proxied).
    instance = null;
    throw new CoreFailure(`edgepost core failed in operation ${op}: ${error?.message ?? error}`);
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
  const code = instance.exports.edgepost_call(op, size);
  const len = instance.exports.edgepost_output_len();
  const output = len === 0 ? "" : decoder.decode(bytesAt(instance.exports.edgepost_output_ptr(), len));
  return { code, output };
}

// The configuration is every string binding of the environment ([vars] and secrets). It is
// handed to the core once per isolate; problems are logged once, loudly.
export function configure(env) {
  if (configuredWith === env) return;
  const strings = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === "string") strings[name] = value;
  configurationJson = JSON.stringify(strings);
  const { code, output } = call(OP.configure, [configurationJson]);
  configuredWith = env;
  const { health, request_filter: filter } = JSON.parse(output);
  limits = { maxBodyBytes: health.max_body_bytes, orderShards: health.order_shards };
  requestFilter = { pathPrefix: filter.path_prefix, queryMarkers: filter.query_markers, cookieMarker: filter.cookie_marker };
  if (code !== 1) for (const problem of health.problems) console.error(`edgepost configuration: ${problem}`);
}

// Limits the core chose from the configuration (the shell reads bodies with them), and how many
// order shards it hashes keys over.
export function configuredLimits() {
  return limits;
}

// The core's request filter applied: false when the core would only pass this request through, so
// a plain page view never crosses into the core.
export function requestMayNeedCore(request, url) {
  const f = requestFilter;
  if (url.pathname.startsWith(f.pathPrefix)) return true;
  for (const marker of f.queryMarkers) if (url.search.includes(marker)) return true;
  return f.cookieMarker !== "" && (request.headers.get("cookie") ?? "").includes(f.cookieMarker);
}

export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
