import { ledgerAbsentNote, type ExportLedger } from '../../../shared/ledger';

/** Every exported symbol with its macro over time; each change is a link to the commit that made it. */
export function LedgerView(p: { ledger: ExportLedger | null; loading: boolean; onJump: (oid: string) => void }) {
  if (!p.ledger) return <div className="ledger muted">{p.loading ? 'Reading exports across history…' : 'No ledger.'}</div>;
  const absent = ledgerAbsentNote(p.ledger);
  const note = absent && (
    <p className="ledger-note muted" role="note">
      {absent}
    </p>
  );
  if (p.ledger.symbols.length === 0)
    return (
      <div className="ledger muted">
        {note}
        No EXPORT_SYMBOL anywhere in this history.
      </div>
    );
  return (
    <div className="ledger">
      {note}
      <table>
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Now</th>
            <th>History (oldest first)</th>
          </tr>
        </thead>
        <tbody>
          {p.ledger.symbols.map((s) => {
            const last = s.events[s.events.length - 1];
            const now = last && last.kind !== 'removed' ? last.to : null;
            return (
              <tr key={`${s.path}:${s.symbol}`}>
                <td>
                  <code>{s.symbol}</code>
                  {s.path !== p.ledger!.path && <div className="muted">{s.path}</div>}
                </td>
                <td>
                  {now ? (
                    <span className={`macro-name ${now.includes('GPL') ? 'gpl' : ''}`}>{now}</span>
                  ) : (
                    <span className="muted">gone</span>
                  )}
                </td>
                <td className="events">
                  {s.events.map((e) => (
                    <button
                      type="button"
                      key={`${e.oid}${e.kind}`}
                      className={`event ${e.kind}`}
                      data-kind={e.kind}
                      onClick={() => p.onJump(e.oid)}
                      title={e.subject}
                    >
                      {e.kind === 'added' ? `+ ${e.to}` : e.kind === 'removed' ? `− ${e.from}` : `${e.from} → ${e.to}`}
                      <span className="muted"> {(e.date ?? '').slice(0, 10)}</span>
                    </button>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
