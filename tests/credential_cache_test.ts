import assert from "node:assert/strict";
import { cacheCredentials } from "../lib/aws/credential_cache.ts";

Deno.test("cacheCredentials() resolves once for concurrent callers", async () => {
  let calls = 0;
  const cached = cacheCredentials(async () => {
    calls++;
    await new Promise((r) => setTimeout(r, 5));
    return { accessKeyId: "ASIA1", secretAccessKey: "s", expiration: new Date(Date.now() + 3600_000) };
  });
  const all = await Promise.all([cached(), cached(), cached()]);
  assert.equal(calls, 1);
  assert.equal(all[2].accessKeyId, "ASIA1");
  await cached();
  assert.equal(calls, 1);
});

Deno.test("cacheCredentials() renews near expiry, after a failure, and after invalidate()", async () => {
  let now = 0;
  let calls = 0;
  let failNext = false;
  const cached = cacheCredentials(() => {
    calls++;
    if (failNext) {
      failNext = false;
      return Promise.reject(new Error("denied"));
    }
    return Promise.resolve({
      accessKeyId: `ASIA${calls}`,
      secretAccessKey: "s",
      expiration: new Date(3600_000),
    });
  }, () => now);
  assert.equal((await cached()).accessKeyId, "ASIA1");
  now = 3600_000 - 60_000;
  assert.equal((await cached()).accessKeyId, "ASIA2", "renewed within five minutes of expiry");
  now = 0;
  cached.invalidate();
  failNext = true;
  await assert.rejects(() => cached(), /denied/);
  assert.equal((await cached()).accessKeyId, "ASIA4", "a failure is not cached");
});

Deno.test("cacheCredentials() renews once when several requests report the same expired key", async () => {
  let calls = 0;
  const cached = cacheCredentials(() => {
    calls++;
    return Promise.resolve({ accessKeyId: `ASIA${calls}`, secretAccessKey: "s" });
  });
  assert.equal((await cached()).accessKeyId, "ASIA1");
  cached.invalidate("ASIA1");
  const renewed = cached();
  cached.invalidate("ASIA1"); // a second request that failed with the old key, while renewing
  assert.equal((await renewed).accessKeyId, "ASIA2");
  cached.invalidate("ASIA1"); // and one more, after the renewal
  assert.equal((await cached()).accessKeyId, "ASIA2");
  assert.equal(calls, 2);
});
