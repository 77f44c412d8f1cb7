/**
 * Classifies a user's MFA devices.
 *
 * @module
 */
import type { MfaKind } from "../model/records.ts";

/**
 * The kind of one MFA device from its serial number, as `ListMFADevices` returns it.
 *
 * Virtual devices have ARNs `arn:<partition>:iam::<account>:mfa/<name>`; FIDO security keys have
 * `arn:<partition>:iam::<account>:u2f/...` and are hardware; any other serial is a hardware TOTP token.
 * (The original tool only looked for "virtual" in the serial, which real virtual ARNs do not contain.)
 *
 * @param serialNumber the device's `SerialNumber`
 * @returns `Virtual` or `Hardware`
 * @example
 * ```ts
 * mfaKindOf("arn:aws:iam::123456789012:mfa/alice"); // "Virtual"
 * mfaKindOf("GAHT12345678"); // "Hardware"
 * ```
 */
export function mfaKindOf(serialNumber: string): Exclude<MfaKind, "None"> {
  return /^arn:[\w-]+:iam::\d{12}:mfa\//.test(serialNumber) ? "Virtual" : "Hardware";
}

/**
 * The strongest kind among a user's devices (Hardware over Virtual over None), and their count.
 *
 * @param serialNumbers serials of all the user's devices (up to 8)
 * @returns the kind to report and how many devices there are
 */
export function classifyMfa(serialNumbers: readonly string[]): { kind: MfaKind; count: number } {
  let kind: MfaKind = "None";
  for (const serial of serialNumbers) {
    const k = mfaKindOf(serial);
    if (k === "Hardware") kind = "Hardware";
    else if (kind === "None") kind = "Virtual";
  }
  return { kind, count: serialNumbers.length };
}
