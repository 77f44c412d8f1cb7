/**
 * Generates large, realistic organizations for load and scale tests, deterministically from a seed.
 *
 * @module
 */

import type {
  AccessKey,
  Account,
  AccountState,
  CloudTrailEvent,
  MfaDevice,
  OrganizationalUnit,
  Scenario,
  ServiceSpecificCredential,
  User,
} from "./scenario.ts";
import { Prng } from "./prng.ts";

/** Parameters of {@link generateOrganization}. */
export interface GenerateOptions {
  /** Number of accounts, the management account included (at least 1). */
  accounts: number;
  usersPerAccount: number;
  seed: number | string;
  /** CloudTrail events per reachable account; default 20. */
  eventsPerAccount?: number;
  /** The generated organization's "today": every date is before it, events within its last 90 days. */
  now?: Date | string;
}

/** Role the generator creates in reachable member accounts. */
export const GENERATED_ROLE = "OrganizationAccountAccessRole";

const DAY = 86_400_000;
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const FIRST = [
  "ana",
  "ben",
  "chen",
  "dara",
  "eli",
  "fatima",
  "gus",
  "hana",
  "ivan",
  "jo",
  "kai",
  "lena",
  "mo",
  "nia",
  "omar",
  "pia",
  "quinn",
  "raj",
  "sara",
  "tom",
  "uma",
  "vik",
  "wen",
  "yusuf",
  "zoe",
];
const LAST = [
  "silva",
  "smith",
  "kim",
  "nguyen",
  "garcia",
  "muller",
  "rossi",
  "khan",
  "sato",
  "novak",
  "okafor",
  "berg",
  "diaz",
  "ito",
  "weber",
];
const SERVICES = ["s3", "ec2", "sts", "iam", "lambda", "dynamodb", "cloudformation", "ecr", "logs", "sqs"];
const REGIONS = [
  "us-east-1",
  "us-east-1",
  "us-east-1",
  "eu-west-1",
  "us-west-2",
  "eu-central-1",
  "ap-southeast-2",
];
const OU_NAMES = [
  "Workloads",
  "Infrastructure",
  "Security",
  "Sandbox",
  "Platform",
  "Data",
  "Shared",
  "Teams",
];
const CHILD_OU_NAMES = [
  "Prod",
  "NonProd",
  "Dev",
  "Test",
  "Staging",
  "Analytics",
  "Network",
  "Tools",
  "Legacy",
  "Research",
];
const USER_AGENTS = [
  "aws-cli/2.22.4 Python/3.12.6 Linux/6.8.0 exe/x86_64",
  "aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#22.11.0",
  "Boto3/1.35.70 md/Botocore#1.35.70 ua/2.0 os/linux lang/python#3.12.7",
  "terraform-provider-aws/5.80.0 (+https://registry.terraform.io/providers/hashicorp/aws)",
];
const CONSOLE_UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

/** User kinds and their weights (out of 100). */
const KINDS: [UserKind, number][] = [
  ["consoleVirtualMfa", 24],
  ["consoleFido", 8],
  ["consoleHardwareMfa", 5],
  ["consoleNoMfa", 12],
  ["programmatic", 19],
  ["programmaticTwoKeys", 7],
  ["inactiveKey", 5],
  ["neverUsedKey", 6],
  ["passwordNeverUsed", 5],
  ["twoMfa", 4],
  ["formulaName", 3],
  ["consoleWithKey", 2],
];

type UserKind =
  | "consoleVirtualMfa"
  | "consoleFido"
  | "consoleHardwareMfa"
  | "consoleNoMfa"
  | "programmatic"
  | "programmaticTwoKeys"
  | "inactiveKey"
  | "neverUsedKey"
  | "passwordNeverUsed"
  | "twoMfa"
  | "formulaName"
  | "consoleWithKey";

/** Builds one organization; all state lives in the generator so helpers stay small. */
class Generator {
  readonly r: Prng;
  readonly nowMs: number;
  readonly startMs = Date.parse("2024-01-01T00:00:00Z");
  #accountIds = new Set<string>();

  constructor(seed: number | string, now: Date | string) {
    this.r = new Prng(seed);
    this.nowMs = new Date(now).getTime();
  }

  iso(ms: number): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  }

  /** A time between `fromMs` and `toMs`. */
  between(fromMs: number, toMs: number): number {
    return fromMs + this.r.next() * Math.max(0, toMs - fromMs);
  }

  accountId(): string {
    for (;;) {
      const id = String(this.r.between(1, 9)) + this.r.chars("0123456789", 11);
      if (!this.#accountIds.has(id)) {
        this.#accountIds.add(id);
        return id;
      }
    }
  }

  kind(): UserKind {
    let n = this.r.int(100);
    for (const [kind, weight] of KINDS) {
      if (n < weight) return kind;
      n -= weight;
    }
    return "programmatic";
  }

  key(createdMs: number, status: "Active" | "Inactive", used: boolean): AccessKey {
    const key: AccessKey = { id: "AKIA" + this.r.chars(B32, 16), status, createDate: this.iso(createdMs) };
    if (used) {
      // Most keys are in daily use; some have gone stale.
      const usedMs = this.r.chance(0.7)
        ? this.between(this.nowMs - 7 * DAY, this.nowMs - 3600_000)
        : this.between(createdMs, this.nowMs);
      key.lastUsed = { date: this.iso(usedMs), service: this.r.pick(SERVICES), region: this.r.pick(REGIONS) };
    }
    return key;
  }

  mfa(accountId: string, name: string, type: "virtual" | "fido" | "hardware", createdMs: number): MfaDevice {
    const serialNumber = type === "virtual"
      ? `arn:aws:iam::${accountId}:mfa/${name}`
      : type === "fido"
      ? `arn:aws:iam::${accountId}:u2f/user/${name}/security-key-${this.r.chars(B32, 8)}`
      : `GAHT${this.r.chars("0123456789", 8)}`;
    return { serialNumber, enableDate: this.iso(this.between(createdMs, createdMs + 2 * DAY)) };
  }

  user(accountId: string, name: string, kind: UserKind): User {
    const createdMs = this.between(this.startMs, this.nowMs - 2 * DAY);
    const console = !kind.startsWith("programmatic") && kind !== "inactiveKey" && kind !== "neverUsedKey";
    const user: User = { name, createDate: this.iso(createdMs), accessKeys: [], mfaDevices: [] };
    if (this.r.chance(0.15)) {
      user.path = this.r.pick(["/engineering/", "/service-accounts/", "/contractors/"]);
    }
    if (console) {
      user.loginProfile = { createDate: this.iso(createdMs) };
      if (kind === "passwordNeverUsed") {
        if (this.r.chance(0.5)) user.loginProfile.passwordResetRequired = true;
      } else {
        user.passwordLastUsed = this.iso(
          this.between(Math.max(createdMs, this.nowMs - 400 * DAY), this.nowMs),
        );
      }
    }
    switch (kind) {
      case "consoleVirtualMfa":
        user.mfaDevices.push(this.mfa(accountId, name, "virtual", createdMs));
        break;
      case "consoleFido":
        user.mfaDevices.push(this.mfa(accountId, name, "fido", createdMs));
        break;
      case "consoleHardwareMfa":
        user.mfaDevices.push(this.mfa(accountId, name, "hardware", createdMs));
        break;
      case "twoMfa":
        user.mfaDevices.push(
          this.mfa(accountId, name, "virtual", createdMs),
          this.mfa(accountId, name, "fido", createdMs),
        );
        break;
      case "programmatic":
      case "formulaName":
        user.accessKeys.push(this.key(createdMs, "Active", true));
        break;
      case "programmaticTwoKeys":
        user.accessKeys.push(
          this.key(createdMs, "Active", true),
          this.key(this.between(createdMs, this.nowMs), "Active", true),
        );
        break;
      case "inactiveKey":
        user.accessKeys.push(this.key(createdMs, "Inactive", this.r.chance(0.7)));
        break;
      case "neverUsedKey":
        user.accessKeys.push(this.key(this.between(createdMs, this.nowMs), "Active", false));
        break;
      case "consoleWithKey":
        user.accessKeys.push(this.key(createdMs, "Active", true));
        break;
    }
    if (this.r.chance(0.3)) {
      user.attachedPolicies = [
        this.r.pick([
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
          "arn:aws:iam::aws:policy/AdministratorAccess",
          "arn:aws:iam::aws:policy/PowerUserAccess",
        ]),
      ];
    }
    if (this.r.chance(0.1)) user.inlinePolicies = ["inline-" + this.r.chars(ALNUM, 6)];
    if (this.r.chance(0.4)) user.groups = [this.r.pick(["Developers", "Admins", "ReadOnly", "Billing"])];
    return user;
  }

  userName(kind: UserKind, taken: Set<string>): string {
    for (let attempt = 0;; attempt++) {
      let base: string;
      if (kind === "formulaName") {
        base = this.r.pick(["=", "@", "+", "-"]) + this.r.pick(FIRST) + this.r.pick(["", "+1", "-ops"]);
      } else if (kind.startsWith("programmatic") || kind === "neverUsedKey") {
        base = `svc-${this.r.pick(SERVICES)}-${this.r.chars(ALNUM, 4)}`;
      } else base = `${this.r.pick(FIRST)}.${this.r.pick(LAST)}`;
      const name = attempt === 0 ? base : `${base}${attempt}`;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  }

  event(accountId: string, users: User[], interesting: boolean): CloudTrailEvent {
    const timeMs = this.between(this.nowMs - 89 * DAY, this.nowMs - 60_000);
    const actor = users.length > 0 && this.r.chance(0.6) ? this.r.pick(users).name : "admin";
    const assumed = actor === "admin";
    const base = {
      eventId: [8, 4, 4, 4, 12].map((n) => this.r.chars(HEX, n)).join("-"),
      eventTime: this.iso(timeMs),
      awsRegion: "us-east-1",
      eventSource: "iam.amazonaws.com",
      username: actor,
      userIdentityType: assumed ? "AssumedRole" as const : "IAMUser" as const,
      accessKeyId: (assumed ? "ASIA" : "AKIA") + this.r.chars(B32, 16),
      sourceIPAddress: `${this.r.between(1, 223)}.${this.r.int(256)}.${this.r.int(256)}.${
        this.r.between(1, 254)
      }`,
      userAgent: this.r.pick(USER_AGENTS),
      readOnly: false,
    };
    const target = users.length > 0 && this.r.chance(0.5)
      ? this.r.pick(users).name
      : `${this.r.pick(FIRST)}.${this.r.pick(LAST)}-${this.r.chars(ALNUM, 3)}`;
    const user = { type: "AWS::IAM::User", name: target };
    if (interesting) {
      const name = this.r.pick([
        "CreateUser",
        "DeleteUser",
        "CreateAccessKey",
        "DeleteAccessKey",
        "DeleteLoginProfile",
      ]);
      const key = { type: "AWS::IAM::AccessKey", name: "AKIA" + this.r.chars(B32, 16) };
      const event: CloudTrailEvent = {
        ...base,
        eventName: name,
        resources: name.endsWith("AccessKey") ? [key, user] : [user],
      };
      if (this.r.chance(0.05)) {
        event.errorCode = "AccessDenied";
        event.errorMessage =
          `User: arn:aws:iam::${accountId}:user/${actor} is not authorized to perform: iam:${name}`;
      }
      return event;
    }
    switch (this.r.int(5)) {
      case 0:
        return {
          ...base,
          eventName: "ConsoleLogin",
          eventSource: "signin.amazonaws.com",
          userAgent: CONSOLE_UA,
          accessKeyId: undefined,
          awsRegion: this.r.pick(REGIONS),
          resources: [],
        };
      case 1:
        return {
          ...base,
          eventName: "ConsoleLogin",
          eventSource: "signin.amazonaws.com",
          username: "root",
          userIdentityType: "Root",
          userAgent: CONSOLE_UA,
          accessKeyId: undefined,
          resources: [],
        };
      case 2:
        return {
          ...base,
          eventName: this.r.pick(["ListUsers", "GetAccountSummary", "ListAccessKeys"]),
          readOnly: true,
          resources: [],
        };
      case 3:
        return {
          ...base,
          eventName: "RunInstances",
          eventSource: "ec2.amazonaws.com",
          awsRegion: this.r.pick(REGIONS.slice(3)),
          resources: [{ type: "AWS::EC2::Instance", name: "i-" + this.r.chars(HEX, 17) }],
        };
      default:
        return { ...base, eventName: "UpdateUser", resources: [user] };
    }
  }

  ouTree(orgSuffix: string, accountIds: string[]): OrganizationalUnit {
    const root: OrganizationalUnit = {
      id: `r-${orgSuffix.slice(0, 4)}`,
      name: "Root",
      accountIds: [],
      children: [],
    };
    const all: OrganizationalUnit[] = [];
    const make = (name: string): OrganizationalUnit => {
      const unit = {
        id: `ou-${orgSuffix.slice(0, 4)}-${this.r.chars(ALNUM, 8)}`,
        name,
        accountIds: [],
        children: [],
      };
      all.push(unit);
      return unit;
    };
    const top = Math.min(OU_NAMES.length, 3 + this.r.int(4));
    for (let i = 0; i < top; i++) {
      const ou = make(OU_NAMES[i]);
      root.children.push(ou);
      for (let j = this.r.int(4); j > 0; j--) {
        const child = make(this.r.pick(CHILD_OU_NAMES));
        ou.children.push(child);
        if (this.r.chance(0.4)) {
          const grandchild = make(this.r.pick(CHILD_OU_NAMES));
          child.children.push(grandchild);
          if (this.r.chance(0.3)) grandchild.children.push(make(this.r.pick(CHILD_OU_NAMES)));
        }
      }
    }
    for (const id of accountIds) {
      if (this.r.chance(0.05)) root.accountIds.push(id);
      else this.r.pick(all).accountIds.push(id);
    }
    return root;
  }

  state(): { state: AccountState; status?: Account["status"]; omitState?: boolean } {
    const n = this.r.int(100);
    if (n < 3) return { state: "SUSPENDED" };
    if (n < 5) return { state: "PENDING_CLOSURE" };
    if (n < 6) return { state: "CLOSED", status: "SUSPENDED" };
    if (n < 8) return { state: "ACTIVE", status: "ACTIVE", omitState: true };
    return { state: "ACTIVE" };
  }
}

/** A deterministic organization of `accounts` accounts with `usersPerAccount` users each. */
export function generateOrganization(options: GenerateOptions): Scenario {
  if (!(options.accounts >= 1)) throw new Error("accounts must be at least 1");
  const g = new Generator(options.seed, options.now ?? "2026-11-25T00:00:00Z");
  const eventsPerAccount = options.eventsPerAccount ?? 20;
  const orgSuffix = g.r.chars(ALNUM, 10);
  const ids = Array.from({ length: options.accounts }, () => g.accountId());
  const management = ids[0];
  const accounts: Account[] = ids.map((id, index) => {
    const isManagement = index === 0;
    const { state, status, omitState } = isManagement ? { state: "ACTIVE" as const } : g.state();
    const reachable = !isManagement && state === "ACTIVE" && !g.r.chance(0.03);
    const taken = new Set<string>();
    const users: User[] = [];
    if (isManagement) {
      taken.add("auditor");
      users.push({ name: "auditor", createDate: "2024-01-02T00:00:00Z", accessKeys: [], mfaDevices: [] });
    }
    while (users.length < options.usersPerAccount) {
      const kind = g.kind();
      users.push(g.user(id, g.userName(kind, taken), kind));
    }
    const events: CloudTrailEvent[] = [];
    for (let i = 0; i < eventsPerAccount; i++) events.push(g.event(id, users, g.r.chance(0.5)));
    const rootMfa = g.r.next();
    const account: Account = {
      id,
      name: isManagement ? "Management" : `account-${String(index).padStart(4, "0")}`,
      email: `aws+${id}@example.com`,
      state,
      joinedTimestamp: g.iso(g.between(g.startMs - 365 * DAY, g.startMs)),
      roles: reachable ? [GENERATED_ROLE] : [],
      users,
      events,
      root: {
        mfa: rootMfa < 0.6 ? "virtual" : rootMfa < 0.8 ? "hardware" : "none",
        accessKeysPresent: g.r.chance(0.05) ? 1 : 0,
      },
    };
    if (status) account.status = status;
    if (omitState) account.omitState = true;
    if (isManagement) account.joinedMethod = "INVITED";
    return account;
  });
  addLongLivedCredentials(accounts, options.seed, g.nowMs);
  const mgmtKey = "AKIA" + g.r.chars(B32, 16);
  accounts[0].users[0].accessKeys.push({
    id: mgmtKey,
    status: "Active",
    createDate: "2024-01-02T00:00:00Z",
    lastUsed: { date: g.iso(g.nowMs - 3600_000), service: "organizations", region: "us-east-1" },
  });
  return {
    organizationId: `o-${orgSuffix}`,
    managementAccountId: management,
    managementCredentials: {
      accessKeyId: mgmtKey,
      secretAccessKey: g.r.chars(SECRET, 40),
      arn: `arn:aws:iam::${management}:user/auditor`,
    },
    root: g.ouTree(orgSuffix, ids),
    accounts,
    rootAccessManagement: { enabled: true, features: ["RootCredentialsManagement", "RootSessions"] },
  };
}

/** How a user's long-lived credentials beyond access keys are drawn: thresholds out of 1. */
const LONG_LIVED_KINDS: [number, "codecommit" | "keyspaces" | "bedrock" | "logs" | "ssh" | "certificate"][] =
  [
    [0.03, "codecommit"],
    [0.045, "keyspaces"],
    [0.085, "bedrock"],
    [0.095, "logs"],
    [0.11, "ssh"],
    [0.12, "certificate"],
  ];

/**
 * Gives a few users service-specific credentials, SSH keys or signing certificates, and takes the
 * credentials away from some member accounts' roots. It draws from its own generator, so every
 * user, key, event and count drawn before stays exactly what it was.
 */
function addLongLivedCredentials(accounts: Account[], seed: number | string, nowMs: number): void {
  const r = new Prng(`${seed}/long-lived`);
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const since = (user: User) =>
    Date.parse(user.createDate) + r.next() * (nowMs - Date.parse(user.createDate));
  const credential = (
    serviceName: string,
    createdMs: number,
    fields: Partial<ServiceSpecificCredential> = {},
  ): ServiceSpecificCredential => ({
    id: "ACCA" + r.chars(B32, 17),
    serviceName,
    status: r.chance(0.15) ? "Inactive" : "Active",
    createDate: iso(createdMs),
    ...fields,
  });
  for (const [index, account] of accounts.entries()) {
    for (const user of account.users) {
      if (index === 0 && user.name === "auditor") continue;
      const draw = r.next();
      const kind = LONG_LIVED_KINDS.find(([threshold]) => draw < threshold)?.[1];
      switch (kind) {
        case "codecommit":
          user.serviceSpecificCredentials = [credential("codecommit.amazonaws.com", since(user))];
          if (r.chance(0.5)) {
            user.sshPublicKeys = [{
              id: "APKA" + r.chars(B32, 16),
              status: "Active",
              uploadDate: iso(since(user)),
            }];
          }
          break;
        case "keyspaces":
          user.serviceSpecificCredentials = [credential("cassandra.amazonaws.com", since(user))];
          break;
        case "bedrock": {
          // Without expiry, expiring soon, or past its expiry (served Expired, or stored so).
          const shape = r.int(4);
          if (shape === 0) {
            user.serviceSpecificCredentials = [credential("bedrock.amazonaws.com", since(user))];
            break;
          }
          const days = r.pick([30, 90, 365]);
          const createdMs = Math.max(
            Date.parse(user.createDate),
            shape === 1 ? nowMs - r.next() * (days - 1) * DAY : nowMs - (days + 1 + r.int(200)) * DAY,
          );
          user.serviceSpecificCredentials = [credential("bedrock.amazonaws.com", createdMs, {
            expirationDate: iso(createdMs + days * DAY),
            ...(shape === 3 ? { status: "Expired" as const } : {}),
          })];
          break;
        }
        case "logs": {
          const createdMs = nowMs - r.next() * 80 * DAY;
          user.serviceSpecificCredentials = [
            credential("logs.amazonaws.com", createdMs, { expirationDate: iso(createdMs + 90 * DAY) }),
          ];
          break;
        }
        case "ssh":
          user.sshPublicKeys = [{
            id: "APKA" + r.chars(B32, 16),
            status: r.chance(0.3) ? "Inactive" : "Active",
            uploadDate: iso(since(user)),
          }];
          break;
        case "certificate":
          user.signingCertificates = [{
            id: r.chars(B32, 28),
            status: r.chance(0.3) ? "Inactive" : "Active",
            uploadDate: iso(since(user)),
          }];
          break;
      }
    }
    const root = account.root!;
    // Centralized root access removes member accounts' root credentials; the management account keeps its own.
    if (index > 0 && root.mfa === "none" && root.accessKeysPresent === 0 && r.chance(0.6)) {
      root.password = false;
    } else if (r.chance(0.03)) root.signingCertificates = 1;
  }
}
