// Wasm side of the core benchmark: the shipped module in Node's V8 (the engine workerd uses), with
// the same imports the worker gives it (none of its own; its HMAC is libsodium, compiled in).
// Prints "<case> <nanoseconds per call>", then the module's compile and instantiate times.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { framedCall, instantiateCore, operationTable } from "./abi_table.js";
import { ENV, cases } from "./core_inputs.js";

// EDGEPOST_BENCH_SMOKE=1: each case once, untimed (the test suite's check that the bench still runs).
const smoke = process.env.EDGEPOST_BENCH_SMOKE === "1";

const bytes = readFileSync(process.argv[2]);
const t0 = performance.now();
const module = new WebAssembly.Module(bytes);
const t1 = performance.now();
const instance = instantiateCore(module);
const t2 = performance.now();
const view = (p, n) => new Uint8Array(instance.exports.memory.buffer, p, n);
const table = operationTable(instance);

function run(op, input) {
  const ptr = instance.exports.edgepost_input(input.length);
  view(ptr, input.length).set(input);
  return instance.exports.edgepost_call(op, input.length);
}

// The first call of each operation on a fresh module is timed apart: V8 compiles each wasm function
// on its first call, so these are what a new isolate's first requests wait for (in this order:
// the configuration, then the cases, each compiling only what the ones before did not reach).
const firstCalls = [];
const timedFirst = (name, op, input) => {
  const start = performance.now();
  const code = run(op, input);
  firstCalls.push(`first_${name}_ms ${(performance.now() - start).toFixed(2)}`);
  return code;
};
const configured = framedCall(table, "configure", { environment: ENV });
if (timedFirst("configure", configured.id, configured.input) !== 1) throw new Error("the bench configuration is incomplete");
for (const [name, [operation, args]] of Object.entries(cases())) {
  const { id: op, input } = framedCall(table, operation, args);
  const code = timedFirst(name, op, input);
  if (code < 0) throw new Error(`${name} failed`);
  if (smoke) {
    console.log(`${name} ok ${code}`);
    continue;
  }
  // Warm up long enough for V8 to tier the hot functions up from Liftoff to TurboFan.
  for (const warmEnd = performance.now() + 300; performance.now() < warmEnd; ) run(op, input);
  const probeStart = performance.now();
  run(op, input);
  const probe = Math.max(performance.now() - probeStart, 1e-4);
  const iterations = Math.max(20, Math.floor(300 / probe));
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run(op, input);
  console.log(`${name} ${Math.round(((performance.now() - start) / iterations) * 1e6)}`);
}
console.log(`compile_ms ${(t1 - t0).toFixed(2)}`);
for (const l of firstCalls) console.log(l);
console.log(`instantiate_ms ${(t2 - t1).toFixed(2)}`);
