import { useEffect, useState } from 'react';
import type { RecentList } from '../../../shared/model';
import type { StrataClient } from '../../../shared/api';
import { recentSuffix, recentTarget } from '../../../shared/menu';
import type { CloneRequest, OpenRequest } from '../app/openRequests';
import { ArchivesPanel } from './ArchivesPanel';

const KERNEL_URL = 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git';

export function StartScreen(props: {
  client: StrataClient;
  onOpenSample: () => void;
  onOpen: (r: OpenRequest) => void;
  onClone: (r: CloneRequest) => void;
  /** What was asked last, so a failed open or clone keeps what the user typed. */
  last?: OpenRequest | null;
  lastClone?: CloneRequest | null;
  /** Focus the local form's file path (the folder is filled in). */
  focusPath?: boolean;
}) {
  const [recentList, setRecentList] = useState<RecentList>({ items: [] });
  const recent = recentList.items;
  const [dir, setDir] = useState(props.last?.dir ?? '');
  const [path, setPath] = useState(props.last?.path ?? 'mm/hmm.c');
  const [follow, setFollow] = useState(props.last?.follow ?? false);
  const [rev, setRev] = useState(props.last?.rev ?? '');
  const [firstParent, setFirstParent] = useState(props.last?.firstParent ?? false);
  const [url, setUrl] = useState(props.lastClone?.url ?? KERNEL_URL);
  const [clonePath, setClonePath] = useState(props.lastClone?.path ?? 'mm/hmm.c');
  const [depth, setDepth] = useState(props.lastClone?.depth ? String(props.lastClone.depth) : '');
  const [since, setSince] = useState(props.lastClone?.since ?? '');
  const [resumable, setResumable] = useState(props.lastClone?.resumable ?? true);

  useEffect(() => {
    props.client.call('listRecent', {}).result.then(setRecentList, () => setRecentList({ items: [] }));
  }, [props.client]);

  const browse = async () => {
    const r = await props.client.call('pickDirectory', { title: 'Open a local repository' }).result;
    if (r.dir) setDir(r.dir);
  };

  return (
    <main className="start">
      <header className="start-head">
        <h1>Strata</h1>
        <p>How did this file become what it is — and who argued about it?</p>
      </header>
      <section className="card">
        <h2>Sample</h2>
        <p>
          A kernel-shaped history of <code>mm/hmm.c</code> with export-macro changes, trailers and stable backports. Works offline.
        </p>
        <button type="button" className="primary" onClick={props.onOpenSample} autoFocus={!props.focusPath}>
          Open the sample
        </button>
      </section>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (dir.trim() && path.trim())
            props.onOpen({
              dir: dir.trim(),
              path: path.trim(),
              follow,
              ...(rev.trim() ? { rev: rev.trim() } : {}),
              ...(firstParent ? { firstParent: true } : {}),
            });
        }}
      >
        <h2>Open a local repository</h2>
        <label>
          Repository folder (working copy or bare)
          <span className="row">
            <input name="dir" value={dir} onChange={(e) => setDir(e.target.value)} placeholder="/home/me/src/linux" required />
            {props.client.kind === 'electron' && (
              <button type="button" onClick={() => void browse()}>
                Browse…
              </button>
            )}
          </span>
        </label>
        <label>
          File path
          <input
            name="path"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            required
            autoFocus={props.focusPath}
            onFocus={(e) => {
              if (props.focusPath) e.currentTarget.select();
            }}
          />
        </label>
        <label>
          Revision (optional: a branch, tag or commit, or a range A..B; HEAD when empty)
          <input name="rev" value={rev} onChange={(e) => setRev(e.target.value)} placeholder="linux-5.4.y, v5.0..v5.10" />
        </label>
        {/* one walk or the other, as the timeline's toolbar has them */}
        <label className="check">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => {
              setFollow(e.target.checked);
              if (e.target.checked) setFirstParent(false);
            }}
          />{' '}
          Follow renames
        </label>
        <label className="check" title="The list git log --first-parent lists: each merge compared with its first parent">
          <input
            type="checkbox"
            checked={firstParent}
            onChange={(e) => {
              setFirstParent(e.target.checked);
              if (e.target.checked) setFollow(false);
            }}
          />{' '}
          First parent
        </label>
        <button type="submit">Open</button>
      </form>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          props.onClone({
            url: url.trim(),
            path: clonePath.trim(),
            ...(depth ? { depth: Number(depth) } : {}),
            ...(since ? { since } : {}),
            resumable,
          });
        }}
      >
        <h2>Clone</h2>
        <label>
          Repository address
          <input name="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
        </label>
        <label>
          File path
          <input name="clonePath" value={clonePath} onChange={(e) => setClonePath(e.target.value)} required />
        </label>
        <span className="row">
          <label>
            Depth (commits)
            <input name="depth" type="number" min={1} value={depth} onChange={(e) => setDepth(e.target.value)} placeholder="all" />
          </label>
          <label>
            History since
            <input name="since" type="date" value={since} onChange={(e) => setSince(e.target.value)} />
          </label>
        </span>
        <label
          className="check"
          title="The history comes in steps that are kept as they land: a lost connection costs only the step under way, and cloning again resumes. Unticked: one pack, faster."
        >
          <input
            type="checkbox"
            name="resumable"
            checked={resumable}
            disabled={Boolean(depth || since)}
            onChange={(e) => setResumable(e.target.checked)}
          />{' '}
          Resumable (in steps)
        </label>
        <button type="submit">Clone</button>
      </form>
      <section className="card archives" aria-label="Mailing-list archives">
        <h2>Mailing-list archives</h2>
        <p className="muted">
          The review threads behind the commits of {dir.trim() ? <code>{dir.trim()}</code> : 'the repository above'}: attach a list archive
          once, read it offline after.
        </p>
        <ArchivesPanel client={props.client} dir={dir.trim()} />
      </section>
      {recentList.reset && (
        <section className="card recent-reset" role="status" data-testid="recent-reset">
          <h2>Recent</h2>
          <p>
            The recent list (<code>{recentList.reset.file}</code>) was damaged, so it starts afresh. The old one was kept as{' '}
            <code>{recentList.reset.backup}</code>.
          </p>
        </section>
      )}
      {recent.length > 0 && (
        <section className="card">
          <h2>Recent</h2>
          <ul className="recent">
            {recent.map((r) => (
              <li key={`${r.dir}\0${r.path}\0${r.follow}\0${r.rev ?? ''}\0${r.firstParent ?? ''}`}>
                <button type="button" className="link" onClick={() => props.onOpen(recentTarget(r))}>
                  <code>{r.path}</code> in {r.dir}
                  {recentSuffix(r)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
