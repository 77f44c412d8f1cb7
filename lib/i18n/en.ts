/**
 * English (`--lang en`).
 *
 * @module
 */
import type { Change } from "../compare/diff.ts";
import { clause, type CredentialSource, type FileProblem, type ItemKind, type Words } from "./words.ts";

const source = (s: CredentialSource) =>
  "profile" in s ? `profile "${s.profile}"` : "the default credential chain";
const login = (s: CredentialSource) =>
  "profile" in s ? `aws sso login --profile ${s.profile}` : "aws sso login";
const problem = (p: FileProblem) =>
  "alreadyExists" in p ? "it already exists" : "permissionDenied" in p ? "permission denied" : p.other;
const ITEMS: Record<ItemKind, string> = {
  accountId: "a 12-digit account id",
  ouId: "an organizational unit id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)",
  eventName: "a CloudTrail event name",
};

/** Every English word of iam-audit. */
export const en: Words = {
  lang: "en",
  terms: {
    passwordConfigured: "Configured",
    passwordNotConfigured: "Not configured",
    passwordNever: "Never",
    keyNeverUsed: "Never used",
    incompleteUsers: (n) => `${n} user(s) could not be read completely`,
    accountNotActive: (state) => `account state is ${state}`,
    interrupted: "interrupted",
  },
  console: {
    auditingAccount: (name, id) => `Auditing account: ${name} (${id})`,
    queryingCloudTrail: (name, id) => `  Querying CloudTrail in account: ${name} (${id})`,
    totalKeys: (n) => `Total Access Keys found: ${n}`,
    noKeysFound: "No Access Keys found.",
    totalEvents: (n) => `Total CloudTrail events found: ${n}`,
    reportExported: (file) => `Report exported: ${file}`,
    eventsReportExported: (file) => `CloudTrail events report exported: ${file}`,
    accountsReportExported: (file) => `Accounts report exported: ${file}`,
    totalCredentials: (n) =>
      `Total other long-lived credentials found (service-specific, SSH keys, signing certificates): ${n}`,
    credentialsReportExported: (file) => `Credentials report exported: ${file}`,
    htmlReportExported: (file) => `HTML report exported: ${file}`,
    changesReportExported: (file) => `Changes report exported: ${file}`,
    ocsfReportExported: (file) => `OCSF findings exported: ${file}`,
    manifestNotWritten:
      "The run manifest (run_*.json) could not be written; the reports are complete, and --compare-with reads them without it.",
    skippedAccounts: (n) => `Accounts skipped because they are not active: ${n}`,
    failedAccountsHeader: (n) => `Accounts that could not be audited: ${n}`,
    failedAccount: (name, id, stage, reason) => `  ${name} (${id}) [${stage}]: ${reason}`,
    sinceOlderThanHistory: (since) =>
      `Warning: --since ${since} is older than CloudTrail's 90-day event history; ` +
      `LookupEvents returns no older events.`,
    allAudited: (n) => `Accounts audited: ${n}`,
    accountsNotFound: (ids) => `Warning: --accounts not in the organization (or outside --ou): ${ids}`,
    interrupting: "Interrupting: no more accounts are started; press Ctrl-C again to exit at once.",
    interrupted: (complete, cut) =>
      `Audit interrupted: ${complete} account(s) complete in the reports, ${cut} cut short ` +
      `(marked "interrupted" in the accounts report); the reports were saved as .partial.`,
    rootManagementUnknown: (detail) =>
      `Warning: whether the organization manages root access centrally could not be read ` +
      `(iam:ListOrganizationsFeatures: ${detail}); root findings assume it does not.`,
    partialReportsKept: "The reports are incomplete and keep their .partial names:",
    threadFailed: (reason) =>
      `Warning: a worker thread stopped (${reason}); its unfinished accounts are audited again in the main thread.`,
  },
  summary: {
    title: (benchmark) => `Findings (${benchmark})`,
    none: "No findings.",
    keys: "keys",
    credentials: "credentials",
    own: "iam-audit",
    users: "users",
    accounts: "accounts",
    top: "Accounts with the most findings:",
  },
  status: {
    accounts: "accounts",
    running: "running",
    failed: "failed",
    users: "users",
    keys: "keys",
    events: "events",
    throttled: "throttled",
    elapsed: "elapsed",
    left: "left",
    progress: "Progress",
    done: "done",
    attempt: "attempt",
    throttledMark: "(throttled)",
  },
  findings: {
    KEY_NOT_ROTATED: "Active access key older than --max-key-age days (default 90)",
    KEY_UNUSED:
      "Active access key not used for --max-unused-days days or more (never used: counted from its creation)",
    KEY_CREATED_WITH_USER: "Access key of a console user, created with the user and never used",
    INACTIVE_KEY: "Inactive access key still present (delete it)",
    MULTIPLE_ACTIVE_KEYS: "User with more than one active access key",
    PASSWORD_UNUSED:
      "Console password not used for --max-unused-days days or more (never used: counted from its creation)",
    CONSOLE_WITHOUT_MFA: "Console password without any MFA device",
    DIRECT_POLICIES: "Policies attached to the user directly instead of through groups (with --policies)",
    BEDROCK_API_KEY:
      "Amazon Bedrock API key (a long-term service-specific credential): it grants model access, which costs money",
    CREDENTIAL_NO_EXPIRY: "API key that never expires (Amazon Bedrock, CloudWatch Logs): give it an expiry",
    CREDENTIAL_NOT_ROTATED:
      "Active service-specific credential, SSH public key or signing certificate older than --max-key-age days",
    INACTIVE_CREDENTIAL:
      "Inactive or expired service-specific credential, SSH public key or signing certificate still present (delete it)",
    ROOT_ACCESS_KEYS: "The root user has access keys",
    ROOT_NO_MFA: "The root user has no MFA",
    ROOT_VIRTUAL_MFA: "The root user's MFA is virtual, not hardware",
    ROOT_SIGNING_CERTIFICATES: "The root user has X.509 signing certificates",
    ROOT_CREDENTIALS_REMAIN:
      "Root credentials remain in a member account although the organization manages root access centrally (remove them)",
    ROOT_USED: "The root user signed in to the console within the CloudTrail window",
    ORG_ROOT_MANAGEMENT_OFF:
      "The organization does not manage its member accounts' root credentials centrally (IAM centralized root access)",
  },
  html: {
    title: "IAM users and access keys audit",
    run: "Run",
    date: "Date",
    organization: "Organization",
    managementAccount: "Management account",
    caller: "Identity",
    role: "Role in accounts",
    window: "CloudTrail window",
    cloudTrailOff: "CloudTrail not queried",
    version: "Version",
    interrupted:
      "Run interrupted: this report holds only the accounts that finished before the interruption.",
    noscript: "The tables need JavaScript; the numbers and charts do not.",
    accounts: "Accounts",
    accountsAudited: "audited",
    accountsFailed: "failed",
    accountsSkipped: "skipped",
    accountsInterrupted: "interrupted",
    users: "IAM users",
    activeKeys: "Active access keys",
    keysOlderThan: (days) => `Access keys older than ${days} days`,
    keysNeverUsed: "Access keys never used",
    consoleUsersWithoutMfa: "Console users without MFA",
    accountsWithRootIssues: "Accounts with root keys or no root MFA",
    keyAgeChart: "Access key age (days)",
    active: "Active",
    inactive: "Inactive",
    findingsByAccount: (top) => `Findings by account (top ${top})`,
    noFindings: "No findings",
    mfaCoverage: "MFA coverage",
    consoleUsersWithMfa: "Console users with MFA",
    usersByMfa: "Users by MFA kind",
    rootMfa: "Root user MFA (accounts)",
    mfaHardware: "Hardware",
    mfaVirtual: "Virtual",
    mfaNone: "No MFA",
    mfaUnknown: "Unknown",
    findingsTable: "Findings",
    findingsHelp:
      "One row per access key (and per user without keys), plus one per account with root findings; highest risk first. Click a row to see all its columns.",
    legend: "Finding codes",
    code: "Code",
    cis: "CIS",
    description: "Description",
    severity: "Severity",
    count: "Count",
    severities: { critical: "critical", high: "high", medium: "medium", low: "low" },
    failedAccounts: "Accounts not audited",
    eventsTitle: "CloudTrail events",
    eventsPerDay: "Events per day",
    eventsPeak: (n) => `max ${n}`,
    benchmark: "Benchmark",
    rootManagement: "Central root access management",
    rootManagementStates: { enabled: "enabled", disabled: "disabled", unknown: "not readable" },
    otherCredentialsActive: "Other long-lived credentials, active",
    bedrockApiKeys: "Amazon Bedrock API keys, active",
    rootStates: "Root user (accounts)",
    rootStateNames: {
      no_credentials: "no credentials",
      credentials_remain: "credentials left",
      hardware_mfa: "hardware MFA",
      virtual_mfa: "virtual MFA",
      no_mfa: "no MFA",
      unknown: "unknown",
    },
    footer: (version) => `Generated by iam-audit ${version}. This file loads nothing from the network.`,
    client: {
      allAccounts: "All accounts",
      allRows: "All rows",
      anyFinding: "With any finding",
      noFinding: "Without findings",
      account: "Account",
      finding: "Finding",
      search: "Search",
      searchPlaceholder: "user, key, ARN, text…",
      risk: "Risk",
      user: "User",
      accessKey: "Key or credential",
      status: "Status",
      age: "Age (days)",
      lastUsed: "Last used",
      password: "Console password",
      mfa: "MFA",
      findings: "Findings",
      prev: "‹ Previous",
      next: "Next ›",
      first: "« First",
      last: "Last »",
      showing: "Rows {from}–{to} of {total}",
      none: "No row matches.",
      rows: "rows",
      root: "(root user)",
      accountId: "ID",
      accountState: "Account state",
      result: "Result",
      reason: "Reason",
      audited: "audited",
      failed: "failed",
      skipped: "skipped",
      interrupted: "interrupted",
      time: "Time",
      event: "Event",
      resources: "Resources",
      sourceIp: "Source IP",
      userAgent: "User agent",
      errorCode: "Error",
      region: "Region",
      eventId: "Event ID",
      allEvents: "All events",
      noneFailed: "Every active account was audited.",
      noEvents: "No events in the window.",
    },
  },
  errors: {
    roleRequired: "--role is required: the name of the audit role in each account, e.g. --role AuditRole",
    roleInvalid: (role) => `--role "${role}" is not a valid IAM role name (letters, digits and +=,.@_- only)`,
    profileInvalid: (profile) => `--profile "${profile}" is not a valid profile name`,
    regionInvalid: (region) => `--region "${region}" is not an AWS region, e.g. us-east-1`,
    langInvalid: (lang) => `--lang "${lang}" must be es or en`,
    outputDirEmpty: "--output-dir must not be empty",
    notADate: (flag, text) =>
      `${flag} "${text}" is not a date: use YYYY-MM-DD or ISO 8601 (2026-02-18T10:00:00Z)`,
    sinceInFuture: (since) => `--since ${since} is in the future`,
    sinceAfterUntil: (since, until) => `--since ${since} is after --until ${until}`,
    fileUnreadable: (flag, value, why) => `${flag} ${value}: cannot read the file (${why})`,
    itemInvalid: (flag, item, kind) => `${flag}: "${item}" is not ${ITEMS[kind]}`,
    listEmpty: (flag) => `${flag} lists nothing`,
    externalIdInvalid: "--external-id must be 2-1224 characters of letters, digits and +=,.@:/-",
    sessionNameInvalid: (name) =>
      `--session-name "${name}" must be 2-64 characters of letters, digits and +=,.@_-`,
    choiceInvalid: (flag, value, choices) => `${flag} "${value}" must be ${choices.join(" or ")}`,
    contradict: (a, b) => `${a} and ${b} contradict each other`,
    wholeNumber: (flag, text, min, max) => `${flag} "${text}" must be a whole number from ${min} to ${max}`,
    number: (flag, text, min, max) => `${flag} "${text}" must be a number from ${min} to ${max}`,
    unknownFlag: (flag) => `unknown flag ${flag}; see --help`,
    needsValue: (flag) => `${flag} needs a value; see --help`,
    unexpectedArgument: (arg) => `unexpected argument "${arg}"; flags start with --, see --help`,
    badCommandLine: (detail) => `${detail}; see --help`,
    emptyScope: (notFound, excluded) =>
      "no account to audit: " + [
        ...(notFound.length > 0
          ? [
            `--accounts ${notFound.join(", ")} ${
              notFound.length === 1 ? "is" : "are"
            } not in the organization (or outside --ou)`,
          ]
          : []),
        ...(excluded.length > 0 ? [`--exclude-accounts removes ${excluded.join(", ")}`] : []),
        ...(notFound.length + excluded.length === 0 ? ["--ou and --exclude-accounts leave none"] : []),
      ].join("; ") + "; check the ids with `aws organizations list-accounts`.",
    compareMissing: (flag, path) => `${flag} "${path}": no such file or folder`,
    compareNotAReport: (flag, path) => `${flag} "${path}" is not one of iam-audit's reports`,
    compareNoRun: (flag, path) =>
      `${flag} "${path}" holds no complete run of iam-audit (an iam_audit_report_*.csv or .jsonl)`,
    comparePartial: (flag, path) =>
      `${flag} "${path}": the run is partial (interrupted or stopped); compare with a complete run`,
    compareUnreadable: (flag, path, why) => `${flag}: "${path}" cannot be read (${clause(why)})`,
    ouNotFound: (ou) =>
      `--ou ${ou}: no such organizational unit in this organization; check the id with ` +
      "`aws organizations list-organizational-units-for-parent`.",
    outputDirMissing: (dir) => `--output-dir "${dir}" does not exist: create it or choose another folder.`,
    outputDirUnreadable: (dir, why) =>
      `--output-dir "${dir}" cannot be read (${why}): choose another folder.`,
    outputDirNotAFolder: (dir) => `--output-dir "${dir}" is not a folder.`,
    outputDirNotWritable: (dir, why) =>
      `--output-dir "${dir}" is not writable (${why}): choose another folder.`,
    tempDirUnusable: (dir, why) =>
      `Cannot create a temporary folder in "${dir}" (${why}): set TMPDIR to a writable folder.`,
    reportNotCreated: (path, p) =>
      `Cannot create the report "${path}" (${problem(p)}): choose a writable --output-dir.`,
    reportWriteFailed: (path, reason) =>
      `Cannot write the report "${path}" (${clause(reason)}): the reports keep what was written so far, ` +
      "under their .partial names; free space or choose another --output-dir and run again.",
    spoolFailed: (path, reason) =>
      `Cannot use the temporary file "${path}" (${
        clause(reason)
      }): the reports keep what was written so far, ` +
      "under their .partial names; free space in the temporary folder (TMPDIR) and run again.",
    configLineInvalid: ({ file, line, section, key }) =>
      `${file} line ${line} is not valid${
        section !== undefined
          ? ` (${JSON.stringify(section)})`
          : key !== undefined
          ? ` (the setting ${key})`
          : ""
      }: fix the file (aws configure edits it safely) and try again.`,
    ssoExpired: (s) =>
      `The SSO session of ${source(s)} has expired or is invalid: run \`${login(s)}\` and try again.`,
    profileNotFound: (profile) =>
      `AWS profile "${profile}" was not found in ~/.aws/config or ~/.aws/credentials: ` +
      `check the name with \`aws configure list-profiles\`, or create it with \`aws configure --profile ${profile}\`.`,
    noCredentials: "No AWS credentials were found: pass --profile NAME (see `aws configure list-profiles`) " +
      "or configure credentials with `aws configure`.",
    credentialsExpired: (s) =>
      `The credentials of ${source(s)} have expired: ${
        "profile" in s ? `run \`${login(s)}\` or ` : ""
      }renew them and try again.`,
    credentialsRejected: (s, detail) =>
      `AWS rejected the credentials of ${source(s)} (${detail}): check the profile's keys or session.`,
    awsUnreachable: (detail) =>
      `Could not reach AWS (${detail}): check the network, the proxy (HTTPS_PROXY, NO_PROXY), ` +
      "the CA bundle (AWS_CA_BUNDLE) and AWS_ENDPOINT_URL.",
    configUnreadable: (detail) =>
      `The AWS configuration could not be read (${detail}): check ~/.aws/config and ~/.aws/credentials.`,
    credentialsFailed: (s, detail) => `Could not obtain credentials for ${source(s)}: ${clause(detail)}.`,
    organizationsDenied:
      "The credentials cannot list the organization's accounts (organizations:ListAccounts was denied): " +
      "use a profile of the management account (or a delegated administrator) whose policy allows " +
      "organizations:ListAccounts.",
    organizationsNotInUse:
      "This account is not a member of an AWS Organization: use a profile of the organization's management account.",
    organizationUnavailable: (detail) => `Could not list the organization's accounts: ${clause(detail)}.`,
    unexpected: (detail) => `unexpected error: ${detail}`,
    runWithDebug: "Run again with --debug to see the details, and report it.",
  },
  help: {
    tagline: "audit IAM users and access keys across every account of an AWS Organization.",
    usage: "Usage:",
    groups: {
      required: "Required:",
      credentials: "Credentials and roles:",
      scope: "Scope:",
      findings: "Findings:",
      output: "Output:",
      speed: "Speed and limits:",
      other: "",
    },
    flags: {
      role: "Role assumed in each member account (arn:aws:iam::<id>:role/NAME), " +
        "e.g. AWSControlTowerExecution or OrganizationAccountAccessRole.",
      profile: "AWS profile of the management account (static, SSO, credential_process or assume-role). " +
        "Default: the SDK's default credential chain.",
      externalId: "ExternalId passed to AssumeRole. Default: none.",
      sessionName: "RoleSessionName of AssumeRole.",
      accounts:
        "Only these accounts: ids separated by commas, or @FILE (one or more per line, # comments). " +
        "Default: every account.",
      excludeAccounts: "Never these accounts (same syntax).",
      ous: "Only accounts under these organizational units, recursively (ou-... or r-...).",
      events: "CloudTrail event names to look up, comma-separated.",
      noCloudTrail: "Do not read CloudTrail (no events, no root sign-in check).",
      region: "Region of the CloudTrail lookups (and of STS).",
      since: "Start of the CloudTrail window, YYYY-MM-DD or ISO 8601. Default: 90 days ago.",
      until: "End of the CloudTrail window. Default: now.",
      policies: "Also read policies attached directly to users (DIRECT_POLICIES).",
      maxKeyAge: "An active key (or other long-lived credential) older than this is not rotated.",
      maxUnusedDays: "A credential unused this long is KEY_UNUSED / PASSWORD_UNUSED.",
      cis: "Version of the CIS AWS Foundations Benchmark whose recommendation numbers the findings cite.",
      outputDir: "Folder for the reports (it must exist). Default: the current directory.",
      format: "Format of the tabular reports.",
      ocsf: "Also write every finding as an OCSF 1.6 Detection Finding (findings_STAMP.ocsf.jsonl).",
      compareWith: "A previous run's reports (their folder: its newest complete run; or one of its files): " +
        "also write what changed since then (changes_STAMP.csv).",
      html: "Write the HTML report (the default).",
      noHtml: "Do not write the HTML report.",
      lang: "Language of the console, the messages and the reports' words.",
      quiet: "Print only errors and the final file names.",
      verbose: "Also print every AWS call's attempts and timings.",
      debug: "Show the cause and stack of errors.",
      concurrency: "AWS requests in flight at most; 1 audits one request at a time, like the original.",
      accountsInFlight: "Accounts audited at once at most: half --concurrency to begin with, more while " +
        "the requests in flight are not busy (when AWS's rates bind).",
      threads: "Worker threads auditing accounts (one per two cores, at most 4; 1: the main thread " +
        "alone): each takes accounts as it has room, with its share of --concurrency and " +
        "--accounts-in-flight; organizations of 16 accounts or fewer are audited in the main thread.",
      userConcurrency: "Users audited at once in one account.",
      iamRps: "IAM requests per second per account, all actions together, at most: lowered while IAM " +
        "throttles, raised again step by step.",
      cloudTrailRps: "CloudTrail LookupEvents per second per account, at most 2 (lowered likewise).",
      maxAttempts: "Attempts per AWS request before giving up.",
      requestTimeout: "Seconds before one HTTP request is abandoned and retried.",
      help: "Show this help.",
      version: "Show the version.",
    },
    defaultIs: (value) => `Default: ${value}.`,
    reportsTitle: "Reports (same UTC timestamp, in --output-dir, mode 0600; .jsonl with --format jsonl):",
    reports: {
      iam: "one row per access key, and per user without keys",
      events: "the IAM events of the window",
      accounts: "one row per account: audited, failed or skipped, and why",
      credentials: "one row per service-specific credential, SSH public key and signing certificate",
      changes: "with --compare-with: one row per change since the previous run",
      manifest: "what the run was asked to do (scope, window, thresholds), for later comparisons",
      ocsf: "with --ocsf: every finding as an OCSF 1.6 Detection Finding",
      html: "a self-contained page to read it all",
    },
    exitCodes: "Exit codes: 0 all accounts audited; 1 could not start; 2 usage; 3 some accounts failed;\n" +
      "            4 reports could not be written; 130 interrupted (reports kept as *.partial.*).",
    examples: "Examples:",
  },
  changes: {
    title: (date, total) => `Since the previous audit (${date}): ${total} change(s)`,
    none: "Nothing changed.",
    kinds: {
      account_added: "accounts added",
      account_removed: "accounts removed",
      account_state_changed: "accounts whose state changed",
      user_added: "users added",
      user_removed: "users removed",
      credential_added: "keys and credentials added",
      credential_removed: "keys and credentials removed",
      credential_status_changed: "keys and credentials whose status changed",
      password_added: "console passwords created",
      password_removed: "console passwords deleted",
      mfa_changed: "users whose MFA changed",
      root_changed: "root users whose state changed",
      root_management_changed: "central root access management changed",
      finding_opened: "findings opened",
      finding_resolved: "findings resolved",
    },
    worst: "Most severe:",
    describe: (c) => {
      const arrow = `${c.before ?? "-"} → ${c.after ?? "-"}`;
      const what: Record<Exclude<Change["kind"], "not_compared">, string> = {
        account_added: "account added",
        account_removed: "account removed",
        account_state_changed: `account state ${arrow}`,
        user_added: "user added",
        user_removed: "user removed",
        credential_added: "added",
        credential_removed: "removed",
        credential_status_changed: `status ${arrow}`,
        password_added: "console password created",
        password_removed: "console password deleted",
        mfa_changed: `MFA ${arrow}`,
        root_changed: `root user ${arrow}`,
        root_management_changed: `central root access management ${arrow}`,
        finding_opened: `${c.finding} opened`,
        finding_resolved: `${c.finding} resolved`,
      };
      const on = [
        c.credentialId
          ? `${c.credentialType === "access_key" ? "access key" : c.credentialType} ${c.credentialId}`
          : "",
        c.user ? `${c.credentialId ? "of " : "user "}${c.user}` : "",
        c.account ? `${c.user || c.credentialId ? "in " : ""}${c.account.name} (${c.account.id})` : "",
      ].filter((p) => p !== "").join(" ");
      return c.kind === "not_compared" ? `not compared (${c.reason}): ${on}` : `${on}: ${what[c.kind]}`;
    },
    notCompared: {
      outside_previous_scope: (n) => `${n} account(s) not compared: outside the previous run's scope`,
      outside_current_scope: (n) => `${n} account(s) not compared: outside this run's scope (or not reached)`,
      incomplete_previous: (n) => `${n} account(s) not compared: not audited completely in the previous run`,
      incomplete_current: (n) => `${n} account(s) not compared: not audited completely in this run`,
      no_credentials_before: (n) =>
        `${n} account(s): other long-lived credentials not compared (the previous run did not inventory them)`,
      no_findings_before: () => "findings not compared: the previous reports carry none",
      thresholds_differ: () => "the runs' thresholds differ: some findings opened or resolved with them",
      window_differs: () => "the runs' CloudTrail windows differ: ROOT_USED follows the window",
    },
  },
};
