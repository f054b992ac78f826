import { DIFF_ALGORITHMS, type DiffAlgorithm } from '../../../shared/diffAlgorithm';
import { usePersistentState } from '../layout/usePersistentState';

/** The diff algorithm asked for, or 'config': the repository's diff.algorithm, as git diff uses it. */
export type AlgorithmChoice = DiffAlgorithm | 'config';

const isChoice = (v: unknown): v is AlgorithmChoice =>
  v === 'config' || (typeof v === 'string' && (DIFF_ALGORITHMS as readonly string[]).includes(v));

/** The diff pane's algorithm, remembered for every repository (as a diff.algorithm in ~/.gitconfig would be). */
export function useDiffAlgorithm(): [AlgorithmChoice, (a: AlgorithmChoice) => void] {
  return usePersistentState<AlgorithmChoice>('diffAlgorithm', () => 'config', isChoice);
}

/** git diff's --diff-algorithm for the pane: its hunks are then that algorithm's (the list's counts stay diff.algorithm's). */
export function AlgorithmPicker(p: { value: AlgorithmChoice; onChange: (a: AlgorithmChoice) => void; used: DiffAlgorithm | undefined }) {
  return (
    <label
      className="algorithm-picker"
      title="The diff algorithm the pane's hunks come from (git diff --diff-algorithm); the list's +/- counts stay git log --numstat's, by the repository's diff.algorithm"
    >
      <select value={p.value} aria-label="Diff algorithm" onChange={(e) => isChoice(e.target.value) && p.onChange(e.target.value)}>
        <option value="config">{p.value === 'config' && p.used ? `diff.algorithm: ${p.used}` : 'as diff.algorithm'}</option>
        {DIFF_ALGORITHMS.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
    </label>
  );
}
