/** What a mail subject says once the reply markers and bracketed prefixes are taken off. */
export interface NormalizedSubject {
  /** The subject without `Re:`/`Fwd:`/`AW:`… and without any `[...]` prefix, whitespace collapsed. */
  readonly subject: string;
  /** `subject` lowercased: the key messages of one patch share across versions and replies. */
  readonly key: string;
  /** The subject started with a reply or forward marker. */
  readonly reply: boolean;
  /** A bracket said PATCH (or RFC, RESEND…): the message carries or announces a patch. */
  readonly patch: boolean;
  readonly rfc: boolean;
  /** `v6` in `[PATCH v6 05/22]`; 1 where no version is given. */
  readonly version: number;
  /** 5 in `05/22`; 0 for a cover letter; null where the bracket has no n/m. */
  readonly number: number | null;
  readonly total: number | null;
  /** The other words of the brackets (`net-next`, `RESEND`, `mm-unstable`…), in order. */
  readonly prefixes: readonly string[];
}

// Reply and forward markers of the mail clients seen on kernel lists (English, German, Nordic, Dutch,
// French, Spanish…), with an optional counter (`Re[2]:`, `Re^2:`) and a full-width colon.
const MARKER = /^\s*(?:re|fwd?|aw|wg|sv|vs|antw|antwort|rif|tr|odp)\s*(?:\[\d+\]|\^\d+|\(\d+\))?\s*[:：]\s*/i;
const BRACKET = /^\s*\[([^\]]*)\]\s*/;
const PATCH_WORDS = /^(?:patch|rfc|resend|rfc-patch|patchv\d+|rfcv\d+|pull|git pull|bug|regression)$/i;

/** Runs of white space as one space, trimmed; most subjects have none to collapse, and are returned as they are. */
export function collapseSpace(s: string): string {
  return /\s\s|[^\S ]|^ | $/.test(s) ? s.replace(/\s+/g, ' ').trim() : s;
}

/** Strips reply markers and bracketed prefixes (however they are mixed), keeping version and n/m as fields. */
export function normalizeSubject(raw: string): NormalizedSubject {
  let s = collapseSpace(raw);
  let reply = false;
  let patch = false;
  let rfc = false;
  let version = 1;
  let number: number | null = null;
  let total: number | null = null;
  const prefixes: string[] = [];
  for (;;) {
    const marker = MARKER.exec(s);
    if (marker) {
      reply = true;
      s = s.slice(marker[0].length);
      continue;
    }
    const bracket = BRACKET.exec(s);
    if (bracket && bracket[0].length < s.length) {
      s = s.slice(bracket[0].length);
      const words = bracket[1]!.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (w === 'PATCH') {
          patch = true; // the commonest word, as the tests below would take it
          continue;
        }
        const glued = /^(patch|rfc)v(\d+)$/i.exec(w); // PATCHv2, RFCv3
        const ver = /^v(\d+)$/i.exec(w);
        const nm = /^(\d+)\/(\d+)$/.exec(w);
        if (glued) {
          patch = true;
          if (glued[1]!.toLowerCase() === 'rfc') rfc = true;
          version = Number(glued[2]);
        } else if (ver) version = Number(ver[1]);
        else if (nm) {
          number = Number(nm[1]);
          total = Number(nm[2]);
        } else if (PATCH_WORDS.test(w)) {
          if (/rfc/i.test(w)) rfc = true;
          if (/patch|rfc|resend/i.test(w)) patch = true;
          if (!/^patch$/i.test(w)) prefixes.push(w);
        } else if (/^(?:fwd|fw)$/i.test(w)) reply = true;
        else prefixes.push(w);
      }
      continue;
    }
    break;
  }
  // "(was: old subject)" and "Re: ... (fwd)" tails name another subject, not this one (s ends where it did, trimmed)
  if (s.endsWith(')'))
    s = s
      .replace(/\s*\((?:was|war)\s*:.*\)\s*$/i, '')
      .replace(/\s*\(fwd\)\s*$/i, '')
      .trim();
  return { subject: s, key: s.toLowerCase(), reply, patch, rfc, version, number, total, prefixes };
}
