// The shell holds no policy (README, "How it works"): its bounds, timeouts, retry delays and error
// sentences come from the core. This test lists every numeric literal in worker/ (outside comments;
// the dashboard page's CSS and text aside), so a new one is a conscious choice made here, with its
// reason, not a limit slipped into the shell. It runs without workerd.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { root } from "./harness.js";

// Each literal the shell may hold, and why it is not a decision.
const ALLOWED = {
  "0": "empty, none, first index, no HTTP answer",
  "1": "one, next index, the ABI's answer code for yes, SQL's single monitor row",
  "2": "the ABI's answer code for an edgepost route (src/requests/request_answers.h)",
  "3": "the ABI's answer code for a pass with a log line",
  "4": "the ABI's frame: a u32 length",
  "8": "the ABI's frame: bits in a byte",
  "16": "the ABI's frame: bits in two bytes",
  "24": "the ABI's frame: bits in three bytes",
  "0xff": "the ABI's frame: one byte",
  "0x7f": "the largest ASCII character, which is its own UTF-8",
  "256": "fields shorter than this are copied byte by byte (measured cheaper than TextEncoder)",
  "1000": "milliseconds in a second",
  "200": "HTTP OK",
  "202": "HTTP Accepted, the core's answer for a queued event",
  "303": "HTTP See Other, the sign-in's answer",
  "400": "the first HTTP status that is a refusal",
  "503": "HTTP Service Unavailable: the core never started, so the sender should try again",
};

function literals(text) {
  const code = text.split("\n").map((line) => line.replace(/(^|\s)\/\/.*$/, "")).join("\n");
  return [...code.matchAll(/(?<![A-Za-z_$0-9.#-])(0x[0-9a-f]+|\d[\d_]*)(?![A-Za-z_$0-9])/gi)].map((m) => m[1]);
}

describe("the shell's numeric literals", () => {
  it("are only the listed few, each with its reason", () => {
    const files = readdirSync(path.join(root, "worker")).filter((f) => f.endsWith(".js") && f !== "dashboard_page.js");
    assert.ok(files.includes("index.js") && files.includes("order_shard.js"), files.join(", "));
    const unlisted = [];
    for (const file of files) {
      for (const literal of literals(readFileSync(path.join(root, "worker", file), "utf8"))) {
        if (!(literal.toLowerCase() in ALLOWED)) unlisted.push(`${file}: ${literal}`);
      }
    }
    assert.deepEqual(unlisted, []);
  });

  it("finds a literal added to the shell", () => {
    assert.deepEqual(literals("const RETRY = 60; // 90 in a comment\nx(`a ${2}`);"), ["60", "2"]);
  });
});
