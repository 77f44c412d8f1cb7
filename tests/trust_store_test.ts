/** `lib/aws/http/trust_store.ts`: the system trust store by default, and `AWS_CA_BUNDLE`. */
import assert from "node:assert/strict";
import { readCaBundle, trustSystemStore } from "../lib/aws/http/trust_store.ts";

Deno.test("readCaBundle returns each PEM certificate and explains an unreadable or empty file", () => {
  const pem = (n: number) => `-----BEGIN CERTIFICATE-----\nAAAA${n}\n-----END CERTIFICATE-----\n`;
  assert.deepEqual(readCaBundle("/x", () => `junk\n${pem(1)}${pem(2)}`).length, 2);
  assert.throws(
    () => readCaBundle("/x", () => "no certs here"),
    /AWS_CA_BUNDLE "\/x" holds no PEM certificate/,
  );
  assert.throws(
    () =>
      readCaBundle("/x", () => {
        throw new Deno.errors.NotFound("gone");
      }),
    (e: Error) => e.name === "CaBundleError" && /cannot be read \(no such file\)/.test(e.message),
  );
});

Deno.test("the system trust store is added unless the user chose the stores, or it cannot be loaded", () => {
  const vars = new Map<string, string>();
  const env = { get: (n: string) => vars.get(n), set: (n: string, v: string) => void vars.set(n, v) };
  const fine = () => {};
  assert.equal(trustSystemStore(env, fine), "added");
  assert.equal(vars.get("DENO_TLS_CA_STORE"), "mozilla,system");
  vars.set("DENO_TLS_CA_STORE", "mozilla");
  assert.equal(trustSystemStore(env, fine), "user-choice");
  assert.equal(vars.get("DENO_TLS_CA_STORE"), "mozilla");

  vars.delete("DENO_TLS_CA_STORE");
  const outcome = trustSystemStore(env, () => {
    if (vars.get("DENO_TLS_CA_STORE")?.includes("system")) {
      throw new Error("Failed to load platform certificates");
    }
  });
  assert.deepEqual(outcome, { unavailable: "Failed to load platform certificates" });
  assert.equal(vars.get("DENO_TLS_CA_STORE"), "mozilla");
});

Deno.test("an unloadable system store falls back to Mozilla's roots instead of failing every request", async () => {
  // A child process, so that its root store starts unbuilt, as the command's does.
  const code = `
    import { createRequestHandler } from ${
    JSON.stringify(new URL("../lib/aws/http/handler.ts", import.meta.url).href)
  };
    await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("ok"));
    const handler = createRequestHandler({ requestTimeoutMs: 5000, maxSockets: 2 });
    const { response } = await handler.handle({ method: "GET", protocol: "http:", hostname: "127.0.0.1",
      port: server.addr.port, path: "/", query: {}, headers: {} });
    handler.destroy();
    console.log(response.statusCode, Deno.env.get("DENO_TLS_CA_STORE"));
  `;
  const env = { ...Deno.env.toObject(), SSL_CERT_FILE: "/nonexistent/ca.pem", SSL_CERT_DIR: "/nonexistent" };
  delete (env as Record<string, string>).DENO_TLS_CA_STORE;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout).trim();
  assert.equal(
    stdout,
    Deno.build.os === "linux" ? "200 mozilla" : "200 mozilla,system",
    new TextDecoder().decode(out.stderr),
  );
});
