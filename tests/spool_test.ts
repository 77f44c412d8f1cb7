import assert from "node:assert/strict";
import { join } from "node:path";
import { Spool, SpoolDir, SpoolError } from "../lib/util/spool.ts";

type Kinds = { users: { name: string; at: Date }; events: { id: number } };

Deno.test("a spool file gives each kind back in order, with its dates, and is removed once read", async () => {
  const dir = await SpoolDir.create();
  try {
    if (Deno.build.os !== "windows") assert.equal((await Deno.stat(dir.path)).mode! & 0o777, 0o700);
    const spool = dir.file<Kinds>();
    // More than one buffer's worth, so that several writes append to the file.
    const users = Array.from(
      { length: 2000 },
      (_, i) => ({ name: `user-${i}-${"x".repeat(20)}`, at: new Date(i) }),
    );
    users.forEach((user, i) => {
      spool.add("users", user);
      if (i % 100 === 0) spool.add("events", { id: i });
    });
    await new Promise((r) => setTimeout(r, 10));
    if (Deno.build.os !== "windows") assert.equal((await Deno.stat(spool.path)).mode! & 0o777, 0o600);
    const loaded = await spool.load();
    assert.deepEqual(loaded.users, users);
    assert.deepEqual(loaded.events?.map((e) => e.id), Array.from({ length: 20 }, (_, i) => i * 100));
    await assert.rejects(() => Deno.stat(spool.path), Deno.errors.NotFound);
    assert.deepEqual(await dir.file<Kinds>().load(), {}, "a spool never written reads back empty");
  } finally {
    await dir.remove();
  }
  await assert.rejects(() => Deno.stat(dir.path), Deno.errors.NotFound);
});

Deno.test("a spool file that cannot be written says so when read back", async () => {
  const dir = await SpoolDir.create();
  await dir.remove();
  const spool = dir.file<Kinds>();
  spool.add("events", { id: 1 });
  await assert.rejects(() => spool.load(), (e) => e instanceof SpoolError && e.path === spool.path);
});

Deno.test("the spool folder is removed when the process exits at once (a second Ctrl-C)", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "iam-audit-spool-test-" });
  try {
    const script = `
      import { SpoolDir } from ${JSON.stringify(new URL("../lib/util/spool.ts", import.meta.url).href)};
      const dir = await SpoolDir.create();
      const spool = dir.file();
      for (let i = 0; i < 5000; i++) spool.add("users", { i });
      await new Promise((r) => setTimeout(r, 50));
      console.log(dir.path);
      Deno.exit(130);
    `;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      env: { TMPDIR: tmp },
      stdout: "piped",
    }).output();
    assert.equal(out.code, 130);
    const path = new TextDecoder().decode(out.stdout).trim();
    assert.ok(path.startsWith(tmp), path);
    assert.deepEqual([...Deno.readDirSync(tmp)], [], "nothing left in the temporary folder");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("a run leaves nothing in the temporary folder", async () => {
  const { generateOrganization } = await import("../sim/generate.ts");
  const { withSimulator } = await import("./support/sim_run.ts");
  const { runCli } = await import("./support/cli.ts");
  const scenario = generateOrganization({ accounts: 6, usersPerAccount: 30, seed: 4 });
  await withSimulator(scenario, { pageSize: 5 }, async ({ env, out, dir }) => {
    const tmp = join(dir, "tmp");
    await Deno.mkdir(tmp);
    const result = await runCli(
      ["--profile", "sim-mgmt", "--role", "OrganizationAccountAccessRole", "--output-dir", out, "--no-html"],
      { ...env, TMPDIR: tmp },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual([...Deno.readDirSync(tmp)], []);
  });
});

Deno.test("a spool file handed off to another thread reads back there, with a write's failure", async () => {
  const dir = await SpoolDir.create();
  try {
    const worker = SpoolDir.shared(dir.path, "1-");
    const spool = worker.file<Kinds>();
    assert.match(spool.path, /\/1-0\.jsonl$/);
    spool.add("users", { name: "ana", at: new Date(5) });
    const handoff = JSON.parse(JSON.stringify(await spool.handOff()));
    assert.deepEqual(handoff, { path: spool.path, written: true });
    assert.deepEqual(await Spool.received<Kinds>(handoff).load(), {
      users: [{ name: "ana", at: new Date(5) }],
    });
    assert.deepEqual(await Spool.received<Kinds>(await worker.file<Kinds>().handOff()).load(), {});
    await worker.remove();
    assert.ok((await Deno.stat(dir.path)).isDirectory, "the folder stays its creator's to remove");
    const failing = SpoolDir.shared(join(dir.path, "missing"), "2-").file<Kinds>();
    failing.add("events", { id: 1 });
    const failed = await failing.handOff();
    assert.ok(failed.failure);
    await assert.rejects(() => Spool.received<Kinds>(failed).load(), SpoolError);
  } finally {
    await dir.remove();
  }
});
