import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { StrataError } from '../../shared/errors';
import { type SampleCommitSpec, type SamplePerson, writeSampleStory } from '../sample/sampleStory';

interface TreeNode {
  files: Map<string, { oid: string; mode: string }>;
  dirs: Map<string, TreeNode>;
}

/**
 * Writes the embedded sample as a bare repository with isomorphic-git (no git
 * binary needed). Deterministic: the same commit ids on every machine.
 */
export async function writeSampleRepository(options: { dir: string }): Promise<{ dir: string; head: string; commits: number }> {
  const dir = path.resolve(options.dir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new StrataError('DestinationExists', `${dir} already exists and is not empty; choose an empty folder for the sample.`);
  }
  const partial = path.join(path.dirname(dir), `.${path.basename(dir)}.partial-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(partial, { recursive: true });
  try {
    const gitdir = partial;
    await git.init({ fs, dir: gitdir, gitdir, bare: true, defaultBranch: 'master' });
    const blobs = new Map<string, string>();
    const writeBlob = async (text: string): Promise<string> => {
      let oid = blobs.get(text);
      if (!oid) {
        oid = await git.writeBlob({ fs, gitdir, blob: Buffer.from(text, 'utf8') });
        blobs.set(text, oid);
      }
      return oid;
    };
    const writeTree = async (node: TreeNode): Promise<string> => {
      const tree: { mode: string; path: string; oid: string; type: 'blob' | 'tree' }[] = [];
      for (const [name, f] of node.files) tree.push({ mode: f.mode, path: name, oid: f.oid, type: 'blob' });
      for (const [name, d] of node.dirs) tree.push({ mode: '040000', path: name, oid: await writeTree(d), type: 'tree' });
      return git.writeTree({ fs, gitdir, tree });
    };
    const sig = (p: SamplePerson, time: number, tz: number) => ({ name: p.name, email: p.email, timestamp: time, timezoneOffset: -tz });
    const result = await writeSampleStory({
      async commit(spec: SampleCommitSpec): Promise<string> {
        const root: TreeNode = { files: new Map(), dirs: new Map() };
        for (const [p, text] of spec.files) {
          const parts = p.split('/');
          let node = root;
          for (const part of parts.slice(0, -1)) {
            let next = node.dirs.get(part);
            if (!next) node.dirs.set(part, (next = { files: new Map(), dirs: new Map() }));
            node = next;
          }
          node.files.set(parts[parts.length - 1]!, { oid: await writeBlob(text), mode: '100644' });
        }
        const oid = await git.writeCommit({
          fs,
          gitdir,
          commit: {
            tree: await writeTree(root),
            parent: [...spec.parents],
            author: sig(spec.author, spec.time, spec.tz),
            committer: sig(spec.committer, spec.time, spec.tz),
            message: spec.message,
          },
        });
        await git.writeRef({ fs, gitdir, ref: `refs/heads/${spec.branch}`, value: oid, force: true });
        return oid;
      },
      async tag(name, commit, tagger, time, message) {
        const oid = await git.writeTag({
          fs,
          gitdir,
          tag: { object: commit, type: 'commit', tag: name, tagger: sig(tagger, time, -420), message },
        });
        await git.writeRef({ fs, gitdir, ref: `refs/tags/${name}`, value: oid, force: true });
      },
      async branch(name, commit) {
        await git.writeRef({ fs, gitdir, ref: `refs/heads/${name}`, value: commit, force: true });
      },
    });
    await git.writeRef({ fs, gitdir, ref: 'HEAD', value: 'refs/heads/master', symbolic: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
    return { dir, ...result };
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}
