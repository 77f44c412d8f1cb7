/**
 * Who signed a request: the scenario's management credentials, or temporary credentials minted by
 * AssumeRole (which the simulator remembers so later requests map back to their account).
 *
 * @module
 */

import type { Scenario } from "./scenario.ts";
import { uniqueId } from "./ids.ts";

/** A caller known to the simulator. */
export interface Principal {
  kind: "management" | "assumed";
  accountId: string;
  /** What GetCallerIdentity returns as `Arn`. */
  arn: string;
  /** What GetCallerIdentity returns as `UserId`. */
  userId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Required in `X-Amz-Security-Token` when set. */
  sessionToken?: string;
  /** Epoch ms after which the credentials answer ExpiredToken. */
  expiresAt?: number;
  roleName?: string;
  sessionName?: string;
  /** Set when the caller is an IAM user (GetUser and ListAccessKeys without UserName use it). */
  userName?: string;
  /** Requests signed with these credentials so far (for `faults.expireAfterCalls`). */
  calls: number;
}

/** Issued credentials kept at most; the oldest are forgotten first (then answer InvalidClientTokenId). */
const MAX_ISSUED = 200_000;

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function randomChars(alphabet: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** The ARN parts of an IAM user, assumed-role session or root ARN. */
function describeArn(arn: string): { userName?: string; roleName?: string; sessionName?: string } {
  const user = /^arn:aws[\w-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user) return { userName: user[1] };
  const session = /^arn:aws[\w-]*:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (session) return { roleName: session[1], sessionName: session[2] };
  return {};
}

/** Maps access key ids to principals. */
export class CredentialStore {
  readonly management: Principal;
  #issued = new Map<string, Principal>();

  /** Registers the scenario's management credentials. */
  constructor(scenario: Scenario) {
    const creds = scenario.managementCredentials;
    const parts = describeArn(creds.arn);
    const accountId = scenario.managementAccountId;
    this.management = {
      kind: "management",
      accountId,
      arn: creds.arn,
      userId: parts.userName
        ? uniqueId("AIDA", `${accountId}/user/${parts.userName}`)
        : parts.roleName
        ? `${uniqueId("AROA", `${accountId}/role/${parts.roleName}`)}:${parts.sessionName}`
        : accountId,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
      userName: parts.userName,
      roleName: parts.roleName,
      sessionName: parts.sessionName,
      calls: 0,
    };
  }

  /** The principal owning `accessKeyId`, if any. */
  lookup(accessKeyId: string): Principal | undefined {
    if (accessKeyId === this.management.accessKeyId) return this.management;
    return this.#issued.get(accessKeyId);
  }

  /**
   * The secrets of the temporary credentials still remembered (secret keys and session tokens), so
   * that tests can check none of them ever appears in a tool's output.
   */
  issuedSecrets(): string[] {
    return [...this.#issued.values()].flatMap((p) => [p.secretAccessKey, p.sessionToken ?? ""]).filter((s) =>
      s
    );
  }

  /** Mints temporary credentials for a role session in `accountId`. */
  issue(accountId: string, roleName: string, sessionName: string, expiresAt: number): Principal {
    const accessKeyId = "ASIA" + randomChars(KEY_ALPHABET, 16);
    const principal: Principal = {
      kind: "assumed",
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${uniqueId("AROA", `${accountId}/role/${roleName}`)}:${sessionName}`,
      accessKeyId,
      secretAccessKey: randomChars(SECRET_ALPHABET, 40),
      // Real session tokens are long opaque blobs; clients must pass them through untouched.
      sessionToken: "IQoJb3JpZ2luX2VjE" + randomChars(SECRET_ALPHABET, 300),
      expiresAt,
      roleName,
      sessionName,
      calls: 0,
    };
    if (this.#issued.size >= MAX_ISSUED) {
      const oldest = this.#issued.keys().next().value;
      if (oldest !== undefined) this.#issued.delete(oldest);
    }
    this.#issued.set(accessKeyId, principal);
    return principal;
  }

  /** Number of temporary credentials currently remembered. */
  get issuedCount(): number {
    return this.#issued.size;
  }
}
