/**
 * The findings as OCSF Detection Findings (class 2004, category Findings): one record per finding where
 * it occurs (see `finding_occurrences.ts`), for a security lake or SIEM that reads OCSF.
 *
 * The schema version is pinned to OCSF 1.6.0, the version AWS Security Hub reads findings in. Detection
 * Finding has no `compliance` attribute in 1.6.0 (only Compliance Finding and the deprecated Security
 * Finding have one, and later versions add none), so the CIS reference goes under `unmapped.compliance`
 * with the attribute names of OCSF's Compliance object (`standards`, `control`), while the code itself
 * is `finding_info.types` and the rule that raised it `finding_info.analytic`. The resource is the access
 * key, credential, IAM user, root user or organization, its IAM user as the OCSF User object (`owner`,
 * with `programmatic_credentials`, new in 1.6.0); the raw inventory values the reports carry (status,
 * ages, last use, MFA kind, …) are under `unmapped`, in OCSF's conventions: snake_case names, times as
 * epoch milliseconds ending in `_time`, an unknown value left out. The record's shape is `ocsf_record.ts`.
 *
 * A record holds no secret: IAM never returns one, and only identifiers (access key IDs, which
 * CloudTrail logs too) and the reports' own values are mapped.
 *
 * @module
 */
import type { Words } from "../i18n/words.ts";
import type { AssessedAccount } from "../model/assessment.ts";
import { CIS_BENCHMARKS, cisOf, type CisVersion, type FindingCode, FINDINGS } from "../model/findings.ts";
import type { CredentialKind, MfaKind, OrgAccount, UserAudit } from "../model/records.ts";
import { errorText } from "../aws/service_errors.ts";
import { CREDENTIAL_TYPES } from "./columns.ts";
import { type FindingOccurrence, findingOccurrences } from "./finding_occurrences.ts";
import {
  type ComplianceValues,
  DETECTION_FINDING,
  type DetectionFinding,
  OCSF_SEVERITY,
  OCSF_VERSION,
  type OcsfAccount,
  type OcsfProgrammaticCredential,
  type OcsfResource,
  type OcsfUnmapped,
  type OcsfUser,
  type RootValues,
  type UserValues,
} from "./ocsf_record.ts";

/** When a finding was first and last seen, as a comparison with earlier runs knows it. */
export interface SeenTimes {
  first?: Date;
  last?: Date;
}

/** What the mapping needs besides an account: the run. */
export interface OcsfContext {
  /** The run's start: every record's `time`, and first and last seen unless {@link seen} says. */
  startedAt: Date;
  /** iam-audit's version (`metadata.product.version`). */
  version: string;
  /** The CIS version the findings cite. */
  cis: CisVersion;
  /** The run's language: titles and descriptions (`metadata.product.lang` names it). */
  words: Words;
  /** The organization's id (`o-…`), when it was read. */
  organizationId?: string;
  /** The AWS partition of the ARNs built here. @default "aws" */
  partition?: string;
  /**
   * First and last seen of a finding, by its uid; an absent answer (or field) is the run's start.
   * @default every finding first and last seen now
   */
  seen?: (uid: string) => SeenTimes | undefined;
}

/**
 * The CIS reference of a finding in the attribute names of OCSF's Compliance object: the benchmark and
 * its recommendation, or `iam-audit` and the code for iam-audit's own findings.
 *
 * @param code the finding
 * @param cis the CIS version cited
 * @returns e.g. `{ standards: ["CIS AWS Foundations Benchmark v7.0.0"], control: "2.12" }`
 */
export function complianceOf(code: FindingCode, cis: CisVersion): ComplianceValues {
  const control = cisOf(code, cis);
  return control === undefined
    ? { standards: ["iam-audit"], control: code }
    : { standards: [CIS_BENCHMARKS[cis]], control };
}

/**
 * How a finding is cited in its description: the benchmark and recommendation, or iam-audit's own.
 *
 * @param code the finding
 * @param cis the CIS version cited
 * @returns e.g. `CIS AWS Foundations Benchmark v7.0.0 2.12`, or `iam-audit`
 */
function citation(code: FindingCode, cis: CisVersion): string {
  const control = cisOf(code, cis);
  return control === undefined ? "iam-audit" : `${CIS_BENCHMARKS[cis]} ${control}`;
}

/**
 * An account's findings as OCSF Detection Findings, one per finding where it occurs.
 *
 * @param assessed the account, assessed
 * @param context the run
 * @returns the records, in the order of {@link findingOccurrences}; none for a skipped or interrupted
 *   account
 * @example
 * ```ts
 * const lines = detectionFindings(assessed, { startedAt, version, cis: "7.0", words: en })
 *   .map((finding) => JSON.stringify(finding) + "\n");
 * ```
 */
export function detectionFindings(assessed: AssessedAccount, context: OcsfContext): DetectionFinding[] {
  return findingOccurrences(assessed).map((occurrence) => detectionFinding(occurrence, assessed, context));
}

/**
 * One finding where it occurs as an OCSF Detection Finding.
 *
 * @param occurrence the finding and what it is about
 * @param assessed the account it is in
 * @param context the run
 * @returns the record
 */
export function detectionFinding(
  occurrence: FindingOccurrence,
  assessed: AssessedAccount,
  context: OcsfContext,
): DetectionFinding {
  const { code, uid } = occurrence;
  const partition = context.partition ?? "aws";
  const now = context.startedAt.getTime();
  const seen = context.seen?.(uid);
  const severity = OCSF_SEVERITY[FINDINGS[code].severity];
  const title = context.words.findings[code];
  const compliance = complianceOf(code, context.cis);
  const account = ocsfAccount(occurrence.account);
  const { resource, values } = subject(occurrence, assessed, account, context);
  return {
    activity_id: DETECTION_FINDING.activityId,
    activity_name: DETECTION_FINDING.activityName,
    category_uid: DETECTION_FINDING.categoryUid,
    category_name: DETECTION_FINDING.categoryName,
    class_uid: DETECTION_FINDING.classUid,
    class_name: DETECTION_FINDING.className,
    type_uid: DETECTION_FINDING.typeUid,
    type_name: DETECTION_FINDING.typeName,
    time: now,
    timezone_offset: 0,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: 1,
    status: "New",
    confidence_id: 3,
    confidence: "High",
    is_alert: true,
    message: title,
    metadata: {
      version: OCSF_VERSION,
      product: {
        name: "iam-audit",
        vendor_name: "iam-audit",
        version: context.version,
        lang: context.words.lang,
      },
      profiles: ["cloud"],
      tenant_uid: context.organizationId,
    },
    finding_info: {
      uid,
      title,
      desc: `${title} — ${citation(code, context.cis)}`,
      types: [code],
      analytic: { uid: code, name: code, type_id: 1, type: "Rule" },
      first_seen_time: seen?.first?.getTime() ?? now,
      last_seen_time: seen?.last?.getTime() ?? now,
      modified_time: now,
    },
    cloud: {
      provider: "AWS",
      cloud_partition: partition,
      account,
      org: context.organizationId === undefined ? undefined : { uid: context.organizationId },
    },
    resources: [{ ...resource, cloud_partition: partition, role_id: 1, role: "Target" }],
    unmapped: { compliance, ...values },
  };
}

/** A resource without the fields every resource has the same way. */
type ResourceCore = Omit<OcsfResource, "cloud_partition" | "role_id" | "role">;

/** The resource of an occurrence, and its raw values for `unmapped`. */
function subject(
  occurrence: FindingOccurrence,
  assessed: AssessedAccount,
  account: OcsfAccount,
  context: OcsfContext,
): { resource: ResourceCore; values: Omit<OcsfUnmapped, "compliance"> } {
  const partition = context.partition ?? "aws";
  switch (occurrence.scope) {
    case "key": {
      const { key, record } = occurrence;
      const owner = iamUser(occurrence.user, account);
      return {
        resource: { uid: key.accessKeyId, type: "AwsIamAccessKey", created_time: ms(key.createDate), owner },
        values: {
          user: userValues(occurrence.user),
          access_key: {
            access_key_id: key.accessKeyId,
            status: key.status,
            created_time: ms(key.createDate),
            age_days: record.keyAgeDays,
            never_used: record.keyNeverUsed,
            last_used_time: ms(key.lastUsedDate),
            last_used_service: record.keyNeverUsed || key.lastUsedError ? undefined : key.lastUsedService,
            last_used_region: key.lastUsedError || key.lastUsedRegion === "N/A"
              ? undefined
              : key.lastUsedRegion,
            last_used_error: key.lastUsedError && errorText(key.lastUsedError.error),
          },
        },
      };
    }
    case "credential": {
      const { credential, ageDays } = occurrence.record;
      return {
        resource: {
          uid: credential.id,
          name: credential.alias ?? credential.serviceUserName,
          type: CREDENTIAL_RESOURCE_TYPES[credential.kind],
          created_time: ms(credential.createDate),
          owner: iamUser(occurrence.user, account),
        },
        values: {
          user: userValues(occurrence.user),
          credential: {
            credential_type: CREDENTIAL_TYPES[credential.kind],
            credential_id: credential.id,
            status: credential.status,
            created_time: ms(credential.createDate),
            expiration_time: ms(credential.expiration),
            age_days: ageDays,
            service_name: credential.serviceName,
            service_user_name: credential.serviceUserName,
            credential_alias: credential.alias,
          },
        },
      };
    }
    case "user": {
      const { user } = occurrence;
      return {
        resource: {
          uid: user.arn,
          name: user.userName,
          type: "AwsIamUser",
          created_time: ms(user.createDate),
          owner: iamUser(user, account),
        },
        values: { user: userValues(user) },
      };
    }
    case "account": {
      const root = rootArn(partition, occurrence.account.id);
      return {
        resource: {
          uid: root,
          name: occurrence.account.name,
          type: "AwsAccount",
          owner: {
            type_id: 2,
            type: "Admin",
            name: "root",
            uid: root,
            has_mfa: hasMfa(assessed.root?.mfa),
            account,
          },
        },
        values: { root: rootValues(assessed) },
      };
    }
    case "organization": {
      const management = assessed.rootManagement;
      return {
        resource: {
          uid: context.organizationId,
          uid_alt: occurrence.account.id,
          name: context.organizationId ?? occurrence.account.id,
          type: "AwsOrganizationsOrganization",
        },
        values: {
          organization: {
            management_account_id: occurrence.account.id,
            central_root_management: management?.state,
            features: management && "features" in management ? management.features : undefined,
          },
        },
      };
    }
  }
}

/** Resource types of the other credentials, in the manner of Security Hub's (`AwsIamAccessKey`). */
const CREDENTIAL_RESOURCE_TYPES: Readonly<Record<CredentialKind, string>> = {
  "service-specific": "AwsIamServiceSpecificCredential",
  "ssh-public-key": "AwsIamSshPublicKey",
  "signing-certificate": "AwsIamSigningCertificate",
};

/** How `programmatic_credentials` names each kind, as IAM does. */
const CREDENTIAL_CAPTIONS: Readonly<Record<CredentialKind, string>> = {
  "service-specific": "Service-Specific Credential",
  "ssh-public-key": "SSH Public Key",
  "signing-certificate": "Signing Certificate",
};

function ocsfAccount(account: OrgAccount): OcsfAccount {
  return { uid: account.id, name: account.name, type_id: 10, type: "AWS Account" };
}

/** An IAM user as OCSF's User object, with every long-lived credential it has. */
function iamUser(user: UserAudit, account: OcsfAccount): OcsfUser {
  const credentials: OcsfProgrammaticCredential[] = [
    ...(user.keys ?? []).map((key) => ({
      uid: key.accessKeyId,
      type: "Access Key",
      last_used_time: ms(key.lastUsedDate),
    })),
    ...user.credentials.map((c) => ({ uid: c.id, type: CREDENTIAL_CAPTIONS[c.kind] })),
  ];
  return {
    type_id: 1,
    type: "User",
    name: user.userName,
    uid: user.arn,
    uid_alt: user.userId,
    has_mfa: hasMfa(user.mfa?.kind),
    account,
    programmatic_credentials: credentials.length > 0 ? credentials : undefined,
  };
}

function hasMfa(kind: MfaKind | undefined): boolean | undefined {
  return kind === undefined ? undefined : kind !== "None";
}

/** What the IAM report says of a user (its key columns apart). */
function userValues(user: UserAudit): UserValues {
  const keys = user.keys;
  return {
    username: user.userName,
    user_arn: user.arn,
    user_id: user.userId,
    user_created_time: ms(user.createDate),
    console_password: user.hasLoginProfile,
    password_created_time: ms(user.loginProfileCreateDate),
    password_last_used_time: ms(user.passwordLastUsed),
    mfa_status: user.mfa?.kind,
    mfa_devices: user.mfa?.count,
    access_keys: keys?.length,
    active_access_keys: keys?.filter((k) => k.status === "Active").length,
    direct_policies: user.directPolicies,
    read_errors: user.errors.length > 0
      ? user.errors.map((e) => `${e.action}: ${errorText(e.error)}`)
      : undefined,
  };
}

/** What the accounts report says of the root user. */
function rootValues(assessed: AssessedAccount): RootValues {
  const root = assessed.root;
  return {
    root_state: assessed.rootState,
    root_mfa: root?.mfa,
    root_access_keys: root?.accessKeys,
    root_password: root?.password,
    root_signing_certificates: root?.signingCertificates,
    root_last_console_login_time: ms(root?.lastConsoleLogin),
    central_root_management: assessed.rootManagement?.state,
  };
}

function rootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

function ms(date: Date | undefined): number | undefined {
  return date?.getTime();
}
