// A real SOCKS5 server on 127.0.0.1 for the proxy tests (RFC 1928/1929): CONNECT to names under
// `.test` (resolved to 127.0.0.1) or to 127.0.0.1 itself, anything else refused by ruleset;
// optional username/password. Every CONNECT is logged as host:port.
import { createServer, connect as netConnect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface SocksServer {
  port: number;
  log: string[];
  /** Require this username/password (method 2); otherwise no authentication. */
  auth?: { username: string; password: string };
  close(): Promise<void>;
}

export async function startSocksServer(): Promise<SocksServer> {
  const sockets = new Set<Socket>();
  const self: SocksServer = {
    port: 0,
    log: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'request' | 'piped' = 'greeting';
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (stage === 'greeting') {
          if (buf.length < 2 || buf.length < 2 + buf[1]!) return;
          const methods = [...buf.subarray(2, 2 + buf[1]!)];
          buf = buf.subarray(2 + buf[1]!);
          const want = self.auth ? 2 : 0;
          if (!methods.includes(want)) {
            client.end(Buffer.from([5, 0xff]));
            return;
          }
          client.write(Buffer.from([5, want]));
          stage = self.auth ? 'auth' : 'request';
        } else if (stage === 'auth') {
          if (buf.length < 2) return;
          const ul = buf[1]!;
          if (buf.length < 3 + ul) return;
          const pl = buf[2 + ul]!;
          if (buf.length < 3 + ul + pl) return;
          const user = buf.subarray(2, 2 + ul).toString();
          const pass = buf.subarray(3 + ul, 3 + ul + pl).toString();
          buf = buf.subarray(3 + ul + pl);
          const ok = user === self.auth!.username && pass === self.auth!.password;
          client.write(Buffer.from([1, ok ? 0 : 1]));
          if (!ok) {
            client.end();
            return;
          }
          stage = 'request';
        } else if (stage === 'request') {
          if (buf.length < 5) return;
          const type = buf[3]!;
          const alen = type === 1 ? 4 : type === 4 ? 16 : 1 + buf[4]!;
          if (buf.length < 4 + alen + 2) return;
          const host =
            type === 1
              ? [...buf.subarray(4, 8)].join('.')
              : type === 3
                ? buf.subarray(5, 5 + buf[4]!).toString()
                : 'ipv6';
          const port = buf.readUInt16BE(4 + alen);
          buf = buf.subarray(4 + alen + 2);
          self.log.push(`${host}:${port}`);
          const reply = (code: number): Buffer => Buffer.from([5, code, 0, 1, 127, 0, 0, 1, 0, 0]);
          if (!/\.test$/.test(host) && host !== '127.0.0.1') {
            client.end(reply(2));
            return;
          }
          stage = 'piped';
          client.off('data', onData);
          client.pause();
          const up = netConnect(port, '127.0.0.1', () => {
            client.write(reply(0));
            if (buf.length > 0) up.write(buf);
            up.pipe(client);
            client.pipe(up);
            client.resume();
          });
          sockets.add(up);
          up.on('close', () => sockets.delete(up));
          up.on('error', () => client.end(reply(5)));
          return;
        } else {
          return;
        }
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  self.port = (server.address() as AddressInfo).port;
  return self;
}
