import type { ErrorInfo } from '../../../shared/errors';

export function ErrorBanner(props: { error: ErrorInfo | null; onDismiss: () => void; action?: { label: string; run: () => void } }) {
  if (!props.error) return null;
  return (
    <div className="error-banner" role="alert">
      <strong>{titleFor(props.error.code)}</strong>
      <span>{props.error.message}</span>
      {props.action && (
        <button type="button" onClick={props.action.run}>
          {props.action.label}
        </button>
      )}
      <button type="button" className="quiet" onClick={props.onDismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

function titleFor(code: ErrorInfo['code']): string {
  switch (code) {
    case 'InvalidUrl':
      return 'Invalid address';
    case 'HostUnreachable':
      return 'Host unreachable';
    case 'NetworkLost':
      return 'Connection lost';
    case 'NotAGitRepository':
      return 'Not a git repository';
    case 'UnsupportedRepository':
      return 'Repository format not supported';
    case 'PathNotInRepository':
      return 'Path not found';
    case 'EmptyRepository':
      return 'Empty repository';
    case 'Cancelled':
      return 'Cancelled';
    case 'DestinationExists':
      return 'Folder not empty';
    default:
      return 'Problem';
  }
}
