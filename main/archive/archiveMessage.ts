import { decodeMailBody } from './decodeMailBody';
import { extractBodyFacts, type GivenTag, type IndexedPatchFile } from './messageFacts';
import { parseMailHeaders } from './parseMailHeaders';
import type { ArchiveMessageBytes, MessageLocator } from './readArchiveMessages';

/** One message as the archive index keeps it: headers, patch facts and tags; the body stays in the archive. */
export interface ArchiveMessage {
  /** Every Message-ID the message carries, without angle brackets; the first is its own. */
  readonly ids: readonly string[];
  /** References then In-Reply-To, deduplicated: the last one is the parent. */
  readonly refs: readonly string[];
  readonly subject: string;
  readonly name: string;
  readonly email: string;
  /** Seconds since the epoch (Date header; the archive's commit time where that does not parse). */
  readonly date: number;
  readonly loc: MessageLocator;
  readonly files?: readonly IndexedPatchFile[];
  readonly tags?: readonly GivenTag[];
  readonly changeId?: string;
  /** The text was taken from an HTML part (there was no plain text). */
  readonly html?: boolean;
}

/** Reads one raw message into what the index keeps; never throws for a malformed message. */
export async function indexRawMessage(message: ArchiveMessageBytes, fallbackId: string): Promise<ArchiveMessage> {
  const headers = parseMailHeaders(message.raw);
  const body = await decodeMailBody(message.raw, headers);
  const facts = extractBodyFacts(body.text, { name: headers.fromName, email: headers.fromEmail });
  return {
    ids: headers.messageIds.length ? headers.messageIds : [fallbackId],
    refs: headers.references,
    subject: headers.subject,
    name: headers.fromName,
    email: headers.fromEmail,
    date: headers.date ?? message.time ?? 0,
    loc: message.locator,
    ...(facts.files.length ? { files: facts.files } : {}),
    ...(facts.tags.length ? { tags: facts.tags } : {}),
    ...(facts.changeId ? { changeId: facts.changeId } : {}),
    ...(body.html ? { html: true } : {}),
  };
}
