/**
 * What a service handler gets to answer one authenticated request.
 *
 * @module
 */

import type { CredentialStore, Principal } from "../credentials.ts";
import type { OrgModel } from "../org_model.ts";
import type { StatsRecorder } from "../stats.ts";

/** One authenticated request, ready for its service handler. */
export interface CallContext {
  /** Who signed the request. */
  principal: Principal;
  model: OrgModel;
  /** Region of the SigV4 credential scope. */
  region: string;
  requestId: string;
  now: Date;
  /** Largest page any list returns. */
  pageSize: number;
  credentials: CredentialStore;
  stats: StatsRecorder;
}

/** A query-protocol action: returns the XML inside `<ActionResult>`, or throws an `AwsError`. */
export type QueryHandler = (ctx: CallContext, params: URLSearchParams) => string;

/** A JSON 1.1 action: returns the output object, or throws an `AwsError`. */
export type JsonHandler = (ctx: CallContext, input: Record<string, unknown>) => unknown;
