import type { ThreadMessage } from '../../../shared/discussion';

/**
 * Depth of each message in the reply tree (its parents that the thread holds); a message whose parent chain loops
 * back is a root where the loop closes. Walked with a list, not recursion: a long thread's reply chain can be
 * thousands deep.
 */
export function replyDepths(messages: readonly ThreadMessage[]): Map<string, number> {
  const byId = new Map(messages.map((m) => [m.messageId, m]));
  const out = new Map<string, number>();
  for (const m of messages) {
    // up from the message until a depth is known, a root, or a message already on the way (a loop)
    const chain = [m.messageId];
    const seen = new Set<string>();
    let depth = -1;
    for (;;) {
      const id = chain[chain.length - 1]!;
      const known = out.get(id);
      if (known !== undefined) {
        chain.pop();
        depth = known;
        break;
      }
      seen.add(id);
      const parent = byId.get(id)?.parent;
      if (!parent || !byId.has(parent) || seen.has(parent)) break;
      chain.push(parent);
    }
    for (let i = chain.length - 1; i >= 0; i--) out.set(chain[i]!, ++depth);
  }
  return out;
}
