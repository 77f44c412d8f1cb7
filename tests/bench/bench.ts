/**
 * `deno task bench [--quick]`: runs the real command against the simulator (in its own process, on
 * generated organizations) and prints, per case: accounts, users, keys, API calls, throttled calls,
 * wall time, peak RSS of the command, the worst CloudTrail LookupEvents rate of any account in any
 * one-second window, and where asked the ratio against `--concurrency 1` measured in the same run.
 *
 * Targets (issue "Organization scale"): (a) ≥ 25× faster than `--concurrency 1`; (b) < 60 s with no
 * throttling error surfacing as a failure; (c) peak RSS < 200 MB and not growing with accounts;
 * LookupEvents ≤ 2 per second per account in every window.
 *
 * @module
 */
import { join } from "node:path";
import { RUN_PERMISSIONS } from "../support/cli.ts";

interface Case {
  name: string;
  accounts: number;
  users: number;
  latencyMs: number;
  rateLimits: boolean;
  /** Also run with `--concurrency 1` and print the ratio. */
  compareSequential?: boolean;
  args?: string[];
}

interface RunResult {
  seconds: number;
  peakRssMb: number;
  code: number;
  apiCalls: number;
  throttled: number;
  lookupPeak: number;
  users: number;
  keys: number;
  accountsFailed: number;
  failedByThrottling: number;
}

const root = new URL("../../", import.meta.url).pathname;
const quick = Deno.args.includes("--quick");

const CASES: Case[] = quick
  ? [
    { name: "a-quick", accounts: 10, users: 10, latencyMs: 50, rateLimits: true, compareSequential: true },
    { name: "b-quick", accounts: 60, users: 20, latencyMs: 50, rateLimits: true },
    { name: "c-quick-small", accounts: 50, users: 50, latencyMs: 0, rateLimits: false },
    { name: "c-quick-large", accounts: 200, users: 50, latencyMs: 0, rateLimits: false },
  ]
  : [
    { name: "a", accounts: 20, users: 20, latencyMs: 50, rateLimits: true, compareSequential: true },
    { name: "b", accounts: 200, users: 50, latencyMs: 50, rateLimits: true },
    { name: "c-250", accounts: 250, users: 100, latencyMs: 0, rateLimits: false },
    { name: "c-1000", accounts: 1000, users: 100, latencyMs: 0, rateLimits: false },
  ];

/** Starts the simulator in its own process and returns its endpoint and a stop function. */
async function startSim(c: Case) {
  const args = [
    "run",
    "-A",
    join(root, "sim/main.ts"),
    "--scenario",
    `gen:${c.accounts}:${c.users}:7`,
    "--page-size",
    "100",
    "--latency",
    String(c.latencyMs),
    ...(c.rateLimits ? ["--rate-limits"] : []),
  ];
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
    async stats() {
      return await (await fetch(`${info.url}/__sim/stats`)).json();
    },
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Peak resident memory (VmHWM) of a running process, in MB. */
function peakRss(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

async function run(c: Case, extraArgs: string[]): Promise<RunResult> {
  const sim = await startSim(c);
  const out = await Deno.makeTempDir({ prefix: "iam-audit-bench-" });
  try {
    const started = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...RUN_PERMISSIONS,
        join(root, "main.ts"),
        "--role",
        "OrganizationAccountAccessRole",
        "--output-dir",
        out,
        "--quiet",
        "--no-html",
        ...(c.args ?? []),
        ...extraArgs,
      ],
      env: {
        AWS_ENDPOINT_URL: sim.url,
        AWS_ACCESS_KEY_ID: sim.accessKeyId,
        AWS_SECRET_ACCESS_KEY: sim.secretAccessKey,
        AWS_REGION: "us-east-1",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: join(out, "none"),
        AWS_SHARED_CREDENTIALS_FILE: join(out, "none"),
      },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, peakRss(child.pid))), 50);
    const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let errText = "";
    for (let r = await stderr.read(); !r.done; r = await stderr.read()) errText += r.value;
    const status = await child.status;
    clearInterval(poll);
    const seconds = (performance.now() - started) / 1000;
    if (status.code !== 0 && status.code !== 3) {
      throw new Error(`the audit failed (${status.code}): ${errText}`);
    }
    const stats = await sim.stats();
    const accountsCsv = [...Deno.readDirSync(out)].find((e) => e.name.startsWith("accounts_"))!;
    const lines = (await Deno.readTextFile(join(out, accountsCsv.name))).trim().split("\r\n").slice(1);
    let users = 0, keys = 0, failed = 0, failedByThrottling = 0;
    for (const line of lines) {
      // account_id,account_name,account_state,audit_result,reason,users,access_keys,...
      const cells = line.split(",");
      if (cells[3] === "failed") {
        failed++;
        if (/Throttl|TooManyRequests|Rate exceeded/.test(line)) failedByThrottling++;
      }
      users += Number(cells[5]) || 0;
      keys += Number(cells[6]) || 0;
    }
    return {
      seconds,
      peakRssMb: peak,
      code: status.code,
      apiCalls: stats.totalRequests,
      throttled: stats.throttled,
      lookupPeak: stats.lookupEventsPeakPerSecondMax,
      users,
      keys,
      accountsFailed: failed,
      failedByThrottling,
    };
  } finally {
    await sim.stop();
    await Deno.remove(out, { recursive: true });
  }
}

const rows: string[][] = [[
  "case",
  "accounts",
  "users",
  "keys",
  "api calls",
  "throttled",
  "wall s",
  "peak RSS MB",
  "LookupEvents/s max",
  "failed accts (throttling)",
  "vs --concurrency 1",
]];
for (const c of CASES) {
  console.error(`running case ${c.name}: ${c.accounts} accounts x ${c.users} users ...`);
  const r = await run(c, []);
  let ratio = "";
  if (c.compareSequential) {
    console.error(`running case ${c.name} with --concurrency 1 ...`);
    const seq = await run(c, ["--concurrency", "1"]);
    ratio = `${(seq.seconds / r.seconds).toFixed(1)}x (${seq.seconds.toFixed(1)} s)`;
  }
  rows.push([
    c.name,
    String(c.accounts),
    String(r.users),
    String(r.keys),
    String(r.apiCalls),
    String(r.throttled),
    r.seconds.toFixed(1),
    r.peakRssMb.toFixed(0),
    String(r.lookupPeak),
    `${r.accountsFailed} (${r.failedByThrottling})`,
    ratio,
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
console.log(line(rows[0]));
console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
for (const r of rows.slice(1)) console.log(line(r));
console.log(
  `\n${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} cores, Deno ${Deno.version.deno}; ` +
    "failed accounts are the generated ones without the audit role (by design), none by throttling.",
);
