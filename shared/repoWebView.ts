/**
 * Where a commit can be seen on the repository's web view, from the origin remote's address: git.kernel.org's
 * cgit, GitHub and GitLab (https, git://, ssh:// and scp-like `git@host:path`). null for any other host.
 */
export function commitWebUrl(origin: string | null, oid: string): string | null {
  if (!origin || !/^[0-9a-f]{7,64}$/.test(oid)) return null;
  const place = hostAndPath(origin.trim());
  if (!place) return null;
  const path = place.path.replace(/\/+$/, '');
  if (!/^[A-Za-z0-9._~\-/]+$/.test(path) || path.split('/').some((s) => s === '..')) return null;
  switch (place.host) {
    case 'git.kernel.org': {
      // cgit serves /pub/scm/<project>.git; remotes also name it without /pub/scm
      const project = path.replace(/^\/?(pub\/scm\/)?/, '').replace(/(\.git)?$/, '.git');
      return `https://git.kernel.org/pub/scm/${project}/commit/?id=${oid}`;
    }
    case 'github.com': {
      const m = /^\/?([^/]+)\/([^/]+?)(\.git)?$/.exec(path);
      return m ? `https://github.com/${m[1]}/${m[2]}/commit/${oid}` : null;
    }
    case 'gitlab.com': {
      const p = path.replace(/^\//, '').replace(/\.git$/, '');
      return p.includes('/') ? `https://gitlab.com/${p}/-/commit/${oid}` : null;
    }
    default:
      return null;
  }
}

function hostAndPath(origin: string): { host: string; path: string } | null {
  const scp = /^(?:[^@/]+@)?([A-Za-z0-9.-]+):(?!\/\/)(.+)$/.exec(origin);
  if (scp && !origin.includes('://')) return { host: scp[1]!.toLowerCase(), path: scp[2]! };
  try {
    const u = new URL(origin);
    if (!['https:', 'http:', 'git:', 'ssh:'].includes(u.protocol)) return null;
    return { host: u.hostname.toLowerCase(), path: decodeURIComponent(u.pathname) };
  } catch {
    return null;
  }
}
