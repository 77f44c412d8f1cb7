/**
 * The audit over worker threads (`lib/audit/threads.ts`), through the real SDK against the simulator:
 * every account reported once, as one thread reports it, also when a worker cannot start or dies.
 * Each case runs `support/threads_run.ts` in a child process (it sets its AWS variables).
 */
import assert from "node:assert/strict";

interface Run {
  results: { id: string; kind: string; users: string[] }[];
  started: string[];
  failures: string[];
  spoolLeft: boolean;
}

async function run(worker: string, threads = 2): Promise<Run> {
  const script = new URL("./support/threads_run.ts", import.meta.url).pathname;
  const url = worker === "default" ? worker : new URL(`./support/${worker}`, import.meta.url).href;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, url, "30", String(threads)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Each account's kind and users, in account order. */
const byAccount = (r: Run) => r.results.map(({ id, kind, users }) => `${id} ${kind} ${users}`).sort();

let one: Promise<Run> | undefined;
/** The same organization audited in one thread (once for all the tests). */
const alone = () => one ??= run("default", 1);

Deno.test("over two worker threads, every account is reported once, as one thread reports it", async () => {
  const threaded = await run("tagging_worker.ts");
  const single = await alone();
  assert.equal(single.results.length, 30);
  assert.deepEqual(byAccount(threaded), byAccount(single));
  assert.equal(new Set(threaded.results.map((r) => r.id)).size, 30);
  // Beyond the first 4 accounts (the run's `startAfter`), the workers audit them all.
  assert.ok(threaded.started.length > 0 && threaded.started.every((name) => name.endsWith(" (worker)")));
  assert.ok(single.started.every((name) => !name.endsWith(" (worker)")));
  assert.deepEqual(threaded.failures, []);
  assert.equal(threaded.spoolLeft, false);
});

Deno.test("workers that cannot start are told about, and this thread audits every account", async () => {
  const failed = await run("failing_worker.ts");
  assert.equal(failed.failures.length, 2);
  assert.ok(failed.failures.every((reason) => reason.includes("this worker cannot start")));
  assert.deepEqual(byAccount(failed), byAccount(await alone()));
});

Deno.test("a worker that dies mid-run loses nothing: the accounts it had not reported are audited again", async () => {
  const died = await run("dying_worker.ts");
  assert.deepEqual(died.failures, ["worker died", "worker died"]);
  assert.deepEqual(byAccount(died), byAccount(await alone()));
  assert.equal(new Set(died.results.map((r) => r.id)).size, 30, "none reported twice");
  assert.equal(died.spoolLeft, false);
});
