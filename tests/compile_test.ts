/**
 * The single binary (`deno task compile`), tested as far as a machine without dl.deno.land allows:
 *
 * - the module graph is compile-safe (local modules and npm packages only, nothing read or imported
 *   at run time from beside the script);
 * - `deno task compile` packages the command offline for this platform, with this Deno standing in
 *   for `denort` (`DENORT_BIN`), and the binary carries the intended permissions, the program and
 *   the SDK's credential providers, and not the test suite's packages;
 * - the other four platforms package too, with each platform's Deno from the npm registry standing
 *   in for its `denort` (same file format, so the same packaging step);
 * - the audit, `--help` and `--version` give the same outputs under the binary's exact permissions
 *   as under the documented `deno run` ones, and `credential_process` profiles work with them.
 *
 * What needs the real `denort` (a connected machine): running the binary itself. With
 * `IAM_AUDIT_BINARY=dist/iam-audit` the last test runs it and compares it with `deno run`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { compileArgs, defaultOutput, WORKER_MODULE } from "../scripts/compile.ts";
import { hostTarget, permissionsFor, RUNTIME_FLAGS, type Target, TARGETS } from "../lib/cli/permissions.ts";
import { startSimulator } from "../sim/server.ts";
import { denoDir, RUN_PERMISSIONS, simEnvironment } from "./support/cli.ts";
import { ROLE, truthScenario } from "./support/truth_scenario.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DENO = Deno.execPath();
/** Any attempt to download (denort, a package) fails at once instead of hanging or succeeding. */
const OFFLINE = {
  HTTPS_PROXY: "http://127.0.0.1:1",
  HTTP_PROXY: "http://127.0.0.1:1",
  DENO_NO_UPDATE_CHECK: "1",
};
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("the module graph is compile-safe: local modules and npm packages, nothing loaded from beside the script", async () => {
  const local = new Set<string>();
  // The program's graph, and the worker threads' (their module is embedded with --include).
  for (const entry of ["main.ts", WORKER_MODULE]) {
    const out = await new Deno.Command(DENO, {
      args: ["info", "--json", entry],
      cwd: ROOT,
      stdout: "piped",
    })
      .output();
    const info = JSON.parse(decode(out.stdout)) as { modules: { specifier: string; kind: string }[] };
    for (const { specifier, kind } of info.modules) {
      if (specifier.startsWith(`file://${ROOT}`)) local.add(specifier);
      else assert.ok(/^(npm|node):/.test(specifier), `${kind} module ${specifier} is neither local nor npm`);
    }
  }
  assert.ok([...local].some((s) => s.endsWith("/lib/aws/http/handler.ts")));
  assert.ok(local.has(`file://${ROOT}${WORKER_MODULE}`));
  for (const specifier of [...local].filter((s) => s.endsWith(".ts"))) {
    const source = await Deno.readTextFile(new URL(specifier));
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    // A dynamic import is not embedded unless named with --include; a path from import.meta points
    // beside the script, which does not exist beside a binary — but for the worker threads' module,
    // embedded with --include, where the binary's own modules are.
    assert.doesNotMatch(code, /\bimport\s*\(/, `${specifier}: dynamic import`);
    const workerUrl = /new URL\("\.\/audit_worker\.ts", import\.meta\.url\)/g;
    if (specifier.endsWith("/lib/audit/threads.ts")) assert.match(code, workerUrl);
    assert.doesNotMatch(
      code.replace(workerUrl, ""),
      /import\.meta\.(url|dirname|filename|resolve)/,
      `${specifier}: reads beside itself`,
    );
  }
  const args = compileArgs(hostTarget(), "out");
  assert.equal(args[args.indexOf("--include") + 1], WORKER_MODULE);
});

/** The payload `deno compile` appends: its JSON metadata (after the `d3n0l4nd` section marker). */
function compiledMetadata(binary: Uint8Array): Record<string, unknown> {
  const text = new TextDecoder("latin1").decode(binary.subarray(binary.length - 64 * 1024 * 1024));
  const at = text.lastIndexOf('{"argv":');
  assert.ok(at > 0, "no deno compile metadata in the binary");
  let depth = 0;
  let inString = false;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return JSON.parse(text.slice(at, i + 1));
  }
  throw new Error("unterminated metadata");
}

function includes(haystack: Uint8Array, needle: string): boolean {
  return new TextDecoder("latin1").decode(haystack).includes(needle);
}

/** Runs `deno task compile` offline with `denort` replaced by `runtime`. */
async function compile(target: Target, output: string, runtime: string) {
  const out = await new Deno.Command(DENO, {
    args: ["task", "compile", "--target", target, "--output", output],
    cwd: ROOT,
    env: { ...OFFLINE, DENORT_BIN: runtime, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, log: decode(out.stdout) + decode(out.stderr) };
}

function assertPermissions(metadata: Record<string, unknown>, target: Target): void {
  const p = metadata.permissions as Record<string, unknown>;
  // An empty list means "all" for that kind; null means "none".
  assert.deepEqual(p.allow_net, []);
  assert.deepEqual(p.allow_env, []);
  assert.deepEqual(p.allow_read, []);
  assert.deepEqual(p.allow_write, []);
  assert.deepEqual(p.allow_sys, ["osRelease", "homedir", "uid"]);
  assert.deepEqual(p.allow_run, target.includes("windows") ? [] : ["/bin/sh"]);
  assert.equal(p.allow_ffi, null);
  assert.equal(p.allow_all ?? false, false);
  assert.deepEqual(metadata.argv, [], "no argument is baked in");
  assert.ok((metadata.v8_flags as string[]).includes("--optimize-for-size"), String(metadata.v8_flags));
  // Trust stores are chosen at run time (lib/aws/http/handler.ts adds the system store), not frozen here.
  assert.equal(metadata.ca_stores, null);
  assert.equal(metadata.ca_data, null);
}

Deno.test("deno task compile packages the command for this platform offline, with its permissions and only its packages", async () => {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-compile-" });
  try {
    const target = hostTarget();
    const output = join(dir, "iam-audit");
    const { code, log } = await compile(target, output, DENO);
    assert.equal(code, 0, log);
    const binary = await Deno.readFile(output);
    assert.ok(
      binary.length > (await Deno.stat(DENO)).size + 5_000_000,
      "the program is appended to the runtime",
    );
    assertPermissions(compiledMetadata(binary), target);
    // The program itself, and every credential provider the SDK may load for a profile.
    assert.ok(includes(binary, "audit IAM users and access keys across every account"));
    for (
      const pkg of [
        "client-iam",
        "client-organizations",
        "client-cloudtrail",
        "client-sts",
        "credential-provider-ini",
        "credential-provider-sso",
        "credential-provider-process",
        "credential-provider-web-identity",
        "token-providers",
        "csv-stringify",
        "csv-parse",
      ]
    ) {
      assert.match(log, new RegExp(`[─ ]${pkg}[/@]`), `${pkg} is embedded`);
    }
    assert.doesNotMatch(log, /playwright|ajv/, "test-only packages stay out");
    assert.equal(defaultOutput(target, true), "dist/iam-audit");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The npm package of Deno's own build for each platform, standing in for its denort. */
const NPM_DENO: Record<Exclude<Target, "x86_64-unknown-linux-gnu">, { pkg: string; file: string }> = {
  "aarch64-unknown-linux-gnu": { pkg: "@deno/linux-arm64-glibc", file: "deno" },
  "x86_64-apple-darwin": { pkg: "@deno/darwin-x64", file: "deno" },
  "aarch64-apple-darwin": { pkg: "@deno/darwin-arm64", file: "deno" },
  "x86_64-pc-windows-msvc": { pkg: "@deno/win32-x64", file: "deno.exe" },
};

/** The executable format a binary starts with, and its CPU. */
function format(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  if (bytes[0] === 0x7f && bytes[1] === 0x45) {
    return `elf-${view.getUint16(18, true) === 183 ? "arm64" : "x64"}`;
  }
  if (view.getUint32(0, true) === 0xfeedfacf) {
    return `macho-${view.getUint32(4, true) === 0x0100000c ? "arm64" : "x64"}`;
  }
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) return "pe";
  return "unknown";
}

const EXPECTED_FORMAT: Record<Target, string> = {
  "x86_64-unknown-linux-gnu": "elf-x64",
  "aarch64-unknown-linux-gnu": "elf-arm64",
  "x86_64-apple-darwin": "macho-x64",
  "aarch64-apple-darwin": "macho-arm64",
  "x86_64-pc-windows-msvc": "pe",
};

Deno.test({
  name: "the other platforms package offline too, each with its Deno from npm standing in for denort",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "iam-audit-targets-" });
    try {
      const version = Deno.version.deno;
      const specs = Object.values(NPM_DENO).map(({ pkg }) => `${pkg}@${version}`);
      // npm's own cache makes this a copy after the first run.
      const pack = await new Deno.Command("npm", {
        args: ["pack", "--silent", ...specs],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(pack.code, 0, decode(pack.stderr));
      for (
        const [target, { pkg, file }] of Object.entries(NPM_DENO) as [
          keyof typeof NPM_DENO,
          { pkg: string; file: string },
        ][]
      ) {
        const tarball = `${pkg.replace("@", "").replace("/", "-")}-${version}.tgz`;
        const unpacked = join(dir, target);
        await Deno.mkdir(unpacked);
        const tar = await new Deno.Command("tar", { args: ["-xzf", join(dir, tarball), "-C", unpacked] })
          .output();
        assert.equal(tar.code, 0, decode(tar.stderr));
        const runtime = join(unpacked, "package", file);
        const output = join(dir, `iam-audit-${target}`);
        const { code, log } = await compile(target, output, runtime);
        assert.equal(code, 0, `${target}: ${log}`);
        const written = target.includes("windows") ? `${output}.exe` : output;
        const binary = await Deno.readFile(written);
        assert.equal(format(binary), EXPECTED_FORMAT[target], target);
        assertPermissions(compiledMetadata(binary), target);
        assert.ok(includes(binary, "audit IAM users and access keys across every account"), target);
        await Deno.remove(written);
        await Deno.remove(unpacked, { recursive: true });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("compile arguments: every target, its permissions, nothing after the entry point", () => {
  assert.equal(TARGETS.length, 5);
  for (const target of TARGETS) {
    const args = compileArgs(target, "out");
    assert.equal(args.at(-1), "main.ts", "arguments after main.ts would be baked into the binary");
    assert.deepEqual(args.slice(args.indexOf("--target"), args.indexOf("--target") + 2), [
      "--target",
      target,
    ]);
    assert.ok(!args.includes("-A") && !args.includes("--allow-all"));
    assert.ok(args.includes("--no-prompt"));
    assert.deepEqual(args.slice(1, 1 + permissionsFor(target).length), permissionsFor(target));
  }
  // The binary runs with the same runtime flags as `deno run` (tests/support/cli.ts, deno.json's audit task).
  for (const flag of RUN_PERMISSIONS.filter((f) => f.startsWith("--v8-flags"))) {
    assert.ok(compileArgs(hostTarget(), "out").includes(flag), `${flag} is baked into the binary`);
  }
  assert.equal(defaultOutput("x86_64-pc-windows-msvc", false), "dist/iam-audit-x86_64-pc-windows-msvc.exe");
  assert.equal(defaultOutput("aarch64-apple-darwin", false), "dist/iam-audit-aarch64-apple-darwin");
});

/** The flags with which `deno run` behaves as the binary does: its permissions and runtime flags. */
const BINARY_PERMISSIONS = [...permissionsFor(hostTarget()), ...RUNTIME_FLAGS];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

const SCENARIO_NOW = new Date();

/**
 * Runs `command ARGS` against a fresh simulator of the truth organization, with a profile of its
 * own, and reads the CSV reports (names with their timestamp replaced by `STAMP`).
 */
async function audit(
  command: string[],
  profile: "static" | "process" = "static",
  extra: string[] = [],
): Promise<Run> {
  // One "now" for every run, so that two runs compared side by side serve the same dates.
  const scenario = truthScenario(SCENARIO_NOW);
  const sim = await startSimulator(scenario, { pageSize: 2 });
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-same-" });
  try {
    const endpoint = { url: sim.url, accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey };
    const env = await simEnvironment(dir, endpoint);
    if (profile === "process") {
      const script = join(dir, "credentials.sh");
      await Deno.writeTextFile(
        script,
        `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"${sim.accessKeyId}","SecretAccessKey":"${sim.secretAccessKey}"}'\n`,
      );
      await Deno.chmod(script, 0o755);
      await Deno.writeTextFile(
        env.AWS_CONFIG_FILE,
        `[profile sim-mgmt]\nregion = us-east-1\ncredential_process = ${script}\n`,
      );
      await Deno.writeTextFile(env.AWS_SHARED_CREDENTIALS_FILE, "");
    }
    const out = join(dir, "out");
    await Deno.mkdir(out);
    const home = join(dir, "home");
    await Deno.mkdir(home);
    const result = await new Deno.Command(command[0], {
      args: [...command.slice(1), "--profile", "sim-mgmt", "--role", ROLE, "--output-dir", out, ...extra],
      cwd: ROOT,
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: home,
        DENO_DIR: denoDir(),
        NO_COLOR: "1",
        ...env,
      },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stamp = (text: string) => text.replace(/\d{8}_\d{6}/g, "STAMP").replaceAll(out, "OUT");
    const files = new Map<string, string>();
    for (const entry of Deno.readDirSync(out)) {
      if (entry.name.endsWith(".csv")) {
        files.set(stamp(entry.name), await Deno.readTextFile(join(out, entry.name)));
      }
    }
    return {
      code: result.code,
      stdout: stamp(decode(result.stdout)),
      stderr: stamp(decode(result.stderr)),
      files,
    };
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function assertSameRun(actual: Run, expected: Run, label: string): void {
  assert.equal(actual.code, expected.code, `${label}: ${actual.stderr}`);
  // Accounts are audited concurrently: the order of their messages varies from run to run.
  const lines = (text: string) => text.split("\n").sort();
  assert.deepEqual(lines(actual.stdout), lines(expected.stdout), label);
  assert.deepEqual(lines(actual.stderr), lines(expected.stderr), label);
  assert.deepEqual([...actual.files.keys()].sort(), [...expected.files.keys()].sort(), label);
  for (const [name, text] of expected.files) {
    assert.deepEqual(comparable(actual.files.get(name) ?? ""), comparable(text), `${label}: ${name}`);
  }
}

/**
 * A report's rows, sorted (accounts finish in any order), with the columns that measure the run
 * rather than the organization emptied: how long each account took.
 */
function comparable(csv: string): string[][] {
  const [header, ...rows] = parse(csv) as string[][];
  const volatile = header.map((name, i) => (name === "seconds" ? i : -1)).filter((i) => i >= 0);
  const cleaned = rows.map((row) => row.map((cell, i) => (volatile.includes(i) ? "" : cell)));
  return [header, ...cleaned.sort((a, b) => a.join("\u0000").localeCompare(b.join("\u0000")))];
}

const WINDOW: string[] = [];

Deno.test("with the binary's exact permissions the audit, --help and --version print and write what deno run does", async () => {
  const documented = [DENO, "run", ...RUN_PERMISSIONS, "main.ts"];
  const binaryLike = [DENO, "run", ...BINARY_PERMISSIONS, "main.ts"];
  const [expected, actual] = await Promise.all([
    audit(documented, "static", WINDOW),
    audit(binaryLike, "static", WINDOW),
  ]);
  assert.equal(expected.code, 3, expected.stderr); // the truth organization has an account without the role
  assertSameRun(actual, expected, "audit");
  for (const flag of ["--help", "--version"]) {
    const [a, b] = await Promise.all(
      [documented, binaryLike].map((c) =>
        new Deno.Command(c[0], { args: [...c.slice(1), flag], cwd: ROOT }).output()
      ),
    );
    assert.equal(decode(b.stdout), decode(a.stdout), flag);
    assert.equal(b.code, 0);
  }
});

Deno.test({
  name: "a credential_process profile works with the binary's permissions",
  ignore: Deno.build.os === "windows",
  async fn() {
    const run = await audit([DENO, "run", ...BINARY_PERMISSIONS, "main.ts"], "process", WINDOW);
    assert.equal(run.code, 3, run.stderr);
    assert.ok([...run.files.keys()].some((f) => f.startsWith("iam_audit_report_")));
  },
});

Deno.test({
  name: "the real binary (IAM_AUDIT_BINARY, built on a connected machine) behaves exactly like deno run",
  ignore: Deno.env.get("IAM_AUDIT_BINARY") === undefined,
  async fn() {
    const binary = join(ROOT, Deno.env.get("IAM_AUDIT_BINARY")!);
    const documented = [DENO, "run", ...RUN_PERMISSIONS, "main.ts"];
    for (const flag of ["--help", "--version"]) {
      const [a, b] = await Promise.all(
        [documented, [binary]].map((c) =>
          new Deno.Command(c[0], { args: [...c.slice(1), flag], cwd: ROOT }).output()
        ),
      );
      assert.equal(decode(b.stdout), decode(a.stdout), flag);
    }
    const [expected, actual] = await Promise.all([
      audit(documented, "static", WINDOW),
      audit([binary], "static", WINDOW),
    ]);
    assertSameRun(actual, expected, "binary");
    assertSameRun(await audit([binary], "process", WINDOW), expected, "binary with credential_process");
  },
});
