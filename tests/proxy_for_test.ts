/** `lib/aws/http/proxy.ts`: which proxy a request goes through, and proxy URLs with credentials masked. */
import assert from "node:assert/strict";
import { maskPassword, proxyFor } from "../lib/aws/http/proxy.ts";

Deno.test("proxyFor follows Deno's routing rules: NO_PROXY names, suffixes, CIDR and *, then the scheme's proxy", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  const proxied = { HTTPS_PROXY: "http://p:3128", HTTP_PROXY: "http://h:8080" };
  const at = (url: string, vars: Record<string, string>) => proxyFor(new URL(url), env(vars));
  assert.equal(at("https://iam.amazonaws.com/", proxied), "http://p:3128");
  assert.equal(at("http://iam.amazonaws.com/", proxied), "http://h:8080");
  assert.equal(at("https://iam.amazonaws.com/", {}), undefined);
  assert.equal(at("https://iam.amazonaws.com/", { https_proxy: "http://low:1" }), "http://low:1");
  assert.equal(
    at("https://iam.amazonaws.com/", { HTTPS_PROXY: "http://up:1", https_proxy: "http://low:1" }),
    "http://up:1",
  );
  assert.equal(at("https://x.example/", { ALL_PROXY: "socks5://s:1080" }), "socks5://s:1080");
  for (
    const noProxy of ["amazonaws.com", ".amazonaws.com", "iam.amazonaws.com", "*", "other, amazonaws.com"]
  ) {
    assert.equal(at("https://iam.amazonaws.com/", { ...proxied, NO_PROXY: noProxy }), undefined, noProxy);
  }
  for (const noProxy of ["notamazonaws.com", "aws.com", "iam.amazonaws.com.cn"]) {
    assert.equal(
      at("https://iam.amazonaws.com/", { ...proxied, no_proxy: noProxy }),
      "http://p:3128",
      noProxy,
    );
  }
  assert.equal(at("https://10.1.2.3/", { ...proxied, NO_PROXY: "10.0.0.0/8" }), undefined);
  assert.equal(at("https://11.1.2.3/", { ...proxied, NO_PROXY: "10.0.0.0/8" }), "http://p:3128");
  assert.equal(at("https://127.0.0.1/", { ...proxied, NO_PROXY: "127.0.0.1" }), undefined);
  assert.equal(at("https://[::1]:8443/", { ...proxied, NO_PROXY: "::1" }), undefined);
  assert.equal(at("https://[fd00::5]/", { ...proxied, NO_PROXY: "fd00::/8" }), undefined);
  assert.equal(at("https://localhost/", { ...proxied, NO_PROXY: "127.0.0.1" }), "http://p:3128");
});

Deno.test("maskPassword masks the credentials of a proxy URL in every form, keeping the user name", () => {
  const cases: [string, string][] = [
    ["http://user:secret@proxy:3128", "http://user:***@proxy:3128"],
    ["http://user:pa:ss@proxy:3128", "http://user:***@proxy:3128"],
    // No scheme: Deno's fetch and curl take it as http://.
    ["user:S3cret@proxy:3128", "user:***@proxy:3128"],
    // `@` and `/` in the password: the credentials end at the last `@`.
    ["http://user:p@ss@proxy:3128", "http://user:***@proxy:3128"],
    ["http://user:a/b@c@proxy:3128/", "http://user:***@proxy:3128/"],
    ["user:a/b@c@proxy.corp", "user:***@proxy.corp"],
    ["socks5h://user:pw@10.0.0.1:1080", "socks5h://user:***@10.0.0.1:1080"],
    ["//user:pw@proxy:3128", "//user:***@proxy:3128"],
    // A user name that is an e-mail address: its `@` is not the end of the credentials.
    ["http://me@corp.example:pw@proxy:3128", "http://me@corp.example:***@proxy:3128"],
    // No `:`: the whole of it may be a token.
    ["http://t0ken@proxy:3128", "http://***@proxy:3128"],
    ["t0ken@proxy:3128", "***@proxy:3128"],
    // Nothing to mask.
    ["http://proxy:3128", "http://proxy:3128"],
    ["proxy:3128", "proxy:3128"],
    ["", ""],
  ];
  for (const [url, masked] of cases) assert.equal(maskPassword(url), masked, url);
  for (const [url] of cases) {
    for (const secret of ["secret", "S3cret", "p@ss", "a/b@c", "pa:ss", "t0ken"]) {
      if (url.includes(secret)) assert.ok(!maskPassword(url).includes(secret), `${url} leaks ${secret}`);
    }
  }
});

Deno.test("proxyFor names the proxy with its credentials masked", () => {
  const env = (name: string) =>
    ({ HTTPS_PROXY: "ops:p@ss/w0rd@proxy.corp:3128" } as Record<string, string>)[name];
  assert.equal(proxyFor(new URL("https://iam.amazonaws.com/"), env), "ops:***@proxy.corp:3128");
});
