// The ABI is declared once (src/abi/operations.h) and every side reads it: this test takes the
// table from the module under test (operation `describe`) and checks that every call the shell,
// the bench and the fuzz targets make names an operation the table has, with exactly its fields,
// and that every operation is fuzzed. It runs without workerd.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { framedCall, instantiateCore, operationTable } from "../../bench/abi_table.js";
import { ENV, cases } from "../../bench/core_inputs.js";
import { root, toolchain } from "./harness.js";

const module = new WebAssembly.Module(readFileSync(path.join(root, `build/${toolchain}/edgepost.wasm`)));
const table = operationTable(instantiateCore(module));
const read = (dir, ext) => readdirSync(path.join(root, dir)).filter((f) => f.endsWith(ext))
  .map((f) => [`${dir}/${f}`, readFileSync(path.join(root, dir, f), "utf8")]);

// Each `call("name", { a, b: …, c })` of a JS file: the name and the keys of its object literal
// (one level deep; spread members such as `...args` are named `...`).
function jsCalls(text) {
  const out = [];
  const pattern = /\b(?:call|callUnread)\(\s*"([a-z_]+)"\s*(?:,\s*\{)?/g;
  for (let m; (m = pattern.exec(text)); ) {
    const keys = [];
    if (m[0].endsWith("{")) {
      let depth = 1;
      let i = pattern.lastIndex;
      let member = "";
      const take = () => {
        const key = member.trim().match(/^(\.\.\.|[A-Za-z_][A-Za-z_0-9]*)/)?.[1];
        if (key) keys.push(key);
        member = "";
      };
      for (; i < text.length && depth > 0; i++) {
        const c = text[i];
        if ("{[(".includes(c)) depth++;
        else if ("}])".includes(c)) depth--;
        if (depth === 1 && c === ",") take();
        else if (depth >= 1) member += c;
      }
      take();
    }
    out.push({ name: m[1], keys });
  }
  return out;
}

describe(`the ABI table (${toolchain} module)`, () => {
  it("answers every operation with its id and fields, describe as 0", () => {
    assert.equal(table.describe.id, 0);
    assert.deepEqual(table.request.fields, ["now", "method", "path", "query", "cookie", "authorization", "origin", "host"]);
    const ids = Object.values(table).map((o) => o.id);
    assert.equal(new Set(ids).size, ids.length, "ids are unique");
  });

  it("has every operation the shell calls, each with exactly the fields it passes", () => {
    const calls = [...read("worker", ".js"), ...read("bench", ".js")].flatMap(([file, text]) => jsCalls(text).map((c) => ({ ...c, file })));
    assert.ok(calls.length >= 15, `found only ${calls.length} calls`);
    for (const { file, name, keys } of calls) {
      assert.ok(table[name], `${file} calls ${name}, which the table does not have`);
      for (const key of keys) {
        if (key === "...") continue;
        assert.ok(table[name].fields.includes(key), `${file} passes ${key} to ${name}, which has fields ${table[name].fields}`);
      }
      if (!keys.includes("...")) {
        for (const field of table[name].fields) assert.ok(keys.includes(field), `${file} leaves ${field} out of ${name}`);
      }
    }
  });

  it("has every operation the order shard and the alert desk reach by kind", () => {
    const shard = readFileSync(path.join(root, "worker/order_shard.js"), "utf8");
    for (const kind of [...shard.matchAll(/this\.step\(key, "([a-z]+)"/g)].map((m) => m[1])) assert.ok(table[`order_${kind}`], kind);
    const desk = readFileSync(path.join(root, "worker/alert_desk.js"), "utf8");
    for (const kind of [...desk.matchAll(/this\.step\("([a-z]+)"/g)].map((m) => m[1])) assert.ok(table[`monitor_${kind}`], kind);
  });

  it("frames every bench case with the table's fields", () => {
    framedCall(table, "configure", { environment: ENV });
    for (const [name, [op, args]] of Object.entries(cases())) assert.ok(framedCall(table, op, args).input.length > 0, name);
  });

  it("fuzzes every operation", () => {
    const fuzzSources = read("fuzz", ".cpp").map(([, text]) => text).join("\n");
    const unfuzzed = Object.keys(table).filter((name) => !fuzzSources.includes(`"${name}"`));
    assert.deepEqual(unfuzzed, []);
  });
});
