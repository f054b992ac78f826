import type { TimelineEntry } from '../../../shared/model';
import { parseMessageFacts, type MessageFacts } from '../../../shared/trailers';

/** The body each facts were parsed from: a list sent without its bodies (bodiesFollow) is parsed again once they come. */
const parsedFrom = new WeakMap<MessageFacts, string>();

/**
 * Each entry's message facts (trailers, Fixes, upstream), parsed once per commit: the list is replaced at every
 * batch of +/- counts (every 250 ms while a first open counts) and every walk's partial, and reparsing 3,000
 * messages each time held the page up. The map is `prev` itself where it names the same commits, so what is worked
 * out from it (the badges) is not worked out again either. An entry whose body changed (it came after the list) is
 * parsed again.
 */
export function messageFactsOf(
  entries: readonly TimelineEntry[],
  prev: ReadonlyMap<string, MessageFacts>,
  parse: (message: string) => MessageFacts = parseMessageFacts,
): ReadonlyMap<string, MessageFacts> {
  let same = prev.size === entries.length;
  const out = new Map<string, MessageFacts>();
  for (const e of entries) {
    let facts = prev.get(e.oid);
    if (facts === undefined || parsedFrom.get(facts) !== e.body) {
      facts = parse(`${e.subject}\n\n${e.body}`);
      parsedFrom.set(facts, e.body);
      same = false;
    }
    out.set(e.oid, facts);
  }
  return same ? prev : out;
}
