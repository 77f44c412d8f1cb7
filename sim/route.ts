/**
 * Which service and action a request is for: JSON services by `X-Amz-Target`, query services by the
 * `Action` form field (their service comes from the SigV4 credential scope, see `auth.ts`).
 *
 * @module
 */

import { AwsError, type ServiceName } from "./errors.ts";

/**
 * `X-Amz-Target` prefixes of the JSON 1.1 services. CloudTrail's API reference spells the long form,
 * current SDKs send the short one; AWS accepts both.
 */
const JSON_TARGETS: Record<string, ServiceName> = {
  AWSOrganizationsV20161128: "organizations",
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101": "cloudtrail",
  CloudTrail_20131101: "cloudtrail",
};

/** API version each query service expects in `Version`. */
export const QUERY_VERSIONS: Partial<Record<ServiceName, string>> = {
  iam: "2010-05-08",
  sts: "2011-06-15",
};

/** A JSON 1.1 request. */
export interface JsonRoute {
  protocol: "json";
  /** Undefined when the target names a service the simulator does not know. */
  service?: ServiceName;
  action: string;
  input: Record<string, unknown>;
  /** Set when the body is not a JSON object. */
  error?: AwsError;
}

/** A query-protocol request. */
export interface QueryRoute {
  protocol: "query";
  action: string;
  version: string;
  params: URLSearchParams;
}

/** A routed request. */
export type Route = JsonRoute | QueryRoute;

/** Routes a request from its headers, URL and body text. */
export function route(headers: Headers, url: URL, body: string): Route {
  const target = headers.get("x-amz-target");
  if (target !== null) {
    const dot = target.lastIndexOf(".");
    const service = JSON_TARGETS[target.slice(0, dot)];
    const action = target.slice(dot + 1);
    try {
      const input = body.trim() === "" ? {} : JSON.parse(body);
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        throw new Error("not an object");
      }
      return { protocol: "json", service, action, input };
    } catch {
      return {
        protocol: "json",
        service,
        action,
        input: {},
        error: new AwsError("SerializationException", "Start of structure or map found where not expected."),
      };
    }
  }
  const params = new URLSearchParams(body);
  // GET-style query requests carry their parameters in the URL instead.
  for (const [k, v] of url.searchParams) if (!params.has(k)) params.set(k, v);
  return {
    protocol: "query",
    action: params.get("Action") ?? "",
    version: params.get("Version") ?? "",
    params,
  };
}

/** The service a request is for: its JSON target's, or for query requests its credential scope's. */
export function serviceOf(routed: Route, scopeService: string | undefined): ServiceName | undefined {
  if (routed.protocol === "json") return routed.service;
  const scoped = scopeService as ServiceName | undefined;
  return scoped !== undefined && QUERY_VERSIONS[scoped] !== undefined ? scoped : undefined;
}

/** The error for a request no simulated service can take, if it is one. */
export function checkRoute(routed: Route, service: ServiceName | undefined): AwsError | undefined {
  if (routed.protocol === "json") {
    return service === undefined
      ? new AwsError("UnknownOperationException", "Unknown operation.")
      : undefined;
  }
  if (service === undefined || routed.version !== QUERY_VERSIONS[service]) {
    return new AwsError(
      "InvalidAction",
      `Could not find operation ${routed.action} for version ${routed.version}`,
    );
  }
  return undefined;
}
