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

/**
 * Where an issue the repository's trailers name by number (`#123`, `owner/repo#123`) is, on GitHub or GitLab (the
 * origin's host); null elsewhere: a number means nothing without the tracker (git.kernel.org has none).
 */
export function issueWebUrl(origin: string | null, ref: { repo?: string; number: number }): string | null {
  if (!origin || !Number.isSafeInteger(ref.number) || ref.number <= 0) return null;
  const place = hostAndPath(origin.trim());
  if (!place) return null;
  const path = place.path
    .replace(/\/+$/, '')
    .replace(/^\//, '')
    .replace(/\.git$/, '');
  if (!/^[A-Za-z0-9._~\-/]+$/.test(path) || path.split('/').some((s) => s === '..' || s === '.' || s === '')) return null;
  if (ref.repo !== undefined && (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(ref.repo) || ref.repo.split('/').some((s) => /^\.+$/.test(s))))
    return null;
  switch (place.host) {
    case 'github.com': {
      const project = ref.repo ?? (/^[^/]+\/[^/]+$/.test(path) ? path : null);
      // GitHub sends an issue's address on to the pull request when the number is one
      return project ? `https://github.com/${project}/issues/${ref.number}` : null;
    }
    case 'gitlab.com': {
      const project = ref.repo ?? (path.includes('/') ? path : null);
      return project ? `https://gitlab.com/${project}/-/issues/${ref.number}` : null;
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
