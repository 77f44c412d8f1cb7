/**
 * The run's manifest, `run_STAMP.json`: what the run was asked to do (scope, window, thresholds, CIS
 * version, language, format) and whether it completed. It goes with the reports so that a later run
 * comparing with them (`--compare-with`) knows what can be compared: accounts outside a scope are not
 * "removed", a finding that moved with a threshold is said to.
 *
 * @module
 */
import type { CisVersion, FindingThresholds } from "../model/findings.ts";
import { isoUtc } from "../util/dates.ts";

/** The manifest's format version: a later iam-audit reads earlier ones. */
export const MANIFEST_VERSION = 1;

/** What a run was asked to do, as its manifest says. */
export interface RunManifest {
  manifest: number;
  tool: string;
  version: string;
  startedAt: string;
  complete: boolean;
  scope: { accounts?: string[]; excludeAccounts: string[]; ous: string[] };
  cloudTrail: boolean;
  window: { since: string; until: string };
  thresholds: FindingThresholds;
  cis: CisVersion;
  lang: string;
  format: string;
  /** Whether the run read policies (`--policies`): DIRECT_POLICIES is compared only when both did. */
  policies: boolean;
  /** The earlier run this one compared itself with (`--compare-with`): the path given, and the run's stamp. */
  comparedWith?: { path: string; run: string };
  /** The reports' file names, by report (`iam`, `accounts`, …), as they ended up. */
  files?: Record<string, string>;
}

/** What the manifest is built from. */
export interface ManifestInput {
  version: string;
  startedAt: Date;
  scope: { accounts?: readonly string[]; excludeAccounts: readonly string[]; ous: readonly string[] };
  cloudTrail: boolean;
  since: Date;
  until: Date;
  thresholds: FindingThresholds;
  cis: CisVersion;
  lang: string;
  format: string;
  policies: boolean;
  comparedWith?: { path: string; run: string };
}

/**
 * The manifest of a run.
 *
 * @param input the run's parameters
 * @param complete whether the run completed
 * @returns the manifest
 */
export function manifestOf(input: ManifestInput, complete: boolean): RunManifest {
  return {
    manifest: MANIFEST_VERSION,
    tool: "iam-audit",
    version: input.version,
    startedAt: isoUtc(input.startedAt),
    complete,
    scope: {
      ...(input.scope.accounts ? { accounts: [...input.scope.accounts] } : {}),
      excludeAccounts: [...input.scope.excludeAccounts],
      ous: [...input.scope.ous],
    },
    cloudTrail: input.cloudTrail,
    window: { since: isoUtc(input.since), until: isoUtc(input.until) },
    thresholds: { ...input.thresholds },
    cis: input.cis,
    lang: input.lang,
    format: input.format,
    policies: input.policies,
    ...(input.comparedWith ? { comparedWith: { ...input.comparedWith } } : {}),
  };
}

/**
 * Whether a manifest's scope is the whole organization.
 *
 * @param manifest a run's manifest
 * @returns true when no scoping flag was given
 */
export function wholeOrganization(manifest: Pick<ManifestInput, "scope">): boolean {
  const { scope } = manifest;
  return scope.accounts === undefined && scope.excludeAccounts.length === 0 && scope.ous.length === 0;
}
