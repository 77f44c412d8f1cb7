/**
 * The findings as OCSF 1.6.0 Detection Findings: accounts covering every finding code are assessed as
 * `main.ts` assesses them, mapped, and every record is validated against the JSON Schema written for
 * these tests (`tests/support/ocsf/`); then one record per occurrence, stable uids, severities, CIS
 * references, the resources, and no secret.
 */
import assert from "node:assert/strict";
import { assertValid, validate } from "./support/ocsf/validate.ts";
import { en } from "../lib/i18n/en.ts";
import { es } from "../lib/i18n/es.ts";
import type { Words } from "../lib/i18n/words.ts";
import { assessAccount, type AssessedAccount } from "../lib/model/assessment.ts";
import {
  CIS_BENCHMARKS,
  CIS_VERSIONS,
  cisOf,
  DEFAULT_THRESHOLDS,
  FINDING_CODES,
  type FindingCode,
  FINDINGS,
} from "../lib/model/findings.ts";
import type {
  AccountResult,
  OrgAccount,
  RootManagement,
  RootPosture,
  UserAudit,
} from "../lib/model/records.ts";
import { findingOccurrences, occurrenceUid } from "../lib/report/finding_occurrences.ts";
import { detectionFindings, type OcsfContext } from "../lib/report/ocsf.ts";
import {
  DETECTION_FINDING,
  type DetectionFinding,
  OCSF_SEVERITY,
  OCSF_VERSION,
} from "../lib/report/ocsf_record.ts";

const NOW = new Date("2026-11-25T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const MANAGEMENT: OrgAccount = { id: "111111111111", name: "Management", state: "ACTIVE" };
const PROD: OrgAccount = { id: "222222222222", name: "Production", state: "ACTIVE" };
const STAGING: OrgAccount = { id: "333333333333", name: "Staging", state: "ACTIVE" };
const ORG = "o-abc123def4";

const DISABLED: RootManagement = { state: "disabled", features: [] };
const ENABLED: RootManagement = { state: "enabled", features: ["RootCredentialsManagement", "RootSessions"] };

/** A record as parsed JSON, to break on purpose. */
// deno-lint-ignore no-explicit-any
type Loose = any;

function user(account: OrgAccount, name: string, fields: Partial<UserAudit> = {}): UserAudit {
  return {
    userName: name,
    arn: `arn:aws:iam::${account.id}:user/${name}`,
    userId: `AIDA${name.toUpperCase().padEnd(17, "X")}`,
    createDate: ago(400),
    hasLoginProfile: false,
    mfa: { kind: "None", count: 0 },
    keys: [],
    credentials: [],
    errors: [],
    ...fields,
  };
}

function audited(account: OrgAccount, users: UserAudit[], root: RootPosture): AccountResult {
  return {
    kind: "audited",
    account,
    users,
    events: [],
    root,
    stats: { apiCalls: 3, throttled: 0, seconds: 1 },
  };
}

/** The management account: root used and with virtual MFA; the organization without central root access. */
function managementResult(): AccountResult {
  return audited(MANAGEMENT, [user(MANAGEMENT, "auditor", { mfa: { kind: "Hardware", count: 1 } })], {
    mfa: "Virtual",
    accessKeys: 0,
    password: true,
    signingCertificates: 0,
    lastConsoleLogin: ago(2),
  });
}

/**
 * Production: a console user without MFA with two active keys (one old, one set up with the user and never
 * used), stale password and direct policies; a user with an inactive key; a user whose key's last use could
 * not be read; a user with a Bedrock API key, an inactive SSH key and a young certificate; a user without
 * findings; a root user with keys, a password, no MFA and a signing certificate.
 */
function prodResult(): AccountResult {
  return audited(PROD, [
    user(PROD, "alice", {
      hasLoginProfile: true,
      loginProfileCreateDate: ago(400),
      passwordLastUsed: ago(100),
      directPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      keys: [
        {
          accessKeyId: "AKIAALICE00000000001",
          status: "Active",
          createDate: ago(200),
          lastUsedDate: ago(1),
          lastUsedService: "s3",
          lastUsedRegion: "eu-west-1",
        },
        {
          accessKeyId: "AKIAALICE00000000002",
          status: "Active",
          createDate: new Date(ago(400).getTime() + 5 * 60_000),
          lastUsedService: "N/A",
          lastUsedRegion: "N/A",
        },
      ],
    }),
    user(PROD, "bob", {
      keys: [{
        accessKeyId: "AKIABOB0000000000001",
        status: "Inactive",
        createDate: ago(500),
        lastUsedDate: ago(300),
      }],
    }),
    user(PROD, "erin", {
      keys: [{
        accessKeyId: "AKIAERIN000000000001",
        status: "Inactive",
        createDate: ago(30),
        lastUsedError: {
          action: "GetAccessKeyLastUsed",
          error: { code: "ThrottlingException", message: "Rate exceeded" },
        },
      }],
      errors: [{
        action: "GetAccessKeyLastUsed",
        error: { code: "ThrottlingException", message: "Rate exceeded" },
      }],
    }),
    user(PROD, "carol", {
      mfa: { kind: "Virtual", count: 1 },
      credentials: [
        {
          kind: "service-specific",
          id: "ACCACAROL00000000001",
          status: "Active",
          createDate: ago(120),
          serviceName: "bedrock.amazonaws.com",
          serviceUserName: "carol-at-222222222222",
          alias: "carol-models",
        },
        { kind: "ssh-public-key", id: "APKACAROL00000000001", status: "Inactive", createDate: ago(10) },
        { kind: "signing-certificate", id: "CAROLCERT000000000000001", status: "Active", createDate: ago(5) },
      ],
    }),
    user(PROD, "dave", {
      hasLoginProfile: true,
      passwordLastUsed: ago(1),
      mfa: { kind: "Hardware", count: 1 },
    }),
  ], { mfa: "None", accessKeys: 1, password: true, signingCertificates: 1 });
}

/** Staging, in an organization that manages root access centrally: its root user still has a password. */
function stagingResult(): AccountResult {
  return audited(STAGING, [], { mfa: "Hardware", accessKeys: 0, password: true, signingCertificates: 0 });
}

/** Every account of both organizations, assessed as `main.ts` does. */
function assessAll(now = NOW): AssessedAccount[] {
  const context = { thresholds: DEFAULT_THRESHOLDS, now, managementAccountId: MANAGEMENT.id };
  return [
    assessAccount(managementResult(), { ...context, rootManagement: DISABLED }),
    assessAccount(prodResult(), { ...context, rootManagement: DISABLED }),
    assessAccount(stagingResult(), { ...context, rootManagement: ENABLED }),
  ];
}

function context(overrides: Partial<OcsfContext> = {}): OcsfContext {
  return { startedAt: NOW, version: "9.9.9", cis: "7.0", words: en, organizationId: ORG, ...overrides };
}

function mapAll(overrides: Partial<OcsfContext> = {}, assessed = assessAll()): DetectionFinding[] {
  return assessed.flatMap((a) => detectionFindings(a, context(overrides)));
}

function byUid(records: DetectionFinding[], uid: string): DetectionFinding {
  const found = records.filter((r) => r.finding_info.uid === uid);
  assert.equal(found.length, 1, `one record with uid ${uid}`);
  return found[0];
}

function codesOf(records: DetectionFinding[]): FindingCode[] {
  return records.map((r) => r.finding_info.types[0]);
}

Deno.test("the test accounts raise every finding code", () => {
  assert.deepEqual([...new Set(codesOf(mapAll()))].sort(), [...FINDING_CODES].sort());
});

Deno.test("every record is a valid OCSF 1.6.0 Detection Finding, in each language, CIS version and org", () => {
  let n = 0;
  for (const words of [en, es] as Words[]) {
    for (const cis of CIS_VERSIONS) {
      for (const organizationId of [ORG, undefined]) {
        for (const record of mapAll({ words, cis, organizationId })) {
          assertValid(record);
          n++;
        }
      }
    }
  }
  assert.ok(n > 100, `${n} records validated`);
});

Deno.test("the schema rejects invented fields, wrong captions, a type_uid that does not follow the activity", () => {
  const record = mapAll()[0];
  assertValid(record);
  const broken: [string, (r: Loose) => void][] = [
    ["an invented top-level field", (r) => r.finding_code = "KEY_UNUSED"],
    ["an invented resource field", (r) => r.resources[0].account_id = "222222222222"],
    ["an invented owner field", (r) => r.resources[0].owner.mfa = "None"],
    ["an invented finding_info field", (r) => r.finding_info.cis = "2.12"],
    ["an invented metadata field", (r) => r.metadata.schema = "ocsf"],
    ["an unknown severity_id", (r) => r.severity_id = 7],
    ["a severity caption of another id", (r) => r.severity = "Critical"],
    ["a status caption of another id", (r) => r.status = "Resolved"],
    ["a type_uid of another activity", (r) => r.type_uid = 200402],
    ["another class", (r) => r.class_uid = 2003],
    ["a finding without uid", (r) => delete r.finding_info.uid],
    ["a time as text", (r) => r.time = NOW.toISOString()],
    ["another OCSF version", (r) => r.metadata.version = "1.5.0"],
    ["no cloud", (r) => delete r.cloud],
    ["a cloud without provider", (r) => delete r.cloud.provider],
    ["an account type caption of another id", (r) => r.cloud.account.type = "AWS IAM User"],
  ];
  for (const [what, breakIt] of broken) {
    const copy = JSON.parse(JSON.stringify(record));
    breakIt(copy);
    assert.equal(validate(copy), false, `the schema accepts ${what}`);
  }
  const withUnmapped = JSON.parse(JSON.stringify(record));
  withUnmapped.unmapped.anything = { goes: [1, "two"] };
  assert.ok(validate(withUnmapped), "unmapped is open");
});

Deno.test("each finding is one record where it occurs: a user finding once per user, however many keys", () => {
  const records = mapAll();
  const uids = records.map((r) => r.finding_info.uid);
  assert.equal(new Set(uids).size, uids.length, "uids are unique");

  const prod = records.filter((r) => r.cloud.account.uid === PROD.id);
  const count = (code: FindingCode, resource?: string) =>
    prod.filter((r) => r.finding_info.types[0] === code && (!resource || r.resources[0].uid === resource))
      .length;
  const alice = "arn:aws:iam::222222222222:user/alice";
  // alice has two keys: her user findings once each, not once per key row.
  for (
    const code of [
      "MULTIPLE_ACTIVE_KEYS",
      "PASSWORD_UNUSED",
      "CONSOLE_WITHOUT_MFA",
      "DIRECT_POLICIES",
    ] as const
  ) {
    assert.equal(count(code, alice), 1, code);
  }
  assert.equal(count("MULTIPLE_ACTIVE_KEYS"), 1);
  // Key findings once per key.
  assert.equal(count("KEY_NOT_ROTATED", "AKIAALICE00000000001"), 1);
  assert.equal(count("KEY_NOT_ROTATED", "AKIAALICE00000000002"), 1);
  assert.equal(count("KEY_NOT_ROTATED"), 2);
  assert.equal(count("KEY_UNUSED"), 1);
  assert.equal(count("KEY_CREATED_WITH_USER"), 1);
  assert.equal(count("INACTIVE_KEY"), 2);
  // Credential findings once per credential.
  for (const code of ["BEDROCK_API_KEY", "CREDENTIAL_NO_EXPIRY", "CREDENTIAL_NOT_ROTATED"] as const) {
    assert.equal(count(code, "ACCACAROL00000000001"), 1, code);
  }
  assert.equal(count("INACTIVE_CREDENTIAL", "APKACAROL00000000001"), 1);
  assert.equal(prod.filter((r) => r.resources[0].uid === "CAROLCERT000000000000001").length, 0);
  // Account findings once per account, the organization's once.
  for (const code of ["ROOT_ACCESS_KEYS", "ROOT_NO_MFA", "ROOT_SIGNING_CERTIFICATES"] as const) {
    assert.equal(count(code), 1, code);
  }
  assert.equal(codesOf(records).filter((c) => c === "ORG_ROOT_MANAGEMENT_OFF").length, 1);
  assert.equal(codesOf(records).filter((c) => c === "ROOT_USED").length, 1);
  assert.equal(codesOf(records).filter((c) => c === "ROOT_CREDENTIALS_REMAIN").length, 1);

  // As many records as the reports' finding cells hold, user findings counted once per user.
  const prodAssessed = assessAll()[1];
  const perRow =
    prodAssessed.iam.flatMap((r) => r.findings.filter((c) => FINDINGS[c].scope === "key")).length +
    new Set(
      prodAssessed.iam.flatMap((r) =>
        r.findings.filter((c) => FINDINGS[c].scope === "user").map((c) => `${r.user.userName}/${c}`)
      ),
    ).size +
    prodAssessed.credentials.flatMap((r) => r.findings).length + prodAssessed.rootFindings.length;
  assert.equal(prod.length, perRow);
});

Deno.test("a finding has the same uid in the next run, whatever its time, language or CIS version", () => {
  const first = mapAll();
  const next = mapAll(
    { startedAt: new Date(NOW.getTime() + 7 * DAY), words: es, cis: "3.0", version: "10.0.0" },
    assessAll(new Date(NOW.getTime() + 7 * DAY)),
  );
  const uids = (records: DetectionFinding[]) => records.map((r) => r.finding_info.uid).sort();
  // A week later the same findings are raised, under the same uids.
  assert.deepEqual(uids(next), uids(first));
  assert.equal(
    byUid(first, "iam-audit:222222222222:access-key/AKIAALICE00000000001:KEY_NOT_ROTATED").resources[0].uid,
    "AKIAALICE00000000001",
  );
  // A uid does not depend on where its user or key comes in the listing.
  const prod = prodResult();
  if (prod.kind !== "audited") throw new Error("unreachable");
  const reordered: AccountResult = {
    ...prod,
    users: [...prod.users].reverse().map((u) => ({ ...u, keys: u.keys && [...u.keys].reverse() })),
  };
  const assessment = { thresholds: DEFAULT_THRESHOLDS, now: NOW, rootManagement: DISABLED };
  assert.deepEqual(
    findingOccurrences(assessAccount(reordered, assessment)).map((o) => o.uid).sort(),
    findingOccurrences(assessAccount(prod, assessment)).map((o) => o.uid).sort(),
  );
});

Deno.test("uids name the account, the subject and the code", () => {
  const uids = new Set(mapAll().map((r) => r.finding_info.uid));
  for (
    const uid of [
      "iam-audit:222222222222:user/alice:CONSOLE_WITHOUT_MFA",
      "iam-audit:222222222222:access-key/AKIAALICE00000000002:KEY_CREATED_WITH_USER",
      "iam-audit:222222222222:service-specific-credential/ACCACAROL00000000001:BEDROCK_API_KEY",
      "iam-audit:222222222222:ssh-public-key/APKACAROL00000000001:INACTIVE_CREDENTIAL",
      "iam-audit:222222222222:root:ROOT_NO_MFA",
      "iam-audit:333333333333:root:ROOT_CREDENTIALS_REMAIN",
      "iam-audit:111111111111:organization:ORG_ROOT_MANAGEMENT_OFF",
    ]
  ) {
    assert.ok(uids.has(uid), uid);
  }
  assert.equal(
    occurrenceUid("222222222222", "user/alice", "DIRECT_POLICIES"),
    "iam-audit:222222222222:user/alice:DIRECT_POLICIES",
  );
});

Deno.test("first and last seen come from the caller, and are the run's time otherwise", () => {
  const uid = "iam-audit:222222222222:user/alice:CONSOLE_WITHOUT_MFA";
  const firstSeen = ago(30);
  const records = mapAll({ seen: (u) => u === uid ? { first: firstSeen } : undefined });
  const alice = byUid(records, uid);
  assert.equal(alice.finding_info.first_seen_time, firstSeen.getTime());
  assert.equal(alice.finding_info.last_seen_time, NOW.getTime());
  const other = byUid(records, "iam-audit:222222222222:root:ROOT_NO_MFA");
  assert.equal(other.finding_info.first_seen_time, NOW.getTime());
  assert.equal(other.finding_info.last_seen_time, NOW.getTime());
  const both = mapAll({ seen: () => ({ first: ago(60), last: ago(1) }) });
  assert.ok(both.every((r) => r.finding_info.first_seen_time === ago(60).getTime()));
  assert.ok(both.every((r) => r.finding_info.last_seen_time === ago(1).getTime()));
  // Times are epoch milliseconds.
  assert.ok(records.every((r) => r.time === 1795608000000));
});

Deno.test("severities map to OCSF's: low 2, medium 3, high 4, critical 5, with their captions", () => {
  assert.deepEqual(OCSF_SEVERITY, {
    low: { id: 2, caption: "Low" },
    medium: { id: 3, caption: "Medium" },
    high: { id: 4, caption: "High" },
    critical: { id: 5, caption: "Critical" },
  });
  for (const r of mapAll()) {
    const code = r.finding_info.types[0];
    assert.equal(r.severity_id, OCSF_SEVERITY[FINDINGS[code].severity].id, code);
    assert.equal(r.severity, OCSF_SEVERITY[FINDINGS[code].severity].caption, code);
  }
  const root = byUid(mapAll(), "iam-audit:222222222222:root:ROOT_ACCESS_KEYS");
  assert.equal(root.severity_id, 5);
  assert.equal(
    byUid(mapAll(), "iam-audit:222222222222:access-key/AKIABOB0000000000001:INACTIVE_KEY").severity_id,
    2,
  );
});

Deno.test("each record cites the chosen CIS version's recommendation, or iam-audit for its own", () => {
  for (const cis of CIS_VERSIONS) {
    for (const r of mapAll({ cis })) {
      const code = r.finding_info.types[0];
      const id = cisOf(code, cis);
      assert.deepEqual(
        r.unmapped.compliance,
        id === undefined
          ? { standards: ["iam-audit"], control: code }
          : { standards: [CIS_BENCHMARKS[cis]], control: id },
        `${code} in ${cis}`,
      );
    }
  }
  const uid = "iam-audit:222222222222:access-key/AKIAALICE00000000001:KEY_NOT_ROTATED";
  assert.equal(byUid(mapAll({ cis: "7.0" }), uid).unmapped.compliance.control, "2.12");
  assert.equal(byUid(mapAll({ cis: "3.0" }), uid).unmapped.compliance.control, "1.14");
  const multiple = "iam-audit:222222222222:user/alice:MULTIPLE_ACTIVE_KEYS";
  assert.equal(byUid(mapAll({ cis: "6.0" }), multiple).unmapped.compliance.control, "2.12");
  assert.deepEqual(byUid(mapAll({ cis: "7.0" }), multiple).unmapped.compliance, {
    standards: ["iam-audit"],
    control: "MULTIPLE_ACTIVE_KEYS",
  });
});

Deno.test("titles and descriptions are in the run's language; the class, product and version are fixed", () => {
  const uid = "iam-audit:222222222222:root:ROOT_NO_MFA";
  const english = byUid(mapAll({ words: en }), uid);
  const spanish = byUid(mapAll({ words: es }), uid);
  assert.equal(english.finding_info.title, en.findings.ROOT_NO_MFA);
  assert.equal(spanish.finding_info.title, es.findings.ROOT_NO_MFA);
  assert.equal(spanish.message, es.findings.ROOT_NO_MFA);
  assert.equal(
    english.finding_info.desc,
    `${en.findings.ROOT_NO_MFA} — CIS AWS Foundations Benchmark v7.0.0 2.5`,
  );
  assert.equal(spanish.metadata.product.lang, "es");
  assert.deepEqual(english.metadata, {
    version: OCSF_VERSION,
    product: { name: "iam-audit", vendor_name: "iam-audit", version: "9.9.9", lang: "en" },
    profiles: ["cloud"],
    tenant_uid: ORG,
  });
  assert.equal(english.class_uid * 100 + english.activity_id, english.type_uid);
  assert.equal(DETECTION_FINDING.classUid * 100 + DETECTION_FINDING.activityId, DETECTION_FINDING.typeUid);
  assert.deepEqual(english.finding_info.analytic, {
    uid: "ROOT_NO_MFA",
    name: "ROOT_NO_MFA",
    type_id: 1,
    type: "Rule",
  });
});

Deno.test("the resource is the key, credential, user, root user or organization, with its IAM user", () => {
  const records = mapAll();
  const key = byUid(records, "iam-audit:222222222222:access-key/AKIAALICE00000000001:KEY_NOT_ROTATED");
  assert.equal(key.resources[0].type, "AwsIamAccessKey");
  assert.equal(key.resources[0].created_time, ago(200).getTime());
  assert.equal(key.resources[0].owner?.uid, "arn:aws:iam::222222222222:user/alice");
  assert.equal(key.resources[0].owner?.name, "alice");
  assert.equal(key.resources[0].owner?.has_mfa, false);
  assert.deepEqual(JSON.parse(JSON.stringify(key.resources[0].owner?.programmatic_credentials)), [
    { uid: "AKIAALICE00000000001", type: "Access Key", last_used_time: ago(1).getTime() },
    { uid: "AKIAALICE00000000002", type: "Access Key" },
  ]);
  assert.deepEqual(key.cloud, {
    provider: "AWS",
    cloud_partition: "aws",
    account: { uid: "222222222222", name: "Production", type_id: 10, type: "AWS Account" },
    org: { uid: ORG },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(key.unmapped.access_key)), {
    access_key_id: "AKIAALICE00000000001",
    status: "Active",
    created_time: ago(200).getTime(),
    age_days: 200,
    never_used: false,
    last_used_time: ago(1).getTime(),
    last_used_service: "s3",
    last_used_region: "eu-west-1",
  });
  assert.equal(key.unmapped.user?.mfa_status, "None");
  assert.equal(key.unmapped.user?.active_access_keys, 2);

  const neverUsed = byUid(records, "iam-audit:222222222222:access-key/AKIAALICE00000000002:KEY_UNUSED");
  assert.equal(neverUsed.unmapped.access_key?.never_used, true);
  assert.equal(neverUsed.unmapped.access_key?.last_used_service, undefined);
  assert.equal(neverUsed.unmapped.access_key?.last_used_region, undefined);

  const unread = byUid(records, "iam-audit:222222222222:access-key/AKIAERIN000000000001:INACTIVE_KEY");
  assert.equal(unread.unmapped.access_key?.never_used, false);
  assert.equal(unread.unmapped.access_key?.last_used_error, "ThrottlingException: Rate exceeded");
  assert.deepEqual(unread.unmapped.user?.read_errors, [
    "GetAccessKeyLastUsed: ThrottlingException: Rate exceeded",
  ]);

  const bedrock = byUid(
    records,
    "iam-audit:222222222222:service-specific-credential/ACCACAROL00000000001:BEDROCK_API_KEY",
  );
  assert.equal(bedrock.finding_info.desc, `${en.findings.BEDROCK_API_KEY} — iam-audit`);
  assert.equal(bedrock.resources[0].type, "AwsIamServiceSpecificCredential");
  assert.equal(bedrock.resources[0].name, "carol-models");
  assert.equal(bedrock.resources[0].owner?.has_mfa, true);
  assert.equal(bedrock.unmapped.credential?.credential_type, "service_specific_credential");
  assert.equal(bedrock.unmapped.credential?.service_name, "bedrock.amazonaws.com");
  assert.equal(bedrock.unmapped.credential?.age_days, 120);

  const userFinding = byUid(records, "iam-audit:222222222222:user/alice:DIRECT_POLICIES");
  assert.equal(userFinding.resources[0].uid, "arn:aws:iam::222222222222:user/alice");
  assert.equal(userFinding.resources[0].type, "AwsIamUser");
  assert.deepEqual(userFinding.unmapped.user?.direct_policies, [
    "arn:aws:iam::aws:policy/AdministratorAccess",
  ]);
  assert.equal(userFinding.unmapped.access_key, undefined);

  const root = byUid(records, "iam-audit:222222222222:root:ROOT_ACCESS_KEYS");
  assert.equal(root.resources[0].uid, "arn:aws:iam::222222222222:root");
  assert.equal(root.resources[0].type, "AwsAccount");
  assert.equal(root.resources[0].owner?.type, "Admin");
  assert.equal(root.resources[0].owner?.has_mfa, false);
  assert.equal(root.unmapped.root?.root_access_keys, 1);
  assert.equal(root.unmapped.root?.root_state, "no_mfa");

  const org = byUid(records, "iam-audit:111111111111:organization:ORG_ROOT_MANAGEMENT_OFF");
  assert.equal(org.resources[0].uid, ORG);
  assert.equal(org.resources[0].uid_alt, "111111111111");
  assert.equal(org.resources[0].type, "AwsOrganizationsOrganization");
  assert.equal(org.unmapped.organization?.central_root_management, "disabled");
  const orgUnknown = byUid(
    mapAll({ organizationId: undefined }),
    "iam-audit:111111111111:organization:ORG_ROOT_MANAGEMENT_OFF",
  );
  assert.equal(orgUnknown.resources[0].uid, undefined);
  assert.equal(orgUnknown.resources[0].name, "111111111111");
  assert.equal(orgUnknown.cloud.org, undefined);

  const gov = byUid(mapAll({ partition: "aws-us-gov" }), "iam-audit:222222222222:root:ROOT_NO_MFA");
  assert.equal(gov.resources[0].uid, "arn:aws-us-gov:iam::222222222222:root");
  assert.equal(gov.cloud.cloud_partition, "aws-us-gov");
});

Deno.test("a skipped or interrupted account has no findings to map", () => {
  const assessment = { thresholds: DEFAULT_THRESHOLDS, now: NOW };
  const skipped = assessAccount({ kind: "skipped", account: PROD, state: "SUSPENDED" }, assessment);
  const prod = prodResult();
  if (prod.kind !== "audited") throw new Error("unreachable");
  const interrupted = assessAccount(
    { ...prod, kind: "failed", stage: "interrupted", issues: [{ stage: "interrupted" }], root: {} },
    assessment,
  );
  assert.deepEqual(detectionFindings(skipped, context()), []);
  assert.deepEqual(detectionFindings(interrupted, context()), []);
});

Deno.test("no record holds anything like a secret", () => {
  const text = mapAll().map((r) => JSON.stringify(r)).join("\n");
  // A secret access key is 40 base64 characters; session tokens are longer still.
  assert.doesNotMatch(text, /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40,}(?![A-Za-z0-9/+=])/);
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        names.add(k);
        walk(x);
      }
    }
  };
  mapAll().forEach(walk);
  for (const name of names) assert.doesNotMatch(name, /secret|token|private/i);
});
