/**
 * The one redaction step: everything iam-audit prints, and every error text it writes into a report,
 * passes through {@link Secrets.redact}, which masks
 *
 * - the run's known secrets — secret access keys and session tokens it resolved or assumed, the
 *   environment's, those of the AWS files it read, proxy passwords — wherever they appear, whole or a
 *   long enough piece of them (a line cut short still gives a secret away);
 * - the value of any `aws_secret_access_key`, `aws_session_token` or `aws_security_token` setting,
 *   however it is written (`=`, `:`, or none);
 * - the password of any URL with credentials, with or without a scheme
 *   (`http://user:secret@proxy:3128`, `user:secret@proxy:3128`, passwords holding `@` or `/`).
 *
 * Masking is by substitution with `***`; it never throws.
 *
 * @module
 */

/** The mask a secret is replaced with. */
export const MASK = "***";

/** Pieces this long of a known secret are recognised anywhere. */
const PIECE = 12;
/** Long secrets (session tokens) are indexed every this many characters, to bound memory. */
const STRIDE = 8;
/** Secrets of base64-like characters are found by scanning tokens of these characters. */
const TOKEN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;
const BASE64ISH = /^[A-Za-z0-9+/=_-]+$/;
/** `aws_secret_access_key = VALUE` and friends, also when the `=` is missing or a `:`. */
const SETTING =
  /\b(aws_secret_access_key|aws_session_token|aws_security_token)\b(["']?(?:\s*[:=]\s*|[ \t]+))("?)([^\s",;()]+)/gi;
/** A whitespace-delimited word with an `@` in it: perhaps a URL with credentials. */
const AT_WORD = /[^\s"'<>()[\]{}]*@[^\s"'<>()[\]{}]*/g;

/** What a {@link Secrets} knows, as data another thread can learn from. */
export interface KnownSecrets {
  literals: string[];
  pieces: string[];
}

/** The run's known secrets, and the masking of text. */
export class Secrets {
  /** Known secrets not made of base64-like characters (proxy passwords), masked by plain search. */
  readonly #literals = new Set<string>();
  /** Pieces of base64-like secrets. */
  readonly #pieces = new Set<string>();

  /**
   * Learns secrets (empty and very short values are ignored: they would mask ordinary text).
   *
   * @param values secret values; undefined ones are skipped
   */
  add(...values: (string | undefined)[]): void {
    for (const value of values) {
      if (value === undefined || value.length < 4) continue;
      if (value.length < PIECE || !BASE64ISH.test(value)) {
        this.#literals.add(value);
        continue;
      }
      const step = value.length <= 64 ? 1 : STRIDE;
      for (let i = 0; i + PIECE <= value.length; i += step) this.#pieces.add(value.slice(i, i + PIECE));
      this.#pieces.add(value.slice(value.length - PIECE));
    }
  }

  /**
   * Learns the password of a proxy URL (`HTTPS_PROXY` and the like), whatever its form.
   *
   * @param url the variable's value
   */
  addUrlPassword(url: string | undefined): void {
    const password = url === undefined ? undefined : urlPassword(url);
    if (password !== undefined && password !== "") {
      this.add(password);
      try {
        this.add(decodeURIComponent(password));
      } catch {
        // not percent-encoded
      }
    }
  }

  /**
   * What is known, to hand to another thread of the run ({@link learn}): what the masking works from,
   * not the secrets whole.
   *
   * @returns the literals and the pieces
   */
  known(): KnownSecrets {
    return { literals: [...this.#literals], pieces: [...this.#pieces] };
  }

  /**
   * Learns what another thread knows ({@link known}).
   *
   * @param known its literals and pieces
   */
  learn(known: KnownSecrets): void {
    for (const literal of known.literals) this.#literals.add(literal);
    for (const piece of known.pieces) this.#pieces.add(piece);
  }

  /**
   * Masks every secret in a text.
   *
   * @param text any text about to be printed or written
   * @returns the text with secrets replaced by {@link MASK}
   */
  redact(text: string): string {
    let out = text;
    for (const literal of this.#literals) if (out.includes(literal)) out = out.split(literal).join(MASK);
    if (this.#pieces.size > 0) out = out.replace(TOKEN, (token) => this.#holdsPiece(token) ? MASK : token);
    out = out.replace(
      SETTING,
      (_m, key: string, sep: string, quote: string) => `${key}${sep}${quote}${MASK}`,
    );
    return out.replace(AT_WORD, maskUserinfo);
  }

  #holdsPiece(token: string): boolean {
    for (let i = 0; i + PIECE <= token.length; i++) {
      if (this.#pieces.has(token.slice(i, i + PIECE))) return true;
    }
    return false;
  }
}

/**
 * The password of a URL with credentials, with or without a scheme; the last `@` of the authority ends
 * it, so passwords may hold `@` and `/`.
 *
 * @param url e.g. `http://user:p@ss@proxy:3128` or `user:secret@proxy:3128`
 * @returns the password, or undefined when there is none
 */
export function urlPassword(url: string): string | undefined {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  const at = rest.lastIndexOf("@");
  if (at < 0) return undefined;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(":");
  return colon < 0 ? undefined : userinfo.slice(colon + 1);
}

/**
 * Masks the password of a word that is a URL with credentials: one with a scheme, or whose host has a
 * port (`user:secret@proxy:3128`). Other words with `@` (e-mail addresses, IAM names in ARNs) are left
 * as they are.
 */
function maskUserinfo(word: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(word)?.[0] ?? "";
  const rest = word.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  const host = rest.slice(at + 1);
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(":");
  if (colon < 0 || colon === userinfo.length - 1) return word;
  if (!scheme && !/^[\w.-]+:\d+(\/|$)/.test(host)) return word;
  return `${scheme}${userinfo.slice(0, colon)}:${MASK}@${host}`;
}

/** The run's secrets: the process has one run. */
export const secrets = new Secrets();

/** The environment variables whose values are secrets, and those that hold proxy URLs. */
const SECRET_VARIABLES = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"];
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

/**
 * Learns the secrets of the environment: AWS's secret variables and the proxies' passwords.
 *
 * @param env reads a variable. @default the process environment
 */
export function learnEnvironmentSecrets(
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): void {
  for (const name of SECRET_VARIABLES) secrets.add(env(name));
  for (const name of PROXY_VARIABLES) secrets.addUrlPassword(env(name));
}

/**
 * Learns the secrets written in an AWS config or credentials file's text (any value of a secret
 * setting, even on a malformed line), before anything could quote the file.
 *
 * @param text the file's content
 */
export function learnFileSecrets(text: string): void {
  for (
    const m of text.matchAll(
      /(?:aws_secret_access_key|aws_session_token|aws_security_token)\s*[:=]?\s*(\S+)/gi,
    )
  ) {
    secrets.add(m[1]);
  }
}
