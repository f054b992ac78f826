import { useEffect, useId, useState } from 'react';
import type { StrataClient } from '../../../shared/api';
import { isValidRevision } from '../../../shared/refName';
import { revisionRange } from '../../../shared/timelineKey';
import { useApiQuery } from '../client/useApiQuery';

const HEX = /^[0-9a-f]{4,40}$/i;

/**
 * Which branch or tag the timeline is read at: a field with the repository's branches and tags to pick from
 * (typing filters them). Enter or a pick from the list opens the timeline there; Esc puts the field back.
 */
export function RefPicker(p: { client: StrataClient; dir: string; rev: string | undefined; onOpenRev: (rev: string | null) => void }) {
  const refs = useApiQuery(p.client, 'listRefs', { dir: p.dir }).value;
  const shown = p.rev ?? 'HEAD';
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState('');
  const listId = useId();
  useEffect(() => setText(shown), [shown]);

  const names = refs ? [...refs.branches.map((b) => b.name), ...refs.tags.map((t) => t.name)] : [];
  const known = (name: string) => name === 'HEAD' || names.includes(name);
  const go = (name: string) => {
    const wanted = name.trim();
    // at HEAD, the branch HEAD names is what is shown already
    if (wanted === shown || (p.rev === undefined && wanted === refs?.current)) return;
    // a name the list does not have is taken where it is an id or a revision with steps (HEAD~3) or a message search
    // (:/text), or a range (v5.0..v5.5: what the second reaches and the first does not)
    if (!known(wanted) && !(HEX.test(wanted) || (isValidRevision(wanted) && /[~^]|^:\//.test(wanted)) || revisionRange(wanted) !== null)) {
      setProblem(`No branch or tag named "${wanted.slice(0, 60)}"`);
      return;
    }
    setProblem('');
    p.onOpenRev(wanted === 'HEAD' ? null : wanted);
  };
  return (
    <span className="ref-picker">
      <input
        aria-label="Branch or tag"
        title={`The history is read from ${shown}${refs?.current && !p.rev ? ` (${refs.current})` : ''}; pick a branch or tag, or type a revision (HEAD~3, :/message text) or a range (v5.0..v5.5, as git log A..B), Enter to open`}
        list={listId}
        value={text}
        spellCheck={false}
        aria-invalid={problem !== ''}
        onChange={(e) => {
          setProblem('');
          const v = e.target.value;
          setText(v);
          // a pick from the list (not a keystroke that happens to spell a name) opens it at once
          if ((e.nativeEvent as InputEvent).inputType === 'insertReplacementText' || !(e.nativeEvent instanceof InputEvent)) {
            if (known(v)) go(v);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') go(text);
          else if (e.key === 'Escape') {
            setText(shown);
            setProblem('');
            e.currentTarget.blur();
          }
          e.stopPropagation(); // j, k, n… are typed here, not timeline keys
        }}
      />
      <datalist id={listId}>
        <option value="HEAD">{refs?.current ? `HEAD (${refs.current})` : 'HEAD'}</option>
        {refs?.branches.map((b) => (
          <option key={`b${b.name}`} value={b.name}>
            {b.remote ? 'remote branch' : 'branch'}
          </option>
        ))}
        {refs?.tags.map((t) => (
          <option key={`t${t.name}`} value={t.name}>
            tag
          </option>
        ))}
      </datalist>
      {problem && (
        <span className="warning" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
