/**
 * `deno task bench [--quick]`: runs the real command against the simulator (in its own process, on
 * generated organizations) case after case, in one run, and prints each case beside its target. Each row
 * says how the command ran: as the user runs it (`deno run -A main.ts`, V8's defaults), with the
 * permissions and V8 flags of `deno task audit` and the binary (`--v8-flags=--optimize-for-size`: half
 * the memory, twice the CPU), or under the heap probe. The cases:
 *
 * - **b-account**, **b-action**: 200 accounts × 50 users at 50 ms, IAM limited to 20 requests per
 *   second per account in total, then per API action, CloudTrail to 2 per second: under 30 s, fewer
 *   than 1% of calls throttled, no account failed by throttling; b-account again with the other number
 *   of threads (2 where the default is 1, as on 2 cores; else 1) and with the task's flags, for reference.
 * - **b-lower**, **b-bursty**: the same organization against IAM limited lower than configured (10 per
 *   second per account) and bursty (a token bucket with brownouts): fewer than 1% throttled.
 * - **a**: 20 × 20 at 50 ms, against `--concurrency 1` in the same run: at least 15× faster.
 * - **cpu**: 250 × 40, no latency, `--no-cloudtrail`: requests per second against a bare AWS SDK loop
 *   doing the same calls (`bare_sdk.ts`, under plain `deno run -A`), measured just before: at least 0.85
 *   of it with the pacing lifted (`--iam-rps 1000`: both bound by the CPU alone) under the same plain
 *   command, the same bound on requests in flight (64) and, like the loop, in one thread
 *   (`--threads 1`); with two threads, the task's flags, the default `--concurrency` and the default
 *   pacing for reference.
 * - **mem**: 1,000 × 100, no latency: peak RSS of plain `deno run -A main.ts` (target under 200 MB), with
 *   the other number of threads, and with the flags of `deno task audit` and the binary (`--v8-flags=--optimize-for-size`);
 *   and 250 × 100 in one thread under `heap_probe.ts` for V8's heap statistics and allocation profile of
 *   the plain command (the probe reads the heap of the thread it runs in).
 *
 * Columns: accounts, users, API calls (the simulator's count), throttled (and their share), wall time,
 * requests per second, the command's CPU time per request, peak RSS, the worst LookupEvents rate of any
 * account in any one-second window, failed accounts (of which by throttling). The machine's load
 * average is printed before and after: other work on the machine shows in the figures.
 *
 * @module
 */
import { join } from "node:path";
import { RUN_PERMISSIONS } from "../support/cli.ts";
import { DEFAULT_THREADS } from "../../lib/cli/flags.ts";

interface Case {
  name: string;
  accounts: number;
  users: number;
  simArgs: string[];
  args?: string[];
  /** How to run the command: the documented permissions and flags, plain `deno run -A`, or the probe. */
  runner?: Runner;
}

/** The command as the user runs it (`deno run -A main.ts`), as `deno task audit` does, or under the heap probe. */
type Runner = "documented" | "plain" | "probe";

interface RunResult {
  runner: Runner;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  apiCalls: number;
  throttled: number;
  lookupPeak: number;
  users: number;
  accountsFailed: number;
  failedByThrottling: number;
}

const root = new URL("../../", import.meta.url).pathname;
const quick = Deno.args.includes("--quick");
const scale = (n: number) => (quick ? Math.max(4, Math.round(n / 5)) : n);

const LATENCY = ["--latency", "50"];
/** Requests in flight at most in the bare SDK loop, and in the audit beside it. */
const BARE_IN_FLIGHT = 64;
const PER_ACCOUNT = [...LATENCY, "--rate-limits", "--iam-throttle", "perAccount"];
/** The threads of the reference rows: two where the default is one (as on 2 cores), else one. */
const OTHER_THREADS = DEFAULT_THREADS === 1 ? "2" : "1";

/** Starts the simulator in its own process and returns its endpoint, stats and a stop function. */
async function startSim(spec: string, simArgs: string[]) {
  const args = ["run", "-A", join(root, "sim/main.ts"), "--scenario", spec, "--page-size", "100", ...simArgs];
  const child = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "inherit" }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (!buffer.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the simulator exited before listening");
    buffer += value;
  }
  reader.releaseLock();
  child.stdout.cancel().catch(() => {});
  const info = JSON.parse(buffer.split("\n")[0]) as {
    url: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
  return {
    ...info,
    env(out: string): Record<string, string> {
      return {
        AWS_ENDPOINT_URL: info.url,
        AWS_ACCESS_KEY_ID: info.accessKeyId,
        AWS_SECRET_ACCESS_KEY: info.secretAccessKey,
        AWS_REGION: "us-east-1",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: join(out, "none"),
        AWS_SHARED_CREDENTIALS_FILE: join(out, "none"),
      };
    },
    async stats() {
      return await (await fetch(`${info.url}/__sim/stats`)).json();
    },
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Peak resident memory (VmHWM, MB) and CPU time (s) of a running process. */
function usage(pid: number): { peakMb: number; cpu: number } | undefined {
  try {
    const hwm = /VmHWM:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`))?.[1];
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
    return { peakMb: Number(hwm ?? 0) / 1024, cpu: (Number(stat[11]) + Number(stat[12])) / 100 };
  } catch {
    return undefined;
  }
}

/** Runs a child process to its end, sampling its memory and CPU; returns its stderr and exit code. */
async function measure(args: string[], env: Record<string, string>) {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), { args, env, stdout: "piped", stderr: "piped" }).spawn();
  let peakMb = 0;
  let cpu = 0;
  const poll = setInterval(() => {
    const u = usage(child.pid);
    if (u) [peakMb, cpu] = [Math.max(peakMb, u.peakMb), Math.max(cpu, u.cpu)];
  }, 50);
  const [out, err] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  const status = await child.status;
  clearInterval(poll);
  return {
    stdout: out,
    stderr: err,
    code: status.code,
    seconds: (performance.now() - started) / 1000,
    peakMb,
    cpu,
  };
}

const runnerArgs = (c: Case, probeFile: string): string[] => {
  switch (c.runner ?? "documented") {
    case "plain":
      return ["run", "-A", join(root, "main.ts")];
    case "probe":
      return ["run", "-A", join(root, "tests/bench/heap_probe.ts"), probeFile, "--"];
    default:
      return ["run", ...RUN_PERMISSIONS, join(root, "main.ts")];
  }
};

/** Runs the command once against a fresh simulator. */
async function run(c: Case, extraArgs: string[] = []): Promise<RunResult & { probe?: Probe }> {
  const sim = await startSim(`gen:${c.accounts}:${c.users}:7`, c.simArgs);
  const out = await Deno.makeTempDir({ prefix: "iam-audit-bench-" });
  const probeFile = join(out, "probe.json");
  try {
    const r = await measure([
      ...runnerArgs(c, probeFile),
      "--role",
      "OrganizationAccountAccessRole",
      "--output-dir",
      out,
      "--quiet",
      "--no-html",
      ...(c.args ?? []),
      ...extraArgs,
    ], sim.env(out));
    if (r.code !== 0 && r.code !== 3) throw new Error(`the audit failed (${r.code}): ${r.stderr}`);
    const stats = await sim.stats();
    const accountsCsv = [...Deno.readDirSync(out)].find((e) => e.name.startsWith("accounts_"))!;
    const lines = (await Deno.readTextFile(join(out, accountsCsv.name))).trim().split("\r\n").slice(1);
    let users = 0, failed = 0, failedByThrottling = 0;
    for (const line of lines) {
      // account_id,account_name,account_state,audit_result,reason,users,...
      const cells = line.split(",");
      if (cells[3] === "failed") {
        failed++;
        if (/Throttl|TooManyRequests|Rate exceeded/.test(line)) failedByThrottling++;
      }
      users += Number(cells[5]) || 0;
    }
    return {
      seconds: r.seconds,
      runner: c.runner ?? "documented",
      cpuSeconds: r.cpu,
      peakRssMb: r.peakMb,
      apiCalls: stats.totalRequests,
      throttled: stats.throttled,
      lookupPeak: stats.lookupEventsPeakPerSecondMax,
      users,
      accountsFailed: failed,
      failedByThrottling,
      probe: c.runner === "probe" ? JSON.parse(await Deno.readTextFile(probeFile)) : undefined,
    };
  } finally {
    await sim.stop();
    await Deno.remove(out, { recursive: true });
  }
}

/** The bare SDK loop against a fresh simulator: calls, seconds, CPU per call. */
async function bare(accounts: number, users: number) {
  const sim = await startSim(`gen:${accounts}:${users}:7`, []);
  const out = await Deno.makeTempDir({ prefix: "iam-audit-bench-" });
  try {
    const r = await measure(
      ["run", "-A", join(root, "tests/bench/bare_sdk.ts"), "--in-flight", String(BARE_IN_FLIGHT)],
      sim.env(out),
    );
    if (r.code !== 0) throw new Error(`the bare SDK loop failed: ${r.stderr}`);
    const result = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { calls: number; seconds: number };
    // The process's wall time, start-up included, as the audit's is measured.
    return {
      calls: result.calls,
      seconds: r.seconds,
      apiCalls: (await sim.stats()).totalRequests,
      cpuSeconds: r.cpu,
      peakRssMb: r.peakMb,
    };
  } finally {
    await sim.stop();
    await Deno.remove(out, { recursive: true });
  }
}

interface Probe {
  peaks: Record<string, number>;
  /** The old generation's live bytes at their most during the run, as V8's own full collections left them. */
  liveDuringRun: number;
  liveAfterGc: number;
  allocated: number;
  allocationShare: Record<string, number>;
}

const rows: string[][] = [[
  "case",
  "command",
  "accounts",
  "users",
  "API calls",
  "throttled",
  "wall s",
  "req/s",
  "CPU µs/req",
  "peak RSS MB",
  "LookupEvents/s max",
  "failed (throttling)",
  "target",
  "result",
]];
const notes: string[] = [];
const mb = (bytes: number) => (bytes / 1048576).toFixed(0);

function row(
  name: string,
  c: { accounts: number; users: number },
  r: RunResult,
  target: string,
  ok: boolean,
) {
  rows.push([
    name,
    COMMAND[r.runner],
    String(c.accounts),
    String(r.users),
    String(r.apiCalls),
    `${r.throttled} (${(100 * r.throttled / r.apiCalls).toFixed(2)}%)`,
    r.seconds.toFixed(1),
    (r.apiCalls / r.seconds).toFixed(0),
    (1e6 * r.cpuSeconds / r.apiCalls).toFixed(0),
    r.peakRssMb.toFixed(0),
    String(r.lookupPeak),
    `${r.accountsFailed} (${r.failedByThrottling})`,
    target,
    ok ? "met" : "NOT MET",
  ]);
}

/** How each row's command was run. */
const COMMAND: Record<Runner, string> = {
  plain: "deno run -A",
  documented: "task flags",
  probe: "probe",
};

const loadBefore = Deno.loadavg();
const throttledUnder = (r: RunResult, share: number) =>
  r.throttled / r.apiCalls < share && r.failedByThrottling === 0;

// b: the issue's organization under each IAM throttling model.
const b = { accounts: scale(200), users: 50 };
const bCases: [string, string[], number | undefined][] = [
  ["b-account", PER_ACCOUNT, 30],
  ["b-action", [...LATENCY, "--rate-limits"], 30],
  ["b-lower", [...PER_ACCOUNT, "--iam-rate", "10"], undefined],
  ["b-bursty", [
    ...LATENCY,
    "--rate-limits",
    "--iam-throttle",
    "bursty",
    "--iam-burst",
    "100",
    "--iam-brownout",
    "20000:8000:0.3",
  ], undefined],
];
for (const [name, simArgs, seconds] of bCases) {
  console.error(`running ${name}: ${b.accounts} accounts x ${b.users} users ...`);
  const r = await run({ name, ...b, simArgs, runner: "plain" });
  const within = seconds === undefined || quick || r.seconds < seconds;
  row(
    name,
    b,
    r,
    `${seconds && !quick ? `< ${seconds} s, ` : ""}< 1% throttled`,
    within && throttledUnder(r, 0.01),
  );
}

{
  console.error(`running b-account with --threads ${OTHER_THREADS} ...`);
  const r = await run({ name: "b-account-threads", ...b, simArgs: PER_ACCOUNT, runner: "plain" }, [
    "--threads",
    OTHER_THREADS,
  ]);
  row(`b-account (--threads ${OTHER_THREADS})`, b, r, "for reference", true);
}

{
  console.error(`running b-account with deno task audit's flags ...`);
  row(
    "b-account",
    b,
    await run({ name: "b-account-flags", ...b, simArgs: PER_ACCOUNT }),
    "for reference",
    true,
  );
}

// a: speed-up against one request at a time.
{
  const a = { accounts: scale(20), users: 20 };
  console.error(`running a: ${a.accounts} x ${a.users}, then with --concurrency 1 ...`);
  const r = await run({ name: "a", ...a, simArgs: [...LATENCY, "--rate-limits"], runner: "plain" });
  const seq = await run({ name: "a-seq", ...a, simArgs: [...LATENCY, "--rate-limits"], runner: "plain" }, [
    "--concurrency",
    "1",
  ]);
  const ratio = seq.seconds / r.seconds;
  row("a", a, r, quick ? "for reference" : "≥ 15× --concurrency 1", quick || ratio >= 15);
  row("a (--concurrency 1)", a, seq, `${ratio.toFixed(1)}×`, true);
}

// cpu: against a bare SDK loop doing the same calls, measured just before.
{
  const c = { accounts: scale(250), users: 40 };
  console.error(`running cpu: bare SDK loop, then the audit, ${c.accounts} x ${c.users}, no latency ...`);
  const ref = await bare(c.accounts, c.users);
  // Like for like: the bare loop runs under plain `deno run -A` with at most 64 requests in flight, so does
  // the audit here (more requests in flight cost CPU when nothing waits on the network: queues, memory).
  // And in one thread, as the bare loop: the CPU per request, like for like; then with two threads.
  const like = ["--no-cloudtrail", "--iam-rps", "1000", "--concurrency", String(BARE_IN_FLIGHT)];
  const lifted = await run({
    name: "cpu",
    ...c,
    simArgs: [],
    args: [...like, "--threads", "1"],
    runner: "plain",
  });
  const threaded = await run({
    name: "cpu-threads",
    ...c,
    simArgs: [],
    args: [...like, "--threads", "2"],
    runner: "plain",
  });
  const flagged = await run({ name: "cpu-flags", ...c, simArgs: [], args: like });
  const lifted256 = await run({
    name: "cpu-default-concurrency",
    ...c,
    simArgs: [],
    args: ["--no-cloudtrail", "--iam-rps", "1000"],
    runner: "plain",
  });
  const paced = await run({
    name: "cpu-default",
    ...c,
    simArgs: [],
    args: ["--no-cloudtrail"],
    runner: "plain",
  });
  const refRate = ref.calls / ref.seconds;
  const fraction = (r: RunResult) => (r.apiCalls / r.seconds) / refRate;
  rows.push([
    "bare SDK loop",
    COMMAND.plain,
    String(c.accounts),
    "",
    String(ref.calls),
    "",
    ref.seconds.toFixed(1),
    refRate.toFixed(0),
    (1e6 * ref.cpuSeconds / ref.calls).toFixed(0),
    ref.peakRssMb.toFixed(0),
    "",
    "",
    "reference",
    "",
  ]);
  row(
    "cpu (--iam-rps 1000, 64 in flight, --threads 1)",
    c,
    lifted,
    "≥ 0.85 of the bare loop",
    fraction(lifted) >= 0.85,
  );
  rows.at(-1)![12] += ` (${fraction(lifted).toFixed(2)})`;
  row("cpu (--iam-rps 1000, 64 in flight, --threads 2)", c, threaded, "for reference", true);
  rows.at(-1)![12] = `${fraction(threaded).toFixed(2)} of the bare loop`;
  row("cpu (--iam-rps 1000, 64 in flight)", c, flagged, "for reference", true);
  rows.at(-1)![12] = `${fraction(flagged).toFixed(2)} of the bare loop`;
  row("cpu (--iam-rps 1000, default 256)", c, lifted256, "for reference", true);
  rows.at(-1)![12] = `${fraction(lifted256).toFixed(2)} of the bare loop`;
  row("cpu (default pacing)", c, paced, "for reference", true);
  rows.at(-1)![12] = `${fraction(paced).toFixed(2)} of the bare loop`;
}

// mem: the largest organization, plain deno run, the probe, and the documented flags.
{
  const m = { accounts: scale(1000), users: 100 };
  console.error(
    `running mem: ${m.accounts} x ${m.users}, no latency: plain deno run -A, probe, documented flags ...`,
  );
  const plain = await run({ name: "mem", ...m, simArgs: [], runner: "plain" });
  row("mem", m, plain, "< 200 MB peak RSS", plain.peakRssMb < 200);
  const other = await run({ name: "mem-threads", ...m, simArgs: [], runner: "plain" }, [
    "--threads",
    OTHER_THREADS,
  ]);
  row(`mem (--threads ${OTHER_THREADS})`, m, other, "for reference", true);
  // V8's figures from a smaller organization: the same runtime and defaults, a third of the time.
  const probedCase = { accounts: scale(250), users: 100 };
  // One thread: the probe reads the heap of the thread it runs in.
  const probed = await run({ name: "mem-probe", ...probedCase, simArgs: [], runner: "probe" }, [
    "--threads",
    "1",
  ]);
  const p = probed.probe!;
  notes.push(
    `mem, plain deno run -A (${probedCase.accounts} x ${probedCase.users} under tests/bench/heap_probe.ts), ` +
      `V8's own figures: old generation live during the run (what its own full collections left) at most ` +
      `${mb(p.liveDuringRun)} MB, live heap after a full collection at the end ${mb(p.liveAfterGc)} MB; ` +
      `peaks: new space ${mb(p.peaks.new_space)} MB, old space ${mb(p.peaks.old_space)} MB, heap ` +
      `${mb(p.peaks.heapTotal)} MB, RSS ${mb(p.peaks.rss)} MB; allocated ${mb(p.allocated)} MB in all, ` +
      `${(p.allocated / probed.apiCalls / 1024).toFixed(0)} KB per request, by: ` +
      Object.entries(p.allocationShare).map(([k, v]) => `${k} ${(100 * v).toFixed(0)}%`).join(", ") + ".",
  );
  const flagged = await run({ name: "mem-flags", ...m, simArgs: [] });
  row("mem", m, flagged, "< 200 MB peak RSS", flagged.peakRssMb < 200);
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
const line = (r: string[]) => `| ${r.map((cell, i) => (cell ?? "").padEnd(widths[i])).join(" | ")} |`;
console.log(line(rows[0]));
console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
for (const r of rows.slice(1)) console.log(line(r));
const loadAfter = Deno.loadavg();
console.log(
  `\n${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} cores, Deno ${Deno.version.deno}; ` +
    `load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ` +
    `${loadAfter.map((l) => l.toFixed(2)).join(" ")} after. ` +
    "Failed accounts are the generated ones without the audit role (by design).",
);
for (const note of notes) console.log(note);
