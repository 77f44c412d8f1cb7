/**
 * The data a simulated AWS organization is served from.
 *
 * A scenario is plain JSON: the simulator (`server.ts`) answers every request from it, for the
 * account whose credentials signed the request. Dates are ISO 8601 UTC strings.
 *
 * @module
 */

/** Account lifecycle state as Organizations reports it in `State`. */
export type AccountState = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "PENDING_ACTIVATION" | "CLOSED";

/** A whole simulated organization. */
export interface Scenario {
  /** Organization id, e.g. `o-exampleorgid`. */
  organizationId: string;
  /** The management account: the one the profile's own (static) credentials belong to. */
  managementAccountId: string;
  /** Static credentials of the management account's caller (an IAM user or an SSO role). */
  managementCredentials: {
    accessKeyId: string;
    secretAccessKey: string;
    /** ARN returned by GetCallerIdentity, e.g. `arn:aws:iam::111111111111:user/auditor`. */
    arn: string;
    /** When set (temporary management credentials), requests must carry it as `X-Amz-Security-Token`. */
    sessionToken?: string;
  };
  /** Root of the OU tree (`r-xxxx`). Accounts not placed in any OU sit directly under the root. */
  root?: OrganizationalUnit;
  /** Every account of the organization, the management account included. */
  accounts: Account[];
  /** Organizations `FeatureSet`; default `ALL`. */
  featureSet?: "ALL" | "CONSOLIDATED_BILLING";
  /**
   * Centralized root access (IAM's ListOrganizationsFeatures). Absent: IAM's trusted access in
   * Organizations is not enabled (ServiceAccessNotEnabledException).
   */
  rootAccessManagement?: RootAccessManagement;
}

/** A centralized root access feature of IAM. */
export type RootAccessFeature = "RootCredentialsManagement" | "RootSessions";

/** Centralized root access for the organization's member accounts. */
export interface RootAccessManagement {
  /** Whether trusted access for IAM is enabled in Organizations; false answers ServiceAccessNotEnabledException. */
  enabled: boolean;
  /** The features enabled (ListOrganizationsFeatures' `EnabledFeatures`); default none. */
  features?: RootAccessFeature[];
  /** A member account registered as delegated administrator for centralized root access. */
  delegatedAdministratorAccountId?: string;
}

/** An organizational unit and what it holds. */
export interface OrganizationalUnit {
  /** `r-xxxx` for the root, `ou-xxxx-yyyyyyyy` for an OU. */
  id: string;
  name: string;
  /** Ids of the accounts directly under this unit. */
  accountIds: string[];
  children: OrganizationalUnit[];
}

/** One account of the organization and everything the audit can read in it. */
export interface Account {
  id: string;
  name: string;
  email: string;
  /** `State`, as AWS reports it since 2026. */
  state: AccountState;
  /**
   * Legacy `Status` (ACTIVE / SUSPENDED / PENDING_CLOSURE). When `omitState` is true the simulator
   * serves only this field, as AWS did before `State` existed.
   */
  status?: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  omitState?: boolean;
  joinedTimestamp: string;
  /** Organizations `JoinedMethod`; defaults to INVITED for the management account, CREATED otherwise. */
  joinedMethod?: "INVITED" | "CREATED";
  /** Names of the roles that exist in this account and trust the management account. */
  roles: string[];
  /** When set, AssumeRole into this account requires this ExternalId. */
  externalId?: string;
  /**
   * Actions (`iam:ListSSHPublicKeys`) the audit role's policy does not allow here, as in an account whose
   * role predates them: every such call is AccessDenied.
   */
  deniedActions?: string[];
  users: User[];
  /** CloudTrail event history of this account (all regions; LookupEvents filters by region). */
  events: CloudTrailEvent[];
  /**
   * Root user posture, for GetAccountSummary, ListVirtualMFADevices and the credential report.
   * Absent: `{ mfa: "none", accessKeysPresent: 0 }`, with a password.
   */
  root?: RootUser;
}

/**
 * The root user's credentials. A root whose credentials were removed centrally (or never created,
 * as for accounts created under centralized root access) is {@link NO_ROOT_CREDENTIALS}.
 */
export interface RootUser {
  mfa: "none" | "virtual" | "hardware";
  /** Number of root access keys (0..2). */
  accessKeysPresent: number;
  /** Whether the root user has a console password; default true (as before this field existed). */
  password?: boolean;
  /** Number of root X.509 signing certificates (0..2); default 0. */
  signingCertificates?: number;
}

/** A root user without any credential: no password, no access keys, no MFA, no signing certificates. */
export const NO_ROOT_CREDENTIALS: Readonly<Required<RootUser>> = Object.freeze({
  mfa: "none",
  accessKeysPresent: 0,
  password: false,
  signingCertificates: 0,
});

/** An IAM user. */
export interface User {
  name: string;
  /** Defaults to `/`. */
  path?: string;
  /** Unique id (`AIDA...`); generated from the name when absent. */
  id?: string;
  createDate: string;
  /** `PasswordLastUsed`; absent when the password was never used or there is none. */
  passwordLastUsed?: string;
  /** Console password; absent or null when the user has none (GetLoginProfile: NoSuchEntity). */
  loginProfile?: { createDate: string; passwordResetRequired?: boolean } | null;
  accessKeys: AccessKey[];
  mfaDevices: MfaDevice[];
  /** Managed policy ARNs attached directly to the user. */
  attachedPolicies?: string[];
  /** Names of inline policies embedded in the user. */
  inlinePolicies?: string[];
  /** Names of the IAM groups the user belongs to (ListGroupsForUser). */
  groups?: string[];
  /** Service-specific credentials: CodeCommit and Keyspaces passwords, Bedrock and CloudWatch Logs API keys. */
  serviceSpecificCredentials?: ServiceSpecificCredential[];
  /** SSH public keys for CodeCommit. */
  sshPublicKeys?: SshPublicKey[];
  /** X.509 signing certificates. */
  signingCertificates?: SigningCertificate[];
}

/** Services that issue service-specific credentials (CreateServiceSpecificCredential's list). */
export const SERVICE_SPECIFIC_CREDENTIAL_SERVICES = [
  "codecommit.amazonaws.com",
  "cassandra.amazonaws.com",
  "bedrock.amazonaws.com",
  "logs.amazonaws.com",
] as const;

/** A service-specific credential. Its secret (password or API key secret) is never part of a scenario. */
export interface ServiceSpecificCredential {
  /** `ServiceSpecificCredentialId` (`ACCA...`, 20 to 128 word characters). */
  id: string;
  /** e.g. `codecommit.amazonaws.com`, `cassandra.amazonaws.com`, `bedrock.amazonaws.com`, `logs.amazonaws.com`. */
  serviceName: string;
  /**
   * `Active`, `Inactive` or `Expired`. An `Active` credential whose `expirationDate` has passed (by the
   * simulator's clock) is served as `Expired`.
   */
  status: "Active" | "Inactive" | "Expired";
  createDate: string;
  /** When the API key expires; absent: never (only Bedrock and CloudWatch Logs API keys expire). */
  expirationDate?: string;
  /** `ServiceUserName`; CodeCommit and Keyspaces default to `USER-at-ACCOUNT`, API keys have none. */
  serviceUserName?: string;
  /** `ServiceCredentialAlias` of API keys; Bedrock and CloudWatch Logs default to `USER-v1-YYYYMMDD` (created). */
  serviceCredentialAlias?: string;
}

/** An SSH public key of a user (CodeCommit). */
export interface SshPublicKey {
  /** `SSHPublicKeyId` (`APKA...`, at least 20 word characters). */
  id: string;
  status: "Active" | "Inactive";
  uploadDate: string;
}

/** An X.509 signing certificate of a user. */
export interface SigningCertificate {
  /** `CertificateId` (24 to 128 word characters). */
  id: string;
  status: "Active" | "Inactive";
  uploadDate: string;
}

/** An access key of an IAM user. The secret is never part of a scenario: the tool never sees it. */
export interface AccessKey {
  id: string;
  status: "Active" | "Inactive";
  createDate: string;
  /** Absent when the key was never used (GetAccessKeyLastUsed then returns Region/ServiceName `N/A`). */
  lastUsed?: { date: string; service: string; region: string };
}

/** An MFA device assigned to a user. */
export interface MfaDevice {
  /** `arn:aws:iam::ID:mfa/NAME` (virtual), `arn:aws:iam::ID:u2f/...` (FIDO) or a hardware serial. */
  serialNumber: string;
  enableDate: string;
}

/** A CloudTrail management event. */
export interface CloudTrailEvent {
  eventId: string;
  eventName: string;
  eventTime: string;
  /** Region the event was recorded in (IAM events: `us-east-1`). */
  awsRegion: string;
  eventSource: string;
  /** The identity that made the call (`Username` in LookupEvents). */
  username?: string;
  userIdentityType?: "IAMUser" | "AssumedRole" | "Root" | "AWSService" | "FederatedUser";
  accessKeyId?: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  /** `errorMessage` of the record, when `errorCode` is set. */
  errorMessage?: string;
  readOnly: boolean;
  resources: { type: string; name: string }[];
  /**
   * ARN of the caller in `userIdentity`; derived from `userIdentityType` and `username` when absent
   * (an AssumedRole caller then gets role `OrganizationAccountAccessRole`).
   */
  userArn?: string;
  /** `requestParameters` of the record; derived from the event name and resources when absent. */
  requestParameters?: Record<string, unknown> | null;
  /** `responseElements` of the record; derived from the event name and resources when absent. */
  responseElements?: Record<string, unknown> | null;
}
