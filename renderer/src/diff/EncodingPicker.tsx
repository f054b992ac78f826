import { encodingLabel, TEXT_ENCODINGS, type TextEncoding } from '../../../shared/textEncodings';
import { usePersistentState } from '../layout/usePersistentState';

const isEncoding = (v: unknown): v is TextEncoding => typeof v === 'string' && (TEXT_ENCODINGS as readonly string[]).includes(v);

/** The encoding a file's text is read in, chosen per repository and file and remembered. */
export function useFileEncoding(dir: string, path: string): [TextEncoding, (e: TextEncoding) => void] {
  return usePersistentState<TextEncoding>(`encoding.${dir}:${path}`, () => 'auto', isEncoding);
}

/** Says which encoding the text shown was read in, and changes it (a file in Latin-1 or Shift-JIS reads right). */
export function EncodingPicker(p: { value: TextEncoding; onChange: (e: TextEncoding) => void; used: string | undefined }) {
  return (
    <label className="encoding-picker" title="The encoding the text is read in (the counts and git's diff come from the bytes)">
      <select value={p.value} aria-label="Text encoding" onChange={(e) => isEncoding(e.target.value) && p.onChange(e.target.value)}>
        {TEXT_ENCODINGS.map((e) => (
          <option key={e} value={e}>
            {e === 'auto' && p.value === 'auto' && p.used ? `Auto: ${encodingLabel(p.used as TextEncoding)}` : encodingLabel(e)}
          </option>
        ))}
      </select>
    </label>
  );
}
