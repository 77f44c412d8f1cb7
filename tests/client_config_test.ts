import assert from "node:assert/strict";
import { Sha256 } from "@smithy/core/checksum";
import { compactProperties, Sha256Memo, signerFor } from "../lib/aws/client_config.ts";

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) % 256);
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

async function both(secret: string | Uint8Array | undefined, ...parts: Uint8Array[]) {
  const memo = new Sha256Memo(secret);
  const plain = new Sha256(secret);
  for (const part of parts) {
    memo.update(part);
    plain.update(part);
  }
  return [hex(await memo.digest()), hex(await plain.digest())];
}

Deno.test("Sha256Memo gives the SDK's hashes and HMACs, remembered or not", async () => {
  const cases: [string | Uint8Array | undefined, Uint8Array[]][] = [
    [undefined, [bytes(10, 1)]],
    [undefined, [bytes(300, 2), bytes(5, 3)]],
    ["AWS4secret", [new TextEncoder().encode("20261202")]],
    [bytes(32, 4), [new TextEncoder().encode("us-east-1")]],
    [bytes(32, 4), [bytes(200, 5)]],
    [bytes(32, 6), [bytes(20, 7), bytes(20, 8)]],
    // The same bytes as a string and as bytes are different keys (a string is hashed as UTF-8).
    ["é", [bytes(8, 9)]],
    [Uint8Array.of(0xe9), [bytes(8, 9)]],
  ];
  for (let round = 0; round < 2; round++) {
    for (const [secret, parts] of cases) {
      const [memo, plain] = await both(secret, ...parts);
      assert.equal(memo, plain, `round ${round}, ${typeof secret}`);
    }
  }
});

Deno.test("a client's signer signs exactly as the SDK's default one", async () => {
  const signer = signerFor("IAM", {
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  }, "us-east-1");
  const { HttpRequest } = await import("@smithy/core/protocols");
  const request = new HttpRequest({
    method: "POST",
    protocol: "https:",
    hostname: "iam.amazonaws.com",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded", host: "iam.amazonaws.com" },
    body: "Action=ListUsers&Version=2010-05-08",
  });
  const signingDate = new Date("2026-12-02T00:00:00Z");
  const first = await signer.sign(request, { signingDate });
  const again = await signer.sign(request, { signingDate });
  const { SignatureV4 } = await import("@smithy/signature-v4");
  const sdk = new SignatureV4({
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    region: "us-east-1",
    service: "iam",
    sha256: Sha256,
  });
  assert.equal(first.headers.authorization, (await sdk.sign(request, { signingDate })).headers.authorization);
  assert.match(
    first.headers.authorization,
    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261202\/us-east-1\/iam\/aws4_request/,
  );
  assert.equal(again.headers.authorization, first.headers.authorization, "a remembered key signs alike");
});

Deno.test("compactProperties keeps an object's properties, values and identity", () => {
  const symbol = Symbol("s");
  const object: Record<string | symbol, unknown> = {};
  for (let i = 0; i < 40; i++) Object.assign(object, { [`key${i}`]: i });
  object[symbol] = "symbol";
  const getter = {
    get region() {
      return "us-east-1";
    },
  };
  Object.defineProperties(object, Object.getOwnPropertyDescriptors(getter));
  const before = Reflect.ownKeys(object).map((k) => [k, Object.getOwnPropertyDescriptor(object, k)]);
  const prototype = Object.getPrototypeOf(object);
  assert.equal(compactProperties(object), object);
  assert.deepEqual(
    Reflect.ownKeys(object).map((k) => [k, Object.getOwnPropertyDescriptor(object, k)]),
    before,
  );
  assert.equal(Object.getPrototypeOf(object), prototype);
  assert.deepEqual({ ...object }.key39, 39);
});

Deno.test("every client's configuration is compacted and stays so through its calls", async () => {
  // V8's own test syntax (%HasFastProperties) tells the layout; it needs its flag, hence a child process.
  const script = new URL("./support/config_layout.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--v8-flags=--allow-natives-syntax", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.deepEqual(JSON.parse(text), {
    before: { IAM: false, STS: false, Organizations: false, CloudTrail: false },
    created: { IAM: true, STS: true, Organizations: true, CloudTrail: true },
    afterCalls: { IAM: true, STS: true, Organizations: true, CloudTrail: true },
  });
});
