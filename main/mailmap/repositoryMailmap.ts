import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Person } from '../../shared/model';
import { readEffectiveConfig } from '../objects/configFile';
import { parseCommitLinks } from '../objects/parseCommit';
import { findTreeEntry } from '../objects/parseTree';
import type { Repository } from '../repository/repository';
import { Mailmap } from './mailmap';

interface Source {
  readonly stamp: string;
  readonly read: () => string;
}

/**
 * The repository's mailmap, from where git reads it and in its order (later lines win): `.mailmap` at the top of
 * the checkout, then the blob `mailmap.blob` names (`HEAD:.mailmap` by default in a bare repository), then the
 * file `mailmap.file` names. Kept on the handle until one of them changes.
 */
export async function repositoryMailmap(repo: Repository): Promise<Mailmap> {
  const sources = mailmapSources(repo);
  const stamp = sources.map((s) => s.stamp).join('\n');
  const kept = repo.kept.get('mailmap', () => ({ stamp: '', map: new Mailmap() }));
  if (kept.stamp !== stamp) {
    kept.map = Mailmap.parse(sources.map((s) => s.read()).join('\n'));
    kept.stamp = stamp;
  }
  return kept.map;
}

function mailmapSources(repo: Repository): Source[] {
  // the config git sees (a user's mailmap.file applies), read synchronously (this runs on every call that names people)
  const config = readEffectiveConfig(repo.info.gitdir);
  const out: Source[] = [];
  const file = (p: string) => {
    try {
      const st = fs.statSync(p);
      if (st.isFile()) out.push({ stamp: `${p} ${st.size} ${st.mtimeMs}`, read: () => fs.readFileSync(p, 'utf8') });
    } catch {
      /* none there */
    }
  };
  if (repo.workTree) file(path.join(repo.workTree, '.mailmap'));
  const blobSpec = config.get('mailmap.blob') ?? (repo.workTree ? undefined : 'HEAD:.mailmap');
  const blob = blobSpec ? blobAt(repo, blobSpec) : null;
  if (blob) out.push({ stamp: `blob ${blob}`, read: () => Buffer.from(repo.store.readObjectSync!(blob).data).toString('utf8') });
  const named = config.get('mailmap.file');
  if (named)
    file(named.startsWith('~/') ? path.join(os.homedir(), named.slice(2)) : path.resolve(repo.workTree ?? repo.info.gitdir, named));
  return out;
}

/** The blob of `REV:PATH` (a top-level file of a branch, tag or HEAD), or null where there is none. */
function blobAt(repo: Repository, spec: string): string | null {
  const colon = spec.indexOf(':');
  if (colon < 0 || !repo.store.readObjectSync) return null;
  const rev = spec.slice(0, colon);
  const file = spec.slice(colon + 1);
  try {
    let oid = rev === 'HEAD' ? repo.refs.head() : repo.refs.resolveName(rev);
    // a tag names the commit through its tag object
    for (let depth = 0; oid && depth < 5; depth++) {
      const obj = repo.store.readObjectSync(oid);
      if (obj.type === 'tag') oid = /^object ([0-9a-f]{40})/.exec(Buffer.from(obj.data).toString('latin1'))?.[1] ?? null;
      else if (obj.type === 'commit') {
        let tree = parseCommitLinks(obj.data).tree;
        const parts = file.split('/');
        for (const [i, name] of parts.entries()) {
          const entry = findTreeEntry(repo.store.readObjectSync(tree).data, name);
          if (!entry) return null;
          if (i === parts.length - 1) return entry.mode.startsWith('100') ? entry.oid : null;
          tree = entry.oid;
        }
        return null;
      } else return null;
    }
  } catch {
    /* a missing object: no mailmap from it */
  }
  return null;
}

/** A person as the mailmap names them: the name and email git log shows, what the commit says kept in `as`. */
export function mapPerson(map: Mailmap, person: Person): Person {
  if (map.size === 0) return person;
  const to = map.map(person);
  if (!to || (to.name === person.name && to.email === person.email)) return person;
  return { name: to.name, email: to.email, date: person.date, as: { name: person.name, email: person.email } };
}
