// `rudder registry login|logout` (pkg/cmd/registry*.go, pkg/registry Client.Login/Logout): the
// registry is pinged with the credential (Basic or Bearer, as it challenges), then the login is kept
// in HELM_REGISTRY_CONFIG as helm and docker write it.
import { readFileSync, readSync } from 'node:fs';
import { isatty } from 'node:tty';
import { Command } from './command/command.js';
import { minimumNArgs, noArgs } from './args.js';
import type { CliContext } from './context.js';
import { slogLine } from './slog.js';
import { addTlsFileFlags, type RepoClientFlags } from './flags.js';
import { RegistryClient, type ClientOptions } from '../registry/client.js';
import {
  eraseCredential,
  lookupCredential,
  serverAddress,
  storeCredential,
  type Credential,
} from '../registry/credentials.js';

/**
 * readLine: the prompt on stdout, one line from stdin (bufio ReadLine: no line end; EOF before any
 * byte is an error). Without echo needs a terminal, as term.SaveState does.
 */
function readLine(ctx: CliContext, prompt: string, silent: boolean): string {
  // Echo goes off before the prompt shows: an answer typed at once is not echoed either.
  const tty = silent && isatty(0);
  if (tty) process.stdin.setRawMode(true);
  ctx.io.stdout(prompt);
  if (silent && !tty) throw new Error('inappropriate ioctl for device');
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  let eof = false;
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(0, one, 0, 1, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((err as NodeJS.ErrnoException).code === 'EOF') n = 0;
        else throw err;
      }
      if (n === 0) {
        eof = true;
        break;
      }
      const b = one[0]!;
      // Raw mode hands over the Enter key as CR; Ctrl-C and Ctrl-D still end the prompt.
      if (b === 0x0a || (tty && b === 0x0d)) break;
      if (tty && b === 0x03) throw new Error('interrupt');
      if (tty && (b === 0x7f || b === 0x08)) {
        bytes.pop();
        continue;
      }
      if (tty && b === 0x04 && bytes.length === 0) {
        eof = true;
        break;
      }
      bytes.push(b);
    }
  } finally {
    if (tty) process.stdin.setRawMode(false);
  }
  if (eof && bytes.length === 0) throw new Error('EOF');
  if (bytes[bytes.length - 1] === 0x0d) bytes.pop();
  if (silent) ctx.io.stdout('\n');
  return Buffer.from(bytes).toString('utf8');
}

const LOGIN_DESC = (bin: string): string => `
Authenticate to a remote registry.

For example for Github Container Registry:

    echo "$GITHUB_TOKEN" | ${bin} registry login ghcr.io -u $GITHUB_USER --password-stdin
`;

/** The client for a host: explicit credentials win, else the stored login (helm's, then docker's). */
export function registryClient(
  ctx: CliContext,
  host: string,
  o: Omit<ClientOptions, 'credential'> & { username?: string; password?: string },
): RegistryClient {
  let credential: Credential | (() => Credential | undefined);
  // Only a full pair replaces the stores (helm's NewClient): a lone --username is ignored.
  if (o.username && o.password) credential = { username: o.username, password: o.password };
  else {
    // Stores and their helpers are asked only when the registry challenges, as oras-go does.
    const config = ctx.settings.registryConfig.value;
    const env = ctx.io.env as Record<string, string | undefined>;
    credential = () => lookupCredential(config, host, env);
  }
  // newRegistryClientWithTLS gives the client its own transport, without helm's logging one.
  const tls = (o.certFile && o.keyFile) || o.caFile || o.insecure;
  const debug =
    ctx.settings.debug && !tls
      ? (msg: string, attrs: Record<string, string>): void => ctx.io.stderr(slogLine('DEBUG', msg, attrs))
      : undefined;
  return new RegistryClient(host, { ...o, credential, debug });
}

/** newRegistryClient from a command's chart-repository flags (pull, dependency, chart references). */
export function registryClientFromFlags(ctx: CliContext, host: string, c: RepoClientFlags): RegistryClient {
  return registryClient(ctx, host, {
    plainHttp: c.plainHttp.value,
    insecure: c.insecureSkipTLSVerify.value,
    caFile: c.caFile.value,
    certFile: c.certFile.value,
    keyFile: c.keyFile.value,
    username: c.username.value,
    password: c.password.value,
  });
}

function loginCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'login [host]',
    short: 'login to a registry',
    long: LOGIN_DESC(ctx.bin),
    args: minimumNArgs(1),
    run: async ({ args }) => {
      const hostArg = args[0]!;
      let user = username.value;
      let pw = password.value;
      if (passwordStdin.value) {
        pw = readFileSync(0, 'utf8').replace(/\n$/, '').replace(/\r$/, '');
      } else if (pw === '') {
        // getUsernamePassword: asked for on the terminal (the password without echo).
        if (user === '') user = readLine(ctx, 'Username: ', false).trim();
        pw = readLine(ctx, user === '' ? 'Token: ' : 'Password: ', true);
        if (pw === '') throw new Error(user === '' ? 'token required' : 'password required');
      } else {
        ctx.io.stderr(slogLine('WARN', 'using --password via the CLI is insecure. Use --password-stdin'));
      }
      let host = hostArg;
      if (host.includes('/')) {
        const registryHost = host.split('/')[0]!;
        ctx.io.stderr(
          slogLine(
            'WARN',
            'registry login currently only supports registry hostname, not a repository path',
            {
              host,
              suggested: registryHost,
            },
          ),
        );
        host = registryHost;
      }
      const client = new RegistryClient(host, {
        plainHttp: plainHttp.value,
        insecure: insecure.value,
        caFile: caFile.value,
        certFile: certFile.value,
        keyFile: keyFile.value,
        credential: { username: user, password: pw },
        ...(ctx.settings.debug && !caFile.value && !(certFile.value && keyFile.value) && !insecure.value
          ? {
              debug: (msg: string, attrs: Record<string, string>) =>
                ctx.io.stderr(slogLine('DEBUG', msg, attrs)),
            }
          : {}),
      });
      try {
        await client.ping();
      } catch {
        // Client.Login pings again (without forcing OAuth2) and reports the second failure.
        try {
          await client.ping();
        } catch (err) {
          throw new Error(`authenticating to ${JSON.stringify(hostArg)}: ${(err as Error).message}`);
        }
      }
      user = user ?? '';
      storeCredential(
        ctx.settings.registryConfig.value,
        host,
        { username: user, password: pw },
        ctx.io.env as Record<string, string | undefined>,
      );
      ctx.io.stdout('Login Succeeded\n');
    },
  });
  const f = cmd.localOnlyFlags;
  const username = f.string('username', 'u', '', 'registry username');
  const password = f.string('password', 'p', '', 'registry password or identity token');
  const passwordStdin = f.bool('password-stdin', '', false, 'read password or identity token from stdin');
  const insecure = f.bool('insecure', '', false, 'allow connections to TLS registry without certs');
  const { certFile, keyFile, caFile } = addTlsFileFlags(f, 'registry client');
  const plainHttp = f.bool('plain-http', '', false, 'use insecure HTTP connections for the chart upload');
  return cmd;
}

function logoutCommand(ctx: CliContext): Command {
  return new Command({
    use: 'logout [host]',
    short: 'logout from a registry',
    long: '\nRemove credentials stored for a remote registry.\n',
    args: minimumNArgs(1),
    run: ({ args }) => {
      const host = args[0]!;
      // helm 4.3.2's file store erases a missing entry without complaint; a helper's error is reported.
      try {
        eraseCredential(
          ctx.settings.registryConfig.value,
          host,
          ctx.io.env as Record<string, string | undefined>,
        );
      } catch (err) {
        throw new Error(
          `failed to delete the credential for ${serverAddress(host)}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      ctx.io.stdout(`Removing login credentials for ${host}\n`);
    },
  });
}

export function registryCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'registry',
    short: 'login to or logout from a registry',
    long: '\nThis command consists of multiple subcommands to interact with registries.\n',
    args: noArgs,
  });
  cmd.add(loginCommand(ctx), logoutCommand(ctx));
  return cmd;
}
