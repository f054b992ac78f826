/** Every failure a user can act on has a code; the message says what to do. */
export type ErrorCode =
  | 'InvalidUrl'
  | 'HostUnreachable'
  | 'NetworkLost'
  | 'NotAGitRepository'
  | 'PathNotInRepository'
  | 'EmptyRepository'
  | 'RevisionNotFound'
  | 'ObjectMissing'
  | 'Cancelled'
  | 'DestinationExists'
  | 'CorruptIndex'
  | 'InvalidRequest'
  | 'Unauthorized'
  | 'Internal';

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  /** A suggestion the UI can offer as an action (e.g. the closest existing path). */
  readonly suggestion?: string;
}

export class StrataError extends Error {
  readonly code: ErrorCode;
  readonly suggestion?: string;
  constructor(code: ErrorCode, message: string, suggestion?: string) {
    super(message);
    this.name = code;
    this.code = code;
    if (suggestion !== undefined) this.suggestion = suggestion;
  }
  toInfo(): ErrorInfo {
    return this.suggestion === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, suggestion: this.suggestion };
  }
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof StrataError) return err.toInfo();
  if (err && typeof err === 'object' && 'code' in err && 'message' in err && typeof (err as ErrorInfo).message === 'string') {
    const e = err as { code: unknown; message: string; suggestion?: unknown };
    if (typeof e.code === 'string' && KNOWN_CODES.has(e.code as ErrorCode)) {
      return typeof e.suggestion === 'string'
        ? { code: e.code as ErrorCode, message: e.message, suggestion: e.suggestion }
        : { code: e.code as ErrorCode, message: e.message };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'Internal', message: `Unexpected error: ${message}` };
}

const KNOWN_CODES = new Set<ErrorCode>([
  'InvalidUrl', 'HostUnreachable', 'NetworkLost', 'NotAGitRepository', 'PathNotInRepository', 'EmptyRepository',
  'RevisionNotFound', 'ObjectMissing', 'Cancelled', 'DestinationExists', 'CorruptIndex', 'InvalidRequest',
  'Unauthorized', 'Internal',
]);
