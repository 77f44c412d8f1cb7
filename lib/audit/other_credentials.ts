/**
 * A user's long-lived credentials besides access keys and the console password: service-specific
 * credentials (`iam:ListServiceSpecificCredentials`: CodeCommit, Keyspaces, Bedrock and CloudWatch Logs
 * API keys), SSH public keys (`iam:ListSSHPublicKeys`) and X.509 signing certificates
 * (`iam:ListSigningCertificates`), every page of each.
 *
 * An audit role older than these actions is denied them. The first call of each action in an account
 * goes alone (the account's other users wait for its answer); a denial is remembered and the action is
 * not tried again for the account's other users (each still says it could not be read), so an older
 * role costs one refused call per action, not one per user.
 *
 * @module
 */
import {
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
} from "@aws-sdk/client-iam";
import { isAccessDenied, summarizeError } from "../aws/service_errors.ts";
import type { CredentialKind, OtherCredential, ReadError } from "../model/records.ts";

/** What an account's users share about its role's permissions for these actions. */
export class DeniedActions {
  /** The actions the role was denied, and the error it gave. */
  readonly #denied = new Map<string, ReadError>();
  /** The first call of each action, which the others wait for. */
  readonly #firsts = new Map<string, Promise<unknown>>();

  /**
   * Runs a call of an action: the first one alone, the others once it answered, none once it was denied.
   *
   * @param action the action
   * @param call the call
   * @returns the call's result, or the denial it would get
   */
  async run<T>(action: string, call: () => Promise<T>): Promise<{ ok: T } | { error: ReadError }> {
    const first = this.#firsts.get(action);
    if (first) await first.catch(() => undefined);
    const refused = this.#denied.get(action);
    if (refused) return { error: refused };
    const attempt = call();
    if (!first) this.#firsts.set(action, attempt);
    try {
      return { ok: await attempt };
    } catch (e) {
      const error = { action, error: summarizeError(e) };
      if (isAccessDenied(e)) this.#denied.set(action, error);
      return { error };
    }
  }

  /** The actions denied, each with its error. */
  values(): IterableIterator<ReadError> {
    return this.#denied.values();
  }
}

/** The listing action of each kind. */
export const LISTING_ACTION: Record<CredentialKind, string> = {
  "service-specific": "ListServiceSpecificCredentials",
  "ssh-public-key": "ListSSHPublicKeys",
  "signing-certificate": "ListSigningCertificates",
};

/**
 * Reads a user's other long-lived credentials, each kind on its own: a kind that cannot be read is an
 * error of the user's, and the others are still read.
 *
 * @param iam the account's IAM client
 * @param userName the user
 * @param denied the actions the account's role was denied so far (updated)
 * @returns the credentials read, and what could not be read
 */
export async function readOtherCredentials(
  iam: IAMClient,
  userName: string,
  denied: DeniedActions,
): Promise<{ credentials: OtherCredential[]; errors: ReadError[] }> {
  const readers: Record<CredentialKind, () => Promise<OtherCredential[]>> = {
    "service-specific": () => serviceSpecific(iam, userName),
    "ssh-public-key": () => sshKeys(iam, userName),
    "signing-certificate": () => certificates(iam, userName),
  };
  const credentials: OtherCredential[] = [];
  const errors: ReadError[] = [];
  await Promise.all((Object.keys(readers) as CredentialKind[]).map(async (kind) => {
    const outcome = await denied.run(LISTING_ACTION[kind], readers[kind]);
    if ("ok" in outcome) credentials.push(...outcome.ok);
    else errors.push(outcome.error);
  }));
  // A stable order, whatever order the calls completed in: by kind, then as IAM listed them.
  const order = Object.keys(readers);
  credentials.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { credentials, errors };
}

/** Service-specific credentials; the SDK has no paginator for this action, hence the marker loop. */
async function serviceSpecific(iam: IAMClient, userName: string): Promise<OtherCredential[]> {
  const found: OtherCredential[] = [];
  let marker: string | undefined;
  do {
    // A fresh input each page.
    const out = await iam.send(
      new ListServiceSpecificCredentialsCommand({
        UserName: userName,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    for (const c of out.ServiceSpecificCredentials ?? []) {
      found.push({
        kind: "service-specific",
        id: c.ServiceSpecificCredentialId ?? "",
        status: c.Status,
        createDate: c.CreateDate,
        expiration: c.ExpirationDate,
        serviceName: c.ServiceName,
        serviceUserName: c.ServiceUserName,
        alias: c.ServiceCredentialAlias,
      });
    }
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return found;
}

async function sshKeys(iam: IAMClient, userName: string): Promise<OtherCredential[]> {
  const found: OtherCredential[] = [];
  for await (const page of paginateListSSHPublicKeys({ client: iam }, { UserName: userName })) {
    for (const k of page.SSHPublicKeys ?? []) {
      found.push({
        kind: "ssh-public-key",
        id: k.SSHPublicKeyId ?? "",
        status: k.Status,
        createDate: k.UploadDate,
      });
    }
  }
  return found;
}

async function certificates(iam: IAMClient, userName: string): Promise<OtherCredential[]> {
  const found: OtherCredential[] = [];
  for await (const page of paginateListSigningCertificates({ client: iam }, { UserName: userName })) {
    for (const c of page.Certificates ?? []) {
      found.push({
        kind: "signing-certificate",
        id: c.CertificateId ?? "",
        status: c.Status,
        createDate: c.UploadDate,
      });
    }
  }
  return found;
}
