// Web addresses of the rule docs. Vigil ships every rule's docs (rules/<id>/README.md) with the
// extension and the CLI, so a report never needs a web page; an address is written only where
// one really exists: a team's own mirror (`docsBaseUrl` in its config) or the source repository
// that package.json's `repository` field names. No address is made up.

/** What decides where the rule docs are published, most specific first. */
export interface DocsLocation {
  /** `docsBaseUrl` of the team's config. */
  configured?: string;
  /** package.json's `repository` field (a string or `{ url, directory }`). */
  repository?: unknown;
  /** The package version: a repository's docs are linked at its release tag `v<version>`. */
  version?: string;
}

/** The `{rule}` placeholder a docs base may hold; without it the rule id is appended as a path segment. */
const RULE_PLACEHOLDER = '{rule}';

/** The docs base (possibly with `{rule}`), or undefined when nothing names a published copy. */
export function docsBaseUrl(location: DocsLocation): string | undefined {
  if (location.configured) return location.configured;
  const repo = repositoryWeb(location.repository);
  if (!repo || !location.version) return undefined;
  const directory = typeof location.repository === 'object' && location.repository && typeof (location.repository as { directory?: unknown }).directory === 'string'
    ? `${((location.repository as { directory: string }).directory).replace(/^\/+|\/+$/g, '')}/`
    : '';
  return `${repo.web}/${repo.blob}/v${location.version}/${directory}rules/${RULE_PLACEHOLDER}/README.md`;
}

/** One rule's docs address under a base from docsBaseUrl(), or undefined without one. */
export function ruleDocsUrl(base: string | undefined, ruleId: string): string | undefined {
  if (!base) return undefined;
  return base.includes(RULE_PLACEHOLDER) ? base.split(RULE_PLACEHOLDER).join(ruleId) : `${base.replace(/\/+$/, '')}/${ruleId}`;
}

/** Hosts whose web view of a file at a tag is `<repo>/<blob>/<tag>/<path>`. */
const BLOB_PATH: Record<string, string> = { 'github.com': 'blob', 'gitlab.com': '-/blob', 'bitbucket.org': 'src' };

/** `https://github.com/o/r` from the forms npm accepts (`github:o/r`, `o/r`, `git+https://…/r.git`, `git@github.com:o/r.git`). */
function repositoryWeb(repository: unknown): { web: string; blob: string } | undefined {
  const raw = typeof repository === 'string' ? repository : typeof repository === 'object' && repository ? (repository as { url?: unknown }).url : undefined;
  if (typeof raw !== 'string') return undefined;
  let spec = raw.trim();
  const shorthand = /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+)$/.exec(spec);
  if (shorthand) spec = `https://${shorthand[1] === 'gitlab' ? 'gitlab.com' : shorthand[1] === 'bitbucket' ? 'bitbucket.org' : 'github.com'}/${shorthand[2]}/${shorthand[3]}`;
  spec = spec.replace(/^git\+/, '').replace(/^git@([^:]+):/, 'https://$1/').replace(/^(?:git|ssh):\/\/(?:git@)?/, 'https://');
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    return undefined;
  }
  const blob = BLOB_PATH[url.hostname];
  const parts = url.pathname.replace(/\.git$/, '').split('/').filter(Boolean);
  if (!blob || parts.length < 2 || !/^https?:$/.test(url.protocol)) return undefined;
  return { web: `https://${url.hostname}/${parts.join('/')}`, blob };
}
