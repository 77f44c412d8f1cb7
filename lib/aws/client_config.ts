/**
 * Per-request work the SDK's defaults repeat that a client can do once: its user agent and its
 * request signer. Both are standard client configuration (`defaultUserAgentProvider`, `signer`),
 * set when a client is created.
 *
 * - The default user agent provider reads the operating system's release (a system call) and rebuilds
 *   its sections at every request; it depends only on the service and the client's version, so one
 *   per service serves the whole run.
 * - The default signer creates a `SignatureV4` at every request from a copy of the whole client
 *   configuration; one per client, for its credentials, does the same signing.
 * - The signer derives each signing key with four HMACs (and names it with a fifth) and keeps the last
 *   50 keys of the whole process: with more accounts in flight than that, nearly every request derived
 *   its key again. Its hash function ({@link Sha256Memo}) computes such short HMACs once.
 * - The SDK copies the client's whole configuration (45 properties for IAM) three times at every request
 *   (`{ ...config }` in its endpoint, serialization and deserialization steps). The configuration is
 *   built by successive `Object.assign`s, after which V8 keeps it as a hash table ("dictionary mode"),
 *   and copying a hash table cost 9.5 µs where copying the same properties laid out as a regular object
 *   costs 1.3: the three copies were a tenth of the CPU profile of a call, garbage collection aside.
 *   {@link compactProperties} asks V8 for the regular layout once per client.
 *
 * @module
 */
import { createDefaultUserAgentProvider } from "@aws-sdk/core/client";
import { Sha256 } from "@smithy/core/checksum";
import type { Checksum, SourceData } from "@smithy/types";
import { SignatureV4 } from "@smithy/signature-v4";
import denoJson from "../../deno.json" with { type: "json" };
import type { Credentials } from "./middleware.ts";

/** The SDK's services this tool calls, by their `serviceId`, with their npm package and signing name. */
const SERVICES = {
  IAM: { pkg: "@aws-sdk/client-iam", signingName: "iam" },
  CloudTrail: { pkg: "@aws-sdk/client-cloudtrail", signingName: "cloudtrail" },
  STS: { pkg: "@aws-sdk/client-sts", signingName: "sts" },
  Organizations: { pkg: "@aws-sdk/client-organizations", signingName: "organizations" },
} as const;

/** A service this tool calls. */
export type ServiceId = keyof typeof SERVICES;

type UserAgentProvider = ReturnType<typeof createDefaultUserAgentProvider>;
const userAgents = new Map<ServiceId, UserAgentProvider>();

/**
 * The SDK's default user agent of a service's clients, computed at the first request and kept.
 *
 * @param service the service
 * @returns a `defaultUserAgentProvider` for the client's configuration
 */
export function userAgentOf(service: ServiceId): UserAgentProvider {
  let provider = userAgents.get(service);
  if (!provider) {
    // The version the import map pins is the client's own (its user agent names it).
    const specifier = (denoJson.imports as Record<string, string>)[SERVICES[service].pkg];
    const clientVersion = /@([^@]+)$/.exec(specifier)?.[1] ?? "";
    const inner = createDefaultUserAgentProvider({ serviceId: service, clientVersion });
    let answer: ReturnType<UserAgentProvider> | undefined;
    provider = (config) => (answer ??= inner(config));
    userAgents.set(service, provider);
  }
  return provider;
}

/**
 * One SigV4 signer for a client: its credentials, its service's signing name and its region (the
 * request's endpoint may give another signing region; the SDK passes it at each signature).
 *
 * @param service the service
 * @param credentials the client's credentials
 * @param region the client's region
 * @returns a `signer` for the client's configuration
 */
export function signerFor(service: ServiceId, credentials: Credentials, region: string): SignatureV4 {
  return new SignatureV4({
    credentials,
    region,
    service: SERVICES[service].signingName,
    sha256: Sha256Memo,
    uriEscapePath: true,
  });
}

/** HMACs of messages at most this long are remembered (signing-key derivation: dates, regions, names). */
const MEMO_MESSAGE = 64;
/** Remembered HMACs at most (about five per account, service and day); then forgotten all at once. */
const MEMO_SIZE = 4096;

/**
 * SHA-256 and HMAC-SHA-256 for the SigV4 signer, the SDK's own native implementation, with the HMACs
 * of short messages remembered by key and message: the ones that derive and name a signing key, the
 * same for every request of an account's client. (Longer messages — the string to sign, the payload —
 * and plain hashes are computed each time.) The remembered values live in this process's memory only,
 * like the SDK's own cache of signing keys.
 */
export class Sha256Memo implements Checksum {
  static readonly #memo = new Map<string, Uint8Array>();
  readonly #secret?: SourceData;
  #message?: Uint8Array;
  #inner?: Checksum;

  /** @param secret the HMAC key; none for a plain hash */
  constructor(secret?: SourceData) {
    this.#secret = secret;
    if (secret === undefined) this.#inner = new Sha256();
  }

  /** @param data more of the message */
  update(data: Uint8Array): void {
    if (!this.#inner && this.#message === undefined && data.byteLength <= MEMO_MESSAGE) {
      this.#message = data;
      return;
    }
    this.#hmac().update(data);
  }

  /** @returns the hash or HMAC of the message */
  async digest(): Promise<Uint8Array> {
    if (this.#inner || this.#message === undefined) return await this.#hmac().digest();
    const key = `${latin1(this.#secret!, true)}\u0000${latin1(this.#message, false)}`;
    const known = Sha256Memo.#memo.get(key);
    if (known) return known;
    const value = await this.#hmac().digest();
    if (Sha256Memo.#memo.size >= MEMO_SIZE) Sha256Memo.#memo.clear();
    Sha256Memo.#memo.set(key, value);
    return value;
  }

  /** Starts over with the same key. */
  reset(): void {
    this.#message = undefined;
    this.#inner = this.#secret === undefined ? new Sha256() : undefined;
  }

  /** The underlying hash, fed with what was held back. */
  #hmac(): Checksum {
    if (!this.#inner) {
      this.#inner = new Sha256(this.#secret);
      if (this.#message !== undefined) this.#inner.update(this.#message);
      this.#message = undefined;
    }
    return this.#inner;
  }
}

/** The strings of byte keys seen before (derived keys come back from the memo as the same arrays). */
const byteStrings = new WeakMap<object, string>();

/**
 * A key or message as a string: a string as it is, bytes one character each (told apart by a prefix).
 *
 * @param data the key or message
 * @param remember keep the string of these bytes for the next time (keys; messages are new each time)
 */
function latin1(data: SourceData, remember: boolean): string {
  if (typeof data === "string") return `s${data}`;
  const known = remember ? byteStrings.get(data) : undefined;
  if (known !== undefined) return known;
  const bytes = data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let text = "b";
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  if (remember) byteStrings.set(data, text);
  return text;
}

/**
 * Asks V8 to store an object's properties in its regular, fast layout (as it does for an object it
 * sees used as a prototype) instead of the hash table that many `Object.assign`s leave: reading and
 * copying the object get cheaper; its properties, values and identity stay exactly as they were. V8
 * converts a prototype's layout when an inline cache first looks a property up through it, which it does
 * only once the looking-up code has feedback, hence the loop (measured: from about 60 look-ups).
 * `tests/client_config_test.ts` checks, under V8's own test syntax, that every client's configuration
 * ends up in the fast layout and keeps it through calls.
 *
 * @param object the object to convert (here a client's `config`)
 * @returns the same object
 * @example
 * ```ts
 * const client = new IAMClient({ region: "us-east-1" });
 * compactProperties(client.config); // the same configuration, cheaper to copy at every request
 * ```
 */
export function compactProperties<T extends object>(object: T): T {
  const heir: Record<string, unknown> = Object.setPrototypeOf({}, object);
  for (let i = 0; i < LOOKUPS; i++) void heir.region;
  Object.setPrototypeOf(heir, null);
  return object;
}

/** Property look-ups through the object that get V8 to convert it (60 were enough; a margin). */
const LOOKUPS = 200;
