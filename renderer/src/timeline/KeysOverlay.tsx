import { KEY_TABLE } from './timelineKeys';

/** The shortcuts overlay (`?`): every key of the timeline screen, from the same table the key handler reads. */
export function KeysOverlay(p: { onClose: () => void }) {
  return (
    <div className="keys-overlay" role="dialog" aria-label="Keyboard shortcuts" onClick={p.onClose}>
      <div className="keys-card" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {KEY_TABLE.map((b) => (
              <tr key={b.shown} data-keys={b.keys.map(([k]) => k).join(' ')}>
                <th scope="row">
                  <kbd>{b.shown}</kbd>
                </th>
                <td>{b.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={p.onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
