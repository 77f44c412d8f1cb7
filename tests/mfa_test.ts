import assert from "node:assert/strict";
import { classifyMfa, mfaKindOf } from "../lib/audit/mfa.ts";

Deno.test("mfaKindOf() reads virtual device ARNs as Virtual", () => {
  assert.equal(mfaKindOf("arn:aws:iam::123456789012:mfa/alice"), "Virtual");
  assert.equal(mfaKindOf("arn:aws-us-gov:iam::123456789012:mfa/path/alice-phone"), "Virtual");
});

Deno.test("mfaKindOf() reads FIDO security keys and TOTP tokens as Hardware", () => {
  assert.equal(mfaKindOf("arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABCDEFGHIJKLMNOP"), "Hardware");
  assert.equal(mfaKindOf("GAHT12345678"), "Hardware");
  // The original tool's test: a serial containing "virtual" that is not a virtual device ARN.
  assert.equal(mfaKindOf("virtual-looking-serial"), "Hardware");
});

Deno.test("classifyMfa() reports the strongest kind and the count", () => {
  assert.deepEqual(classifyMfa([]), { kind: "None", count: 0 });
  assert.deepEqual(classifyMfa(["arn:aws:iam::123456789012:mfa/a"]), { kind: "Virtual", count: 1 });
  assert.deepEqual(classifyMfa(["arn:aws:iam::123456789012:mfa/a", "GAHT1"]), { kind: "Hardware", count: 2 });
  assert.deepEqual(classifyMfa(["GAHT1", "arn:aws:iam::123456789012:mfa/a"]), { kind: "Hardware", count: 2 });
});
