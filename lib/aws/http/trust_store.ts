/**
 * Which certificate authorities the HTTP layer trusts: the operating system's store beside Deno's
 * built-in Mozilla roots, and the extra CAs of `AWS_CA_BUNDLE`.
 *
 * Hand-written because Deno offers the pieces (`DENO_TLS_CA_STORE`, `Deno.createHttpClient({ caCerts })`)
 * but neither "the system store when it loads, else Mozilla's" nor a reader of the SDK's
 * `AWS_CA_BUNDLE` file with messages that say what to fix.
 *
 * @module
 */
import { namedError } from "./network_errors.ts";

/** What {@link trustSystemStore} did. */
export type SystemStoreOutcome =
  /** The system store is trusted, beside Mozilla's roots. */
  | "added"
  /** `DENO_TLS_CA_STORE` was already set (by the user, or by an earlier call): that choice stands. */
  | "user-choice"
  /** The system store could not be loaded (the reason is given); Mozilla's roots only. */
  | { unavailable: string };

/**
 * Makes Deno's TLS trust the operating system's certificate store as well as its built-in Mozilla
 * roots, unless the user chose with `DENO_TLS_CA_STORE`: corporate CAs are installed in the system
 * store by device management, and nobody should need to know a Deno variable to use them.
 *
 * Deno reads the variable when the first HTTP client or TLS connection builds the process's root
 * store, and keeps that store only if it built; so this runs before any request, builds the store at
 * once (`probe`), and when the system store cannot be loaded (`SSL_CERT_FILE` naming a missing file,
 * a broken keychain) falls back to Mozilla's roots instead of failing every later request. Calling
 * it again is harmless: it then finds the variable set and leaves it.
 *
 * @param env the process environment (replaceable for tests)
 * @param probe builds the root store; throws when it cannot
 * @returns what was done
 * @example
 * ```ts
 * trustSystemStore(); // before the first request of the process
 * ```
 */
export function trustSystemStore(
  env: { get(name: string): string | undefined; set(name: string, value: string): void } = Deno.env,
  probe: () => void = () => Deno.createHttpClient({}).close(),
): SystemStoreOutcome {
  if (env.get("DENO_TLS_CA_STORE")) return "user-choice";
  env.set("DENO_TLS_CA_STORE", "mozilla,system");
  try {
    probe();
    return "added";
  } catch (e) {
    env.set("DENO_TLS_CA_STORE", "mozilla");
    return { unavailable: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The certificates of a PEM bundle, one string each.
 *
 * @param path the file named by `AWS_CA_BUNDLE`
 * @param readTextFile reads the file
 * @returns the PEM blocks
 * @throws {Error} named `CaBundleError` when the file cannot be read or holds no certificate
 * @example
 * ```ts
 * const caCerts = readCaBundle("/etc/ssl/corp-ca.pem");
 * const client = Deno.createHttpClient({ caCerts });
 * ```
 */
export function readCaBundle(
  path: string,
  readTextFile: (path: string) => string = Deno.readTextFileSync,
): string[] {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "no such file"
      : e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable
      ? "permission denied"
      : e instanceof Error
      ? e.message
      : String(e);
    throw namedError(
      "CaBundleError",
      `AWS_CA_BUNDLE "${path}" cannot be read (${why}): point it at a PEM file of CA certificates.`,
      e,
    );
  }
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (certs.length === 0) {
    throw namedError(
      "CaBundleError",
      `AWS_CA_BUNDLE "${path}" holds no PEM certificate (-----BEGIN CERTIFICATE-----): ` +
        "export the CA in PEM (Base64) format.",
    );
  }
  return certs;
}
