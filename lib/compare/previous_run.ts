/**
 * An earlier run, read back from its reports for `--compare-with`: the folder (its newest complete run)
 * or any one report file of the run; CSV or JSON Lines; this version's reports, an earlier version's
 * (no credentials report, no root state, no manifest), or the original tool's IAM report alone, as far
 * as their columns carry the data.
 *
 * Reading reports back is what comparing runs is: these files are this module's input, not the current
 * run's output, so their cells (in whichever language they were written) are parsed here and only here.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { UsageError } from "../errors/audit_error.ts";
import { en } from "../i18n/en.ts";
import { es } from "../i18n/es.ts";
import type { RunManifest } from "../report/manifest.ts";
import { readLines } from "../util/lines.ts";
import { ACCESS_KEY, type AccountSnapshot, scopeOf } from "./snapshot.ts";

/** A report file's name: what it is, the run's stamp (and its `-N` when the name was taken), whether partial. */
const REPORT_NAME =
  /^(iam_audit_report|cloudtrail_events|accounts|credentials|run|changes|findings)_(\d{8}_\d{6}(?:-\d+)?)(\.partial)?\.(ocsf\.jsonl|csv|jsonl|json|html)$/;

/** An earlier run, as its reports tell it. */
export interface PreviousRun {
  /** The folder and the run's stamp, as its file names give it. */
  dir: string;
  stamp: string;
  /** When it started: the manifest's time, else the stamp's. */
  startedAt: Date;
  manifest?: RunManifest;
  /** Every account it reported (or, from the original tool's report, every account with a user). */
  accounts: Map<string, AccountSnapshot>;
  /** Whether its reports carry findings (the original tool's do not). */
  findings: boolean;
  /** Whether it inventoried other long-lived credentials (a credentials report). */
  credentials: boolean;
  /** Whether it has an accounts report (and so knows accounts without users, root users, results). */
  accountsReport: boolean;
  /**
   * When each finding was first seen, by its OCSF uid, as the run's OCSF file (`--ocsf`) says; absent
   * without one. The OCSF file of this run carries it on.
   */
  firstSeen?: Map<string, number>;
}

type Row = Record<string, unknown>;

/**
 * Finds and reads the earlier run a path names.
 *
 * @param path a folder of reports (its newest complete run is taken) or one report file of the run
 * @param exclude the current run's stamp, when it writes into the same folder
 * @returns the run
 * @throws {UsageError} when the path holds no complete run, or its reports cannot be read
 */
export async function readPreviousRun(path: string, exclude?: string): Promise<PreviousRun> {
  const flag = "--compare-with";
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    throw new UsageError((w) => w.errors.compareMissing(flag, path));
  }
  const dir = info.isDirectory ? path : dirname(path);
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError((w) => w.errors.compareUnreadable(flag, dir, why));
  }
  const runs = new Map<string, { partial: boolean; files: Map<string, string> }>();
  for (const name of names) {
    const m = REPORT_NAME.exec(name);
    if (!m || m[2] === exclude) continue;
    const run = runs.get(m[2]) ?? { partial: false, files: new Map() };
    runs.set(m[2], run);
    if (m[3]) run.partial = true;
    run.files.set(`${m[1]}.${m[4]}`, name);
  }
  let stamp: string | undefined;
  if (info.isFile) {
    stamp = REPORT_NAME.exec(basename(path))?.[2];
    if (!stamp) throw new UsageError((w) => w.errors.compareNotAReport(flag, path));
  } else {
    const complete = [...runs].filter(([, r]) => !r.partial && hasIamReport(r.files)).map(([s]) => s).sort();
    stamp = complete.at(-1);
    if (!stamp) {
      const partial = [...runs].some(([, r]) => r.partial);
      throw new UsageError((w) =>
        partial ? w.errors.comparePartial(flag, path) : w.errors.compareNoRun(flag, path)
      );
    }
  }
  const run = runs.get(stamp);
  if (!run || !hasIamReport(run.files)) throw new UsageError((w) => w.errors.compareNoRun(flag, path));
  if (run.partial) throw new UsageError((w) => w.errors.comparePartial(flag, path));
  return await readRun(dir, stamp, run.files, new Set(names));
}

function hasIamReport(files: Map<string, string>): boolean {
  return files.has("iam_audit_report.csv") || files.has("iam_audit_report.jsonl");
}

/** The manifest's `files` keys, and the reports' names. */
const REPORTS: Record<string, string> = {
  iam: "iam_audit_report",
  events: "cloudtrail_events",
  accounts: "accounts",
  credentials: "credentials",
  ocsf: "findings",
};

async function readRun(
  dir: string,
  stamp: string,
  files: Map<string, string>,
  names: Set<string>,
): Promise<PreviousRun> {
  // A report's rows, streamed: a large earlier run is never held whole as text or rows.
  const rows = (kind: string): AsyncGenerator<Row> | undefined => {
    const name = files.get(`${kind}.jsonl`) ?? files.get(`${kind}.csv`);
    return name ? readRows(join(dir, name)) : undefined;
  };
  let manifest: RunManifest | undefined;
  const manifestName = files.get("run.json");
  if (manifestName) {
    try {
      const read = JSON.parse(await Deno.readTextFile(join(dir, manifestName)));
      manifest = typeof read === "object" && read !== null && read.tool === "iam-audit" ? read : undefined;
    } catch {
      manifest = undefined;
    }
  }
  // The manifest names the files as they ended up (a name taken got a `-2`): those win.
  for (const [report, name] of Object.entries(manifest?.files ?? {})) {
    const m = typeof name === "string" ? REPORT_NAME.exec(name) : null;
    if (m && REPORTS[report] === m[1] && names.has(name)) files.set(`${m[1]}.${m[4]}`, name);
  }
  const accountRows = rows("accounts");
  const credentialRows = rows("credentials");
  const accounts = new Map<string, AccountSnapshot>();
  const account = (id: string, name: string) => {
    let a = accounts.get(id);
    if (!a) {
      accounts.set(
        id,
        a = { id, name, findings: new Set(), users: new Map(), credentials: new Map() },
      );
    }
    return a;
  };
  for await (const r of accountRows ?? []) {
    const a = account(text(r.account_id), text(r.account_name));
    a.state = optional(r.account_state);
    a.result = optional(r.audit_result);
    a.root = optional(r.root_state) ?? rootFromMfa(optional(r.root_mfa));
    a.rootAccessKeys = number(r.root_access_keys);
    a.centralRootManagement = optional(r.central_root_management);
    for (const code of codes(r.findings)) a.findings.add(code);
  }
  // The original tool's report has no findings column: then findings are not compared.
  let findings = true;
  const iamName = files.get("iam_audit_report.jsonl") ?? files.get("iam_audit_report.csv")!;
  for await (const r of rows("iam_audit_report")!) {
    if (typeof r !== "object" || r === null || !("account_id" in r) || !("username" in r)) {
      throw new UsageError((w) => w.errors.compareNotAReport("--compare-with", join(dir, iamName)));
    }
    if (!("findings" in r)) findings = false;
    const a = account(text(r.account_id), text(r.account_name));
    const userName = text(r.username);
    let user = a.users.get(userName);
    if (!user) {
      a.users.set(userName, user = { name: userName, findings: new Set() });
      user.password = password(r.password_status);
      user.mfa = optional(r.mfa_status);
    }
    const keyId = text(r.access_key_id);
    const rowCodes = codes(r.findings);
    for (const code of rowCodes) {
      const scope = scopeOf(code);
      if (scope === "user" || (scope === undefined && keyId === "")) user.findings.add(code);
    }
    if (keyId !== "") {
      a.credentials.set(keyId, {
        id: keyId,
        user: userName,
        type: ACCESS_KEY,
        status: optional(r.status),
        findings: new Set(rowCodes.filter((code) => (scopeOf(code) ?? "key") === "key")),
      });
    }
  }
  for await (const r of credentialRows ?? []) {
    const a = account(text(r.account_id), text(r.account_name));
    a.credentials.set(text(r.credential_id), {
      id: text(r.credential_id),
      user: text(r.username),
      type: text(r.credential_type),
      status: optional(r.status),
      findings: new Set(codes(r.findings)),
    });
  }
  const ocsf = files.get("findings.ocsf.jsonl");
  return {
    dir,
    stamp,
    firstSeen: ocsf ? await firstSeenTimes(join(dir, ocsf)) : undefined,
    startedAt: manifest?.startedAt ? new Date(manifest.startedAt) : stampDate(stamp),
    manifest,
    accounts,
    findings,
    credentials: credentialRows !== undefined,
    accountsReport: accountRows !== undefined,
  };
}

/**
 * A report's rows, one at a time: JSON Lines objects, or CSV rows by their header with the formula guard
 * (`'` before `=`, `+`, `-`, `@`, tab, CR) taken off.
 *
 * @throws {UsageError} when the file cannot be read or does not parse
 */
async function* readRows(path: string): AsyncGenerator<Row> {
  try {
    if (path.endsWith(".jsonl")) {
      for await (const line of readLines(path)) yield JSON.parse(line) as Row;
      return;
    }
    const parser = createReadStream(path).pipe(parse({ columns: true, bom: true, skip_empty_lines: true }));
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      for (const [k, v] of Object.entries(row)) row[k] = v.replace(/^'(?=[=+\-@\t\r])/, "");
      yield row;
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError((w) => w.errors.compareUnreadable("--compare-with", path, why));
  }
}

function text(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

function optional(value: unknown): string | undefined {
  const t = text(value);
  return t === "" ? undefined : t;
}

function number(value: unknown): number | undefined {
  const t = text(value);
  return t === "" || !Number.isFinite(Number(t)) ? undefined : Number(t);
}

/** Codes of a findings cell: an array (JSON Lines) or `;`-separated (CSV). */
function codes(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return text(value).split(";").map((c) => c.trim()).filter((c) => c !== "");
}

/** A `password_status` cell in either language. */
function password(value: unknown): boolean | undefined {
  const t = text(value);
  if (t === es.terms.passwordConfigured || t === en.terms.passwordConfigured) return true;
  if (t === es.terms.passwordNotConfigured || t === en.terms.passwordNotConfigured) return false;
  return undefined;
}

/** The time a stamp names (UTC since this version; the original tool's was local time). */
function stampDate(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/.exec(stamp)!;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** An earlier version's root MFA as this version's root state (it had no notion of removed credentials). */
function rootFromMfa(mfa: string | undefined): string | undefined {
  return mfa === "Hardware"
    ? "hardware_mfa"
    : mfa === "Virtual"
    ? "virtual_mfa"
    : mfa === "None"
    ? "no_mfa"
    : undefined;
}

/**
 * First-seen times of an OCSF findings file, by uid. A line that is not a finding record is skipped:
 * first-seen times are a refinement, and without one the comparison's own knowledge applies.
 */
async function firstSeenTimes(path: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  try {
    for await (const line of readLines(path)) {
      try {
        const info = JSON.parse(line)?.finding_info;
        if (typeof info?.uid === "string" && Number.isFinite(info.first_seen_time)) {
          seen.set(info.uid, info.first_seen_time);
        }
      } catch {
        continue;
      }
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError((w) => w.errors.compareUnreadable("--compare-with", path, why));
  }
  return seen;
}
