/**
 * A stable branch, as a local branch names it: the kernel's linux-5.4.y, and the names other projects give the
 * branches they cherry-pick fixes to (util-linux's stable/v2.41, stable-2.0, 2.4-stable, PostgreSQL's REL_16_STABLE).
 */
export function isStableBranch(name: string): boolean {
  return (
    /(^|\/)linux-\d+\.\d+\.y$/.test(name) ||
    /^stable[/-]v?\d+(\.\d+)+$/.test(name) ||
    /^v?\d+(\.\d+)+-stable$/.test(name) ||
    /^REL_?\d+(_\d+)*_STABLE$/.test(name)
  );
}

/** The same for a remote-tracking branch (origin/linux-6.1.y, origin/stable/v2.41): its name past the remote's. */
export function isStableRemoteBranch(name: string): boolean {
  return isStableBranch(withoutRemote(name));
}

/**
 * How a stable branch is named on a badge: `5.4.y` for linux-5.4.y (and origin/linux-5.4.y); other projects'
 * stable branches without the remote's name (origin/stable/v2.41 → stable/v2.41).
 */
export function shortBranchName(branch: string): string {
  const kernel = /(?:^|\/)linux-(\d+\.\d+\.y)$/.exec(branch);
  if (kernel) return kernel[1]!;
  return !isStableBranch(branch) && isStableRemoteBranch(branch) ? withoutRemote(branch) : branch;
}

function withoutRemote(name: string): string {
  return name.replace(/^[^/]+\//, '');
}
