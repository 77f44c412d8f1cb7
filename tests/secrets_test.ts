/**
 * The redaction step: known secrets, secret settings and URL passwords are masked wherever they
 * appear; ordinary text is left alone. And text printed to a terminal cannot act on it.
 */
import assert from "node:assert/strict";
import { printable } from "../lib/console/printable.ts";
import { learnFileSecrets, MASK, Secrets, secrets, urlPassword } from "../lib/util/secrets.ts";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN = "IQoJb3JpZ2luX2VjEHcaCXVzLWVhc3QtMSJHMEUCIQD" + "a".repeat(300) + "ZZZ9+/end";

Deno.test("a known secret is masked whole, and a long enough piece of it wherever it appears", () => {
  const s = new Secrets();
  s.add(SECRET, TOKEN, undefined, "");
  assert.equal(s.redact(`key ${SECRET} end`), `key ${MASK} end`);
  assert.equal(s.redact(`cut ${SECRET.slice(0, 37)}…`), `cut ${MASK}…`);
  assert.equal(s.redact(`tail ${SECRET.slice(5)}`), `tail ${MASK}`);
  assert.equal(s.redact(`token=${TOKEN.slice(40, 80)}`), `token=${MASK}`);
  assert.equal(
    s.redact("AKIAIOSFODNN7EXAMPLE is an access key id"),
    "AKIAIOSFODNN7EXAMPLE is an access key id",
  );
});

Deno.test("secret settings are masked however they are written", () => {
  const s = new Secrets();
  assert.equal(s.redact("aws_secret_access_key = abc/def+ghi"), `aws_secret_access_key = ${MASK}`);
  assert.equal(
    s.redact('line 3: "aws_secret_access_key: +g6Vxyz"'),
    `line 3: "aws_secret_access_key: ${MASK}"`,
  );
  assert.equal(s.redact("AWS_SESSION_TOKEN=FwoGZXIvYXdz"), `AWS_SESSION_TOKEN=${MASK}`);
  assert.equal(s.redact("aws_session_token FwoGZXIvYXdz"), `aws_session_token ${MASK}`);
});

Deno.test("learnFileSecrets() learns a secret even from a malformed line or one wrapped onto the next", () => {
  learnFileSecrets(`[default]\naws_secret_access_key:\n  ${SECRET.replace("w", "Q")}\n`);
  assert.equal(secrets.redact(`value ${SECRET.replace("w", "Q")}`), `value ${MASK}`);
});

Deno.test("the password of a URL is masked with or without a scheme, whatever it holds", () => {
  const s = new Secrets();
  assert.equal(
    s.redact("via http://user:S3cret@proxy:3128 failed"),
    `via http://user:${MASK}@proxy:3128 failed`,
  );
  assert.equal(s.redact("via user:S3cret@proxy:3128"), `via user:${MASK}@proxy:3128`);
  assert.equal(s.redact("https://u:p@ss/w@rd@proxy.corp:8080/"), `https://u:${MASK}@proxy.corp:8080/`);
  // Not URLs with credentials: left alone.
  assert.equal(
    s.redact("arn:aws:iam::123456789012:user/alice@corp.com"),
    "arn:aws:iam::123456789012:user/alice@corp.com",
  );
  assert.equal(s.redact("mail alice@example.com"), "mail alice@example.com");
  assert.equal(urlPassword("user:S3cret@proxy:3128"), "S3cret");
  assert.equal(urlPassword("http://u:p@ss/w@rd@proxy:1"), "p@ss/w@rd");
  assert.equal(urlPassword("http://proxy:3128"), undefined);
});

Deno.test("a proxy password is masked even where it appears without its URL", () => {
  const s = new Secrets();
  s.addUrlPassword("http://user:p%40ss%2Fw0rd@proxy:3128");
  assert.equal(s.redact("auth p%40ss%2Fw0rd and p@ss/w0rd"), `auth ${MASK} and ${MASK}`);
});

Deno.test("printable() shows control characters and bidirectional overrides as escapes", () => {
  assert.equal(printable("evil\x1b[2Jname"), "evil\\x1b[2Jname");
  assert.equal(printable("a\rb\x07c\x9bd"), "a\\x0db\\x07c\\x9bd");
  assert.equal(printable("admin\u202Egnp.exe"), "admin\\u202egnp.exe");
  assert.equal(printable("tab\tand\nnewline ñ 漢"), "tab\tand\nnewline ñ 漢");
});

Deno.test("what one Secrets knows, another learns: another thread masks the same secrets", () => {
  const main = new Secrets();
  const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  main.add(secret, "proxy-p@ss");
  const worker = new Secrets();
  worker.learn(JSON.parse(JSON.stringify(main.known())));
  assert.equal(
    worker.redact(`key ${secret} and ${secret.slice(5, 25)}, proxy-p@ss`),
    `key ${MASK} and ${MASK}, ${MASK}`,
  );
  assert.ok(!JSON.stringify(main.known()).includes(secret), "the secret is not handed over whole");
});
