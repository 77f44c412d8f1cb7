/**
 * Rendering of successful and failed responses in the two wire protocols.
 *
 * @module
 */

import { type AwsError, type Protocol } from "./errors.ts";
import { xmlEscape } from "./xml.ts";

/** A response before it becomes a `Response` (faults may still garble its body). */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

/** XML namespace of each query-protocol service. */
export const QUERY_NAMESPACE = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
} as const;

/** `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>...` */
export function queryReply(namespace: string, action: string, resultXml: string, requestId: string): Reply {
  // Actions without output (none here today) would omit the Result element; all ours have one.
  const body = `<${action}Response xmlns="${namespace}"><${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, contentType: "text/xml", body };
}

/** A JSON 1.1 success body. */
export function jsonReply(output: unknown): Reply {
  return { status: 200, contentType: "application/x-amz-json-1.1", body: JSON.stringify(output) };
}

/** An error in the given protocol. */
export function errorReply(
  protocol: Protocol,
  error: AwsError,
  requestId: string,
  namespace?: string,
): Reply {
  if (protocol === "json") {
    return {
      status: error.status,
      contentType: "application/x-amz-json-1.1",
      body: JSON.stringify({ __type: error.code, message: error.message, ...error.extra }),
    };
  }
  const body =
    `<ErrorResponse xmlns="${namespace ?? QUERY_NAMESPACE.iam}"><Error><Type>${error.fault}</Type>` +
    `<Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, contentType: "text/xml", body };
}
