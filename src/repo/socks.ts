// net/http's SOCKS5 client (socks_bundle.go) for socks5:// and socks5h:// proxies: the target sent
// by name (or IP), no-auth or username/password from the proxy URL, and Go's error texts
// (`socks connect tcp PROXY->TARGET: …`).
import { isIP, type Socket } from 'node:net';

const REPLIES: Record<number, string> = {
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

/** IPv4/IPv6 text as address bytes (the target's IP sent as such). */
function ipBytes(host: string): number[] | undefined {
  const family = isIP(host);
  if (family === 4) return host.split('.').map(Number);
  if (family !== 6) return undefined;
  const gap = host.indexOf('::');
  const groups = (g: string): number[] => (g === '' ? [] : g.split(':').map((x) => parseInt(x, 16)));
  const h = groups(gap < 0 ? host : host.slice(0, gap));
  const r = gap < 0 ? [] : groups(host.slice(gap + 2));
  const words = [...h, ...Array<number>(8 - h.length - r.length).fill(0), ...r];
  const mapped = words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff;
  if (mapped) return [words[6]! >> 8, words[6]! & 255, words[7]! >> 8, words[7]! & 255];
  return words.flatMap((w) => [w >> 8, w & 255]);
}

/** Reads exactly n bytes at a time from a socket, in order. */
function reader(s: Socket): { read(n: number): Promise<Buffer>; stop(): void } {
  let buf = Buffer.alloc(0);
  let waiting: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  let ended: Error | undefined;
  const pump = (): void => {
    if (!waiting) return;
    if (buf.length >= waiting.n) {
      const w = waiting;
      waiting = undefined;
      const out = buf.subarray(0, w.n);
      buf = buf.subarray(w.n);
      w.resolve(out);
    } else if (ended) {
      const w = waiting;
      waiting = undefined;
      w.reject(buf.length > 0 ? new Error('unexpected EOF') : ended);
    }
  };
  const onData = (c: Buffer): void => {
    buf = Buffer.concat([buf, c]);
    pump();
  };
  const onEnd = (): void => {
    ended = new Error('EOF');
    pump();
  };
  const onError = (e: Error): void => {
    ended = e;
    pump();
  };
  s.on('data', onData);
  s.on('end', onEnd);
  s.on('error', onError);
  return {
    read: (n) =>
      new Promise<Buffer>((resolve, reject) => {
        waiting = { n, resolve, reject };
        pump();
      }),
    stop() {
      s.off('data', onData);
      s.off('end', onEnd);
      s.off('error', onError);
      // Not paused: the HTTP client or TLS takes the socket over next (nothing comes unasked).
      if (buf.length > 0) s.unshift(buf);
    },
  };
}

async function handshake(
  s: Socket,
  host: string,
  port: number,
  auth: { username: string; password: string } | undefined,
): Promise<void> {
  const r = reader(s);
  try {
    s.write(Buffer.from(auth ? [5, 2, 0, 2] : [5, 1, 0]));
    const [version, method] = await r.read(2);
    if (version !== 5) throw new Error(`unexpected protocol version ${version}`);
    if (method === 0xff) throw new Error('no acceptable authentication methods');
    if (auth && method === 2) {
      const u = Buffer.from(auth.username);
      const p = Buffer.from(auth.password);
      if (u.length === 0 || u.length > 255 || p.length > 255) throw new Error('invalid username/password');
      s.write(Buffer.concat([Buffer.from([1, u.length]), u, Buffer.from([p.length]), p]));
      const [v, status] = await r.read(2);
      if (v !== 1) throw new Error('invalid username/password version');
      if (status !== 0) throw new Error('username/password authentication failed');
    } else if (auth && method !== 0) {
      throw new Error(`unsupported authentication method ${method}`);
    }
    const ip = ipBytes(host);
    const name = Buffer.from(host);
    if (!ip && name.length > 255) throw new Error('FQDN too long');
    const addr = ip ? [ip.length === 4 ? 1 : 4, ...ip] : [3, name.length, ...name];
    s.write(Buffer.from([5, 1, 0, ...addr, port >> 8, port & 255]));
    const [v, reply, reserved, type] = await r.read(4);
    if (v !== 5) throw new Error(`unexpected protocol version ${v}`);
    if (reply !== 0) throw new Error(`unknown error ${REPLIES[reply!] ?? `unknown code: ${reply}`}`);
    if (reserved !== 0) throw new Error('non-zero reserved field');
    let length: number;
    if (type === 1) length = 4;
    else if (type === 4) length = 16;
    else if (type === 3) length = (await r.read(1))[0]!;
    else throw new Error(`unknown address type ${type}`);
    await r.read(length + 2);
  } finally {
    r.stop();
  }
}

/**
 * SOCKS5 CONNECT to host:port over a socket connected to the proxy; a failure is Go's OpError text
 * `socks connect tcp PROXYADDR->HOST:PORT: reason`.
 */
export async function socksConnect(
  s: Socket,
  host: string,
  port: number,
  auth: { username: string; password: string } | undefined,
): Promise<void> {
  try {
    await handshake(s, host, port, auth);
  } catch (err) {
    const remote = s.remoteAddress ?? '';
    const proxyAddr = `${remote.includes(':') ? `[${remote}]` : remote}:${s.remotePort ?? ''}`;
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    s.destroy();
    throw new Error(`socks connect tcp ${proxyAddr}->${target}: ${(err as Error).message}`);
  }
}
