// The repository settings a command needs (HELM_REPOSITORY_CONFIG, HELM_REPOSITORY_CACHE,
// HELM_CONTENT_CACHE) and Helm's slog lines for warnings.
import type { RepoEnv } from '../repo/chart-repo.js';
import type { CliContext } from './context.js';
import { slogLine } from './slog.js';
import { setHttpDebug } from '../repo/http.js';

export function repoEnv(ctx: CliContext): RepoEnv {
  const s = ctx.settings;
  // The HTTP getter's own debug lines (fetching, fetch complete) go where the command's go.
  setHttpDebug(s.debug ? (msg, attrs) => ctx.io.stderr(slogLine('DEBUG', msg, attrs)) : undefined);
  return {
    repositoryConfig: s.repositoryConfig.value,
    repositoryCache: s.repositoryCache.value,
    contentCache: s.contentCache.value,
    warn: (msg, attrs) => ctx.io.stderr(slogLine('WARN', msg, attrs)),
    debug: (msg, attrs) => {
      if (s.debug) ctx.io.stderr(slogLine('DEBUG', msg, attrs));
    },
  };
}
