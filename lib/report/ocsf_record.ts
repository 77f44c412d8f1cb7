/**
 * The shape of the OCSF records iam-audit writes: an OCSF 1.6.0 Detection Finding (class 2004) with the
 * attributes and objects it fills, their enum ids and captions as OCSF 1.6.0 defines them, and the typed
 * raw values it puts under `unmapped`. Times are epoch milliseconds (OCSF's `timestamp_t`). The mapping
 * is `ocsf.ts`; the tests hold these records to a JSON Schema of the class (`tests/support/ocsf/`).
 *
 * @module
 */
import type { FindingCode, Severity } from "../model/findings.ts";
import type { CredentialStatus, MfaKind, RootManagement } from "../model/records.ts";
import type { RootState } from "../model/rules.ts";

/** The OCSF schema version every record declares (`metadata.version`). */
export const OCSF_VERSION = "1.6.0";

/** Detection Finding's class, its category and the one activity iam-audit reports (Create). */
export const DETECTION_FINDING = {
  categoryUid: 2,
  categoryName: "Findings",
  classUid: 2004,
  className: "Detection Finding",
  activityId: 1,
  activityName: "Create",
  /** `class_uid * 100 + activity_id`. */
  typeUid: 200401,
  typeName: "Detection Finding: Create",
} as const;

/** OCSF `severity_id` and its caption for each of iam-audit's severities (OCSF's 1 and 6 go unused). */
export const OCSF_SEVERITY: Readonly<Record<Severity, { id: 2 | 3 | 4 | 5; caption: string }>> = {
  low: { id: 2, caption: "Low" },
  medium: { id: 3, caption: "Medium" },
  high: { id: 4, caption: "High" },
  critical: { id: 5, caption: "Critical" },
};

/** OCSF Account object: an AWS account (`type_id` 10). */
export interface OcsfAccount {
  uid: string;
  name: string;
  type_id: 10;
  type: "AWS Account";
}

/** OCSF Programmatic Credential object (new in 1.6.0): an access key or another long-lived credential. */
export interface OcsfProgrammaticCredential {
  uid: string;
  /** `Access Key`, `Service-Specific Credential`, `SSH Public Key`, `Signing Certificate`. */
  type: string;
  last_used_time?: number;
}

/** OCSF User object: an IAM user (`type_id` 1, User) or the root user (2, Admin). */
export interface OcsfUser {
  type_id: 1 | 2;
  type: "User" | "Admin";
  name: string;
  /** The user's ARN. */
  uid?: string;
  /** The IAM user's unique ID (`AIDA…`). */
  uid_alt?: string;
  has_mfa?: boolean;
  account: OcsfAccount;
  programmatic_credentials?: OcsfProgrammaticCredential[];
}

/** OCSF Resource Details object: what a finding is about, as its target (`role_id` 1). */
export interface OcsfResource {
  uid?: string;
  uid_alt?: string;
  name?: string;
  /** `AwsIamAccessKey`, `AwsIamUser`, `AwsAccount`, … */
  type: string;
  created_time?: number;
  cloud_partition: string;
  role_id: 1;
  role: "Target";
  /** The IAM user the resource is or belongs to; the root user for an account. */
  owner?: OcsfUser;
}

/** `unmapped.compliance`: the recommendation cited, in the attribute names of OCSF's Compliance object. */
export interface ComplianceValues {
  /** `CIS AWS Foundations Benchmark v7.0.0`, or `iam-audit` for its own findings. */
  standards: [string];
  /** The recommendation (`2.12`), or the code for iam-audit's own findings. */
  control: string;
}

/** `unmapped.user`: what the IAM report says of a user. */
export interface UserValues {
  username: string;
  user_arn?: string;
  user_id?: string;
  user_created_time?: number;
  /** Whether the user has a console password; absent when it could not be read. */
  console_password?: boolean;
  password_created_time?: number;
  password_last_used_time?: number;
  mfa_status?: MfaKind;
  mfa_devices?: number;
  access_keys?: number;
  active_access_keys?: number;
  direct_policies?: string[];
  /** What could not be read about the user (`GetLoginProfile: AccessDenied: …`). */
  read_errors?: string[];
}

/** `unmapped.access_key`: what the IAM report says of a key. */
export interface AccessKeyValues {
  access_key_id: string;
  status?: CredentialStatus;
  created_time?: number;
  age_days?: number;
  /** Known never to have been used (its last use was read, and there is none). */
  never_used: boolean;
  last_used_time?: number;
  last_used_service?: string;
  last_used_region?: string;
  /** Why its last use is unknown. */
  last_used_error?: string;
}

/** `unmapped.credential`: what the credentials report says of a credential. */
export interface CredentialValues {
  /** `service_specific_credential`, `ssh_public_key` or `signing_certificate`. */
  credential_type: string;
  credential_id: string;
  status?: CredentialStatus;
  created_time?: number;
  expiration_time?: number;
  age_days?: number;
  service_name?: string;
  service_user_name?: string;
  credential_alias?: string;
}

/** `unmapped.root`: what the accounts report says of the root user. */
export interface RootValues {
  root_state?: RootState;
  root_mfa?: MfaKind;
  root_access_keys?: number;
  root_password?: boolean;
  root_signing_certificates?: number;
  root_last_console_login_time?: number;
  central_root_management?: RootManagement["state"];
}

/** `unmapped.organization`: the organization's central root access management. */
export interface OrganizationValues {
  management_account_id: string;
  central_root_management?: RootManagement["state"];
  features?: string[];
}

/** `unmapped`: the CIS reference, and the raw values of what the finding is about. */
export interface OcsfUnmapped {
  compliance: ComplianceValues;
  user?: UserValues;
  access_key?: AccessKeyValues;
  credential?: CredentialValues;
  root?: RootValues;
  organization?: OrganizationValues;
}

/** One OCSF 1.6.0 Detection Finding as iam-audit writes it (an undefined field is not written). */
export interface DetectionFinding {
  activity_id: 1;
  activity_name: "Create";
  category_uid: 2;
  category_name: "Findings";
  class_uid: 2004;
  class_name: "Detection Finding";
  type_uid: 200401;
  type_name: "Detection Finding: Create";
  /** The run's start. */
  time: number;
  timezone_offset: 0;
  severity_id: 2 | 3 | 4 | 5;
  severity: string;
  /** New. */
  status_id: 1;
  status: "New";
  /** High: the rules read facts, they do not guess. */
  confidence_id: 3;
  confidence: "High";
  is_alert: true;
  /** The finding's meaning, in the run's language. */
  message: string;
  metadata: {
    version: typeof OCSF_VERSION;
    product: { name: "iam-audit"; vendor_name: "iam-audit"; version: string; lang: string };
    profiles: ["cloud"];
    /** The organization's id. */
    tenant_uid?: string;
  };
  finding_info: {
    /** The same in every run; see `occurrenceUid()` in `finding_occurrences.ts`. */
    uid: string;
    title: string;
    desc: string;
    types: [FindingCode];
    analytic: { uid: FindingCode; name: FindingCode; type_id: 1; type: "Rule" };
    first_seen_time: number;
    last_seen_time: number;
    modified_time: number;
  };
  cloud: {
    provider: "AWS";
    cloud_partition: string;
    account: OcsfAccount;
    org?: { uid: string };
  };
  resources: [OcsfResource];
  unmapped: OcsfUnmapped;
}
