/**
 * The command as `deno run -A main.ts` runs it — same runtime, same V8 defaults, no flags — with V8's
 * own account of its heap: every 100 ms the size of each heap space and the process's RSS (their
 * peaks), the old generation's live bytes at their most during the run (what V8's own full collections
 * left), the bytes allocated in all, the heap still live after a full collection at the end, and a
 * sampled allocation profile (which packages allocate what, objects collected since included). The
 * benchmark runs it beside the plain command to show where the plain command's memory goes.
 *
 * ```
 * deno run -A tests/bench/heap_probe.ts OUT.json -- <the command's arguments>
 * ```
 *
 * @module
 */
import { Session } from "node:inspector/promises";
import v8 from "node:v8";
import { main } from "../../main.ts";

const [outFile, separator, ...argv] = Deno.args;
if (!outFile || separator !== "--") throw new Error("usage: heap_probe.ts OUT.json -- ARGS");

const peaks: Record<string, number> = {};
/**
 * The old generation's used bytes at its lowest points: each is what one of V8's own full collections
 * left (only they shrink it; scavenges add to it), so the highest of them is the live heap at its
 * largest during the run, without forcing a collection that would change what is measured.
 */
let [oldUsed, falling, liveDuringRun] = [0, false, 0];
const sample = () => {
  const memory = Deno.memoryUsage();
  const values: Record<string, number> = { rss: memory.rss, heapTotal: memory.heapTotal };
  for (const space of v8.getHeapSpaceStatistics()) {
    values[space.space_name] = space.space_size;
    if (space.space_name === "old_space") {
      const used = space.space_used_size;
      // A rise after a fall: the sample before was a lowest point.
      if (falling && used > oldUsed) liveDuringRun = Math.max(liveDuringRun, oldUsed);
      [oldUsed, falling] = [used, used < oldUsed];
    }
  }
  for (const [name, value] of Object.entries(values)) peaks[name] = Math.max(peaks[name] ?? 0, value);
};
const session = new Session();
session.connect();
// One sample per 512 KiB allocated on average: the profile costs little and the run stays the same.
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 512 * 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
// Deno's V8 reports the bytes allocated since start beside Node's fields.
const allocatedSoFar = () =>
  (v8.getHeapStatistics() as { total_allocated_bytes?: number }).total_allocated_bytes ?? 0;
const allocatedBefore = allocatedSoFar();
const timer = setInterval(sample, 100);
const code = await main(argv);
clearInterval(timer);
sample();
const { profile } = await session.post("HeapProfiler.stopSampling") as {
  profile: { head: ProfileNode };
};
await session.post("HeapProfiler.collectGarbage");
const liveAfterGc = v8.getHeapStatistics().used_heap_size;
const allocated = allocatedSoFar() - allocatedBefore;

interface ProfileNode {
  callFrame: { url: string; functionName: string };
  selfSize: number;
  children: ProfileNode[];
}
const byPackage = new Map<string, number>();
const walk = (node: ProfileNode) => {
  const url = node.callFrame.url;
  const pkg = /registry\.npmjs\.org\/([^/]+(?:\/[^/]+)?)\//.exec(url)?.[1] ??
    (/\/(lib\/[^/]+|main\.ts|tests)/.exec(url)?.[1]) ??
    (url.startsWith("ext:") ? "Deno runtime" : "V8 / other");
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + node.selfSize);
  node.children.forEach(walk);
};
walk(profile.head);
const sampled = [...byPackage.values()].reduce((a, b) => a + b, 0);
const share = Object.fromEntries(
  [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([pkg, size]) => [pkg, size / sampled]),
);
await Deno.writeTextFile(
  outFile,
  JSON.stringify({
    code,
    peaks,
    liveDuringRun,
    liveAfterGc,
    allocated,
    allocationShare: share,
  }),
);
Deno.exit(code);
