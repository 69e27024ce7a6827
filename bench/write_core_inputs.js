// Writes the core benchmark's inputs as length-prefixed fields (the ABI's framing) for the native
// benchmark binary.
import { writeFileSync } from "node:fs";
import { ENV, cases, frame } from "./core_inputs.js";

const entries = [["configure", 1, frame([ENV])], ...Object.entries(cases()).map(([name, [op, f]]) => [name, op, frame(f)])];
const chunks = [];
for (const [name, op, bytes] of entries) {
  const header = Buffer.alloc(12);
  header.writeUInt32LE(op, 0);
  header.writeUInt32LE(Buffer.byteLength(name), 4);
  header.writeUInt32LE(bytes.length, 8);
  chunks.push(header, Buffer.from(name), bytes);
}
writeFileSync(process.argv[2], Buffer.concat(chunks));
