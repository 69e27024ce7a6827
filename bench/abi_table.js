// The ABI's table of operations as the module itself declares it (src/abi/operations.h, operation
// `describe`), for the benchmarks, which drive the module outside the worker: each call is framed
// by name with its fields by name, as worker/core.js frames it.

// The ABI's framing: each field a little-endian u32 length, then its bytes. Plain JS, so a bench
// module inside workerd frames with it too.
export function frame(fields) {
  const encoder = new TextEncoder();
  const parts = fields.map((f) => encoder.encode(String(f)));
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const p of parts) {
    view.setUint32(at, p.length, true);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

// name → {id, fields} of an instantiated module.
export function operationTable(instance) {
  instance.exports.edgepost_input(0);
  instance.exports.edgepost_call(0, 0);
  const len = instance.exports.edgepost_output_len();
  const bytes = new Uint8Array(instance.exports.memory.buffer, instance.exports.edgepost_output_ptr(), len);
  return JSON.parse(new TextDecoder().decode(bytes)).operations;
}

// One call of `name` framed: {id, input}. A field the table lacks, or one it leaves out, throws.
export function framedCall(table, name, args) {
  const op = table[name];
  if (!op) throw new Error(`the module has no operation ${name}`);
  for (const key of Object.keys(args)) if (!op.fields.includes(key)) throw new Error(`${name} has no field ${key}`);
  const values = op.fields.map((f) => {
    if (args[f] === undefined) throw new Error(`${name} needs the field ${f}`);
    return args[f];
  });
  return { id: op.id, input: frame(values) };
}

// A module instantiated with the imports the worker gives it (none of its own).
export function instantiateCore(module) {
  const instance = new WebAssembly.Instance(module, {
    env: { emscripten_notify_memory_growth() {} },
    wasi_snapshot_preview1: new Proxy({}, { get: () => () => { throw new Error("wasi call"); } }),
  });
  instance.exports._initialize?.();
  return instance;
}
