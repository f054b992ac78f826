import type { DiscussionThread, ThreadMessage } from '../../shared/discussion';
import { StrataError } from '../../shared/errors';
import type { Repository } from '../repository/repository';
import type { ArchiveCatalog } from './archiveCatalog';
import type { ArchiveIndex } from './archiveIndex';
import { decodeMailBody } from './decodeMailBody';
import { openArchiveIndexes } from './discussFileHistory';
import { LinkedTimelines } from './linkedTimelines';
import { parseMailHeaders } from './parseMailHeaders';
import { ArchiveBodyReader } from './readArchiveMessages';
import { RepositoryArchives } from './repositoryArchives';

/** Text kept per message for display: a mail larger than this is a log dump or a huge patch. */
const TEXT_LIMIT = 512 * 1024;

/** The whole thread a message belongs to, bodies read from the archives now (they are not stored in the index). */
export async function readThread(o: {
  repo: Repository;
  messageId: string;
  archives?: readonly string[];
  home: string;
}): Promise<DiscussionThread> {
  const { info } = o.repo;
  const sources = [...(await new RepositoryArchives(o.home, info.id).list()), ...(o.archives ?? [])];
  const { catalog, indexes } = await LinkedTimelines.of(o.repo).open(await openArchiveIndexes(o.home, sources));
  const thread = await readThreadOf(catalog, indexes, o.messageId);
  if (!thread) throw new StrataError('InvalidRequest', `No archive attached to ${info.dir} holds <${o.messageId.replace(/^<|>$/g, '')}>.`);
  return thread;
}

/** The thread of a message the catalog holds, bodies read from its archives now; null when it holds no such message. */
export async function readThreadOf(
  catalog: ArchiveCatalog,
  indexes: readonly ArchiveIndex[],
  messageId: string,
): Promise<DiscussionThread | null> {
  const id = messageId.replace(/^<|>$/g, '');
  const start = catalog.message(id);
  if (!start) return null;
  const readers = indexes.map((i) => new ArchiveBodyReader(i.location));
  try {
    const messages: ThreadMessage[] = [];
    for (const m of catalog.threadMessages(catalog.threadOf(start))) {
      let text = '';
      let html = false;
      try {
        const raw = readers[m.archive]!.read(m.loc);
        const body = await decodeMailBody(raw, parseMailHeaders(raw));
        text = body.text.length > TEXT_LIMIT ? `${body.text.slice(0, TEXT_LIMIT)}\n[… cut at ${TEXT_LIMIT} characters]` : body.text;
        html = body.html;
      } catch (err) {
        text = `[the archive no longer holds this message's body: ${err instanceof Error ? err.message : String(err)}]`;
      }
      messages.push({
        messageId: m.ids[0]!,
        parent: catalog.parentId(m.ids[0]!),
        subject: m.subject,
        from: { name: m.name, email: m.email },
        date: new Date(m.date * 1000).toISOString(),
        text,
        html,
        tags: (m.tags ?? []).map((t) => ({ tag: t.tag, who: t.email ? `${t.name} <${t.email}>`.trim() : t.name })),
      });
    }
    return { root: catalog.rootId(id), messages };
  } finally {
    for (const r of readers) r.close();
  }
}
