// Writes the core benchmark's inputs as length-prefixed fields (the ABI's framing) for the native
// benchmark binary, each with its operation's number as the module names it (argv[3]: the module).
import { readFileSync, writeFileSync } from "node:fs";
import { framedCall, instantiateCore, operationTable } from "./abi_table.js";
import { ENV, cases } from "./core_inputs.js";

const table = operationTable(instantiateCore(new WebAssembly.Module(readFileSync(process.argv[3]))));
const entries = [["configure", framedCall(table, "configure", { environment: ENV })],
  ...Object.entries(cases()).map(([name, [op, args]]) => [name, framedCall(table, op, args)])];
const chunks = [];
for (const [name, { id, input }] of entries) {
  const header = Buffer.alloc(12);
  header.writeUInt32LE(id, 0);
  header.writeUInt32LE(Buffer.byteLength(name), 4);
  header.writeUInt32LE(input.length, 8);
  chunks.push(header, Buffer.from(name), input);
}
writeFileSync(process.argv[2], Buffer.concat(chunks));
