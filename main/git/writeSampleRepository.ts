import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
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
    // Objects are written loose and synchronously (sha-1 of "type size\0body", deflated), as isomorphic-git
    // would write them but without one awaited file operation per object: the first start builds it in a blink.
    const written = new Set<string>();
    const writeObject = (type: 'blob' | 'tree' | 'commit' | 'tag', body: Buffer): string => {
      const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
      const oid = crypto.createHash('sha1').update(raw).digest('hex');
      if (!written.has(oid)) {
        written.add(oid);
        const folder = path.join(gitdir, 'objects', oid.slice(0, 2));
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(path.join(folder, oid.slice(2)), zlib.deflateSync(raw));
      }
      return oid;
    };
    const blobs = new Map<string, string>();
    const writeBlob = (text: string): string => {
      let oid = blobs.get(text);
      if (!oid) blobs.set(text, (oid = writeObject('blob', Buffer.from(text, 'utf8'))));
      return oid;
    };
    const writeTree = (node: TreeNode): string => {
      const entries: { mode: string; name: string; oid: string; key: string }[] = [];
      for (const [name, f] of node.files) entries.push({ mode: f.mode, name, oid: f.oid, key: name });
      for (const [name, d] of node.dirs) entries.push({ mode: '40000', name, oid: writeTree(d), key: `${name}/` });
      entries.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))); // git's order: a folder sorts as "name/"
      return writeObject(
        'tree',
        Buffer.concat(entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.oid, 'hex')]))),
      );
    };
    const writeRef = (ref: string, oid: string) => {
      fs.mkdirSync(path.dirname(path.join(gitdir, ref)), { recursive: true });
      fs.writeFileSync(path.join(gitdir, ref), `${oid}\n`);
    };
    // UTC is written "-0000", as isomorphic-git wrote it: the sample's commit ids stay those of every earlier version
    const zone = (tz: number) => {
      const a = Math.abs(tz);
      return `${tz > 0 ? '+' : '-'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
    };
    const sig = (p: SamplePerson, time: number, tz: number) => `${p.name} <${p.email}> ${time} ${zone(tz)}`;
    const message = (m: string) => `${m.replace(/\r/g, '').replace(/^\n+/, '').replace(/\n+$/, '')}\n`;
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
          node.files.set(parts[parts.length - 1]!, { oid: writeBlob(text), mode: '100644' });
        }
        const headers = [
          `tree ${writeTree(root)}`,
          ...spec.parents.map((p) => `parent ${p}`),
          `author ${sig(spec.author, spec.time, spec.tz)}`,
          `committer ${sig(spec.committer, spec.time, spec.tz)}`,
        ];
        const oid = writeObject('commit', Buffer.from(`${headers.join('\n')}\n\n${message(spec.message)}`, 'utf8'));
        writeRef(`refs/heads/${spec.branch}`, oid);
        return oid;
      },
      async tag(name, commit, tagger, time, message) {
        const body = `object ${commit}\ntype commit\ntag ${name}\ntagger ${sig(tagger, time, -420)}\n\n${message}\n`;
        writeRef(`refs/tags/${name}`, writeObject('tag', Buffer.from(body, 'utf8')));
      },
      async branch(name, commit) {
        writeRef(`refs/heads/${name}`, commit);
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
