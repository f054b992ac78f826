/** A person as a commit names them: what a mailmap maps from and to. */
export interface Identity {
  readonly name: string;
  readonly email: string;
}

interface Mapping {
  name?: string;
  email?: string;
}

interface EmailEntry {
  /** For any name with this email. */
  readonly any: Mapping;
  /** For one name with this email (lower-cased), where a line names both. */
  readonly byName: Map<string, Mapping>;
}

/**
 * A `.mailmap` (gitmailmap(5)), read as git reads it: one mapping a line, `Proper Name <proper@email> Commit Name
 * <commit@email>` with the proper name, proper email or commit name left out as the forms allow; emails and names
 * match in any case; text after the last `>` and lines starting with `#` are ignored; a later line for the same
 * commit identity wins.
 */
export class Mailmap {
  private readonly byEmail = new Map<string, EmailEntry>();

  static parse(text: string): Mailmap {
    const map = new Mailmap();
    for (const line of text.split('\n')) map.addLine(line);
    return map;
  }

  get size(): number {
    return this.byEmail.size;
  }

  private addLine(line: string): void {
    if (line.startsWith('#')) return;
    const first = nameAndEmail(line, false);
    if (!first) return;
    // the commit's own address may be empty (`<>`), the proper one may not
    const second = nameAndEmail(line.slice(first.end), true);
    const properName = first.name;
    let properEmail: string | undefined = first.email;
    let commitName: string | undefined;
    let commitEmail: string;
    if (second) {
      commitName = second.name;
      commitEmail = second.email;
    } else {
      commitEmail = first.email;
      properEmail = undefined;
    }
    const key = asciiLower(commitEmail);
    let entry = this.byEmail.get(key);
    if (!entry) this.byEmail.set(key, (entry = { any: {}, byName: new Map() }));
    if (commitName === undefined) {
      if (properName !== undefined) entry.any.name = properName;
      if (properEmail !== undefined) entry.any.email = properEmail;
    } else {
      const m: Mapping = {};
      if (properName !== undefined) m.name = properName;
      if (properEmail !== undefined) m.email = properEmail;
      entry.byName.set(asciiLower(commitName), m);
    }
  }

  /** Who `who` is by this mailmap; null where no line maps them. */
  map(who: Identity): Identity | null {
    const entry = this.byEmail.get(asciiLower(who.email));
    if (!entry) return null;
    const m = (entry.byName.size ? entry.byName.get(asciiLower(who.name)) : undefined) ?? entry.any;
    if (m.name === undefined && m.email === undefined) return null;
    return { name: m.name ?? who.name, email: m.email ?? who.email };
  }
}

/** git compares mailmap names and emails with strcasecmp: ASCII letters only fold. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** `Name <email>` at the start of `text` (the name may be empty: then absent); end: just past the `>`. */
function nameAndEmail(text: string, allowEmptyEmail: boolean): { name: string | undefined; email: string; end: number } | null {
  const open = text.indexOf('<');
  if (open < 0) return null;
  const close = text.indexOf('>', open + 1);
  if (close < 0 || (close === open + 1 && !allowEmptyEmail)) return null;
  // the name without C white space around it; the email exactly as written
  const name = text.slice(0, open).replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  return { name: name === '' ? undefined : name, email: text.slice(open + 1, close), end: close + 1 };
}
