/**
 * The README's samples are the demo's real output: a fresh demo run gives the same blocks, dates,
 * timestamps, durations and the order of accounts audited at once aside. After a change of output, `deno task readme-samples` rewrites them.
 */
import assert from "node:assert/strict";
import { demoSamples, normalize, readmeSamples } from "./support/readme_samples.ts";

Deno.test("the README's console and report samples are what the demo produces", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const inReadme = readmeSamples(readme);
  const fresh = await demoSamples();
  for (const [name, block] of Object.entries(fresh)) {
    const shown = inReadme[name as keyof typeof fresh];
    assert.ok(shown, `README.md has a demo-sample:${name} block`);
    assert.equal(
      normalize(shown),
      normalize(block),
      `README sample "${name}" is stale: run deno task readme-samples`,
    );
  }
});
