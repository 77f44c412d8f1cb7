/**
 * A tiny HTTP proxy for tests, like the ones in front of corporate networks: `CONNECT host:port`
 * tunnels (what HTTPS goes through) and plain forwarding of absolute-form requests (what `HTTP_PROXY`
 * is for), optionally demanding Basic proxy credentials. It records what went through it, so a test
 * can tell that traffic really took the proxy.
 *
 * It only ever connects to the loopback interface: anything else is refused with 403.
 *
 * @module
 */

/** What went through the proxy. */
export interface ProxyLog {
  /** `CONNECT` tunnels opened, by `host:port` asked for. */
  tunnels: Map<string, number>;
  /** Connections forwarded as plain HTTP, by `host:port` of their first request. */
  forwarded: Map<string, number>;
  /** Request lines refused (bad credentials, a target off loopback, unparsable). */
  refused: string[];
}

/** A running proxy. */
export interface TestProxy {
  /** `http://127.0.0.1:PORT`, for `HTTPS_PROXY` / `HTTP_PROXY`. */
  url: string;
  log: ProxyLog;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Options of {@link startProxy}. */
export interface ProxyOptions {
  /** `user:password` that `Proxy-Authorization: Basic` must carry; absent: no authentication. */
  credentials?: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * Starts the proxy on an OS-chosen loopback port.
 *
 * @param options optional credentials to demand
 * @returns the proxy; `close()` it when done
 */
export function startProxy(options: ProxyOptions = {}): TestProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const log: ProxyLog = { tunnels: new Map(), forwarded: new Map(), refused: [] };
  const open = new Set<Deno.Conn>();
  const tasks = new Set<Promise<void>>();
  const accepting = (async () => {
    for await (const conn of listener) {
      open.add(conn);
      const task = serve(conn, log, options, open).finally(() => tasks.delete(task));
      tasks.add(task);
    }
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    log,
    async close() {
      listener.close();
      for (const conn of open) closeQuietly(conn);
      await accepting;
      await Promise.allSettled([...tasks]);
    },
  };
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // already closed by the other side
  }
}

/** Reads until the end of the request head; returns the head and any bytes read past it. */
async function readHead(conn: Deno.Conn): Promise<{ head: string; rest: Uint8Array } | undefined> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buffer = new Uint8Array(16 * 1024);
  while (total < 64 * 1024) {
    const n = await conn.read(buffer);
    if (n === null) return undefined;
    chunks.push(buffer.slice(0, n));
    total += n;
    const all = concat(chunks, total);
    const end = indexOfHeadEnd(all);
    if (end >= 0) {
      return { head: new TextDecoder().decode(all.subarray(0, end)), rest: all.subarray(end + 4) };
    }
  }
  return undefined;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

function indexOfHeadEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}

async function reply(conn: Deno.Conn, status: string, headers = ""): Promise<void> {
  await conn.write(new TextEncoder().encode(`HTTP/1.1 ${status}\r\n${headers}content-length: 0\r\n\r\n`));
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Splits `host:port` (IPv6 in brackets) and tells whether it is a loopback target. */
function loopbackTarget(authority: string): { hostname: string; port: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority);
  if (!m || !LOOPBACK.has(m[1])) return undefined;
  // "localhost" may resolve to ::1 first, where the simulator does not listen.
  const hostname = m[1] === "localhost" ? "127.0.0.1" : m[1].replace(/^\[|\]$/g, "");
  return { hostname, port: Number(m[2]) };
}

async function serve(client: Deno.Conn, log: ProxyLog, options: ProxyOptions, open: Set<Deno.Conn>) {
  let upstream: Deno.Conn | undefined;
  try {
    const request = await readHead(client);
    if (!request) return;
    const [requestLine, ...headerLines] = request.head.split("\r\n");
    const [method, target] = requestLine.split(" ");
    if (options.credentials !== undefined) {
      const auth = headerLines.find((h) => /^proxy-authorization:/i.test(h))?.split(":").slice(1).join(":")
        .trim();
      if (auth !== `Basic ${btoa(options.credentials)}`) {
        log.refused.push(requestLine);
        await reply(
          client,
          "407 Proxy Authentication Required",
          'proxy-authenticate: Basic realm="test"\r\n',
        );
        return;
      }
    }
    const authority = method === "CONNECT"
      ? target
      : /^http:\/\/([^/]+)/.exec(target ?? "")?.[1]?.replace(/^([^:]+)$/, "$1:80");
    const destination = authority ? loopbackTarget(authority) : undefined;
    if (!authority || !destination) {
      log.refused.push(requestLine);
      await reply(client, "403 Forbidden");
      return;
    }
    upstream = await Deno.connect(destination);
    open.add(upstream);
    if (method === "CONNECT") {
      count(log.tunnels, authority);
      await client.write(new TextEncoder().encode("HTTP/1.1 200 Connection Established\r\n\r\n"));
      if (request.rest.length > 0) await upstream.write(request.rest);
    } else {
      // Servers accept absolute-form request targets, so the bytes can go through unchanged.
      count(log.forwarded, authority);
      await upstream.write(new TextEncoder().encode(request.head + "\r\n\r\n"));
      if (request.rest.length > 0) await upstream.write(request.rest);
    }
    const up = upstream;
    await Promise.allSettled([
      client.readable.pipeTo(up.writable),
      up.readable.pipeTo(client.writable),
    ]);
  } catch {
    // A peer hung up; the test looks at what the client saw, not at the proxy.
  } finally {
    open.delete(client);
    closeQuietly(client);
    if (upstream) {
      open.delete(upstream);
      closeQuietly(upstream);
    }
  }
}
