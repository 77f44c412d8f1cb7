/**
 * Throwaway TLS material for tests: a private CA and a server certificate it signed for `localhost`
 * and 127.0.0.1, made with `openssl` at test time (nothing secret is ever committed).
 *
 * @module
 */
import { join } from "node:path";

/** A CA and a server certificate, as files and PEM text. */
export interface TestCertificates {
  /** Temporary folder holding the files; remove it when done. */
  dir: string;
  /** PEM file of the CA certificate (what `AWS_CA_BUNDLE` points at). */
  caFile: string;
  /** PEM of the server certificate (leaf first, then the CA). */
  serverCert: string;
  /** PEM of the server's private key. */
  serverKey: string;
}

/**
 * Tells whether `openssl` can be run here.
 *
 * @returns true when `openssl version` succeeds
 */
export function hasOpenssl(): boolean {
  try {
    return new Deno.Command("openssl", { args: ["version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

async function openssl(dir: string, args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`openssl ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/**
 * Creates a CA and a server certificate signed by it (P-256 keys: quick to make, and what AWS's own
 * endpoints increasingly use).
 *
 * @returns the files and PEM text
 * @throws {Error} when `openssl` is missing or fails
 */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-tls-" });
  const curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl(dir, [
    "req",
    "-x509",
    ...curve,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=iam-audit test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await openssl(dir, [
    "req",
    ...curve,
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=localhost",
  ]);
  await Deno.writeTextFile(
    join(dir, "server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n" +
      "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
  );
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "server.ext",
  ]);
  const ca = await Deno.readTextFile(join(dir, "ca.pem"));
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    serverCert: (await Deno.readTextFile(join(dir, "server.pem"))) + ca,
    serverKey: await Deno.readTextFile(join(dir, "server.key")),
  };
}
