/** Every failure a user can act on has a code; the message says what to do. */
export type ErrorCode =
  | 'InvalidUrl'
  | 'HostUnreachable'
  | 'NetworkLost'
  | 'NotAGitRepository'
  /** A git repository in a format Strata does not read (SHA-256 object names, reftable refs). */
  | 'UnsupportedRepository'
  | 'PathNotInRepository'
  | 'EmptyRepository'
  | 'RevisionNotFound'
  | 'ObjectMissing'
  | 'Cancelled'
  | 'DestinationExists'
  | 'CorruptIndex'
  | 'FileTooLarge'
  | 'InvalidRequest'
  | 'Unauthorized'
  | 'Internal';

/** Work cut short whose finished part is kept: doing the same again continues from there. */
export interface Resumable {
  /** The steps kept (of a clone in steps). */
  readonly stepsKept: number;
}

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  /** A suggestion the UI can offer as an action (e.g. the closest existing path). */
  readonly suggestion?: string;
  /** Set where a resumable clone was cut: the UI offers to resume rather than to try again. */
  readonly resumable?: Resumable;
}

export class StrataError extends Error {
  readonly code: ErrorCode;
  readonly suggestion?: string;
  readonly resumable?: Resumable;
  /** `details`: a suggestion, or the optional parts of an ErrorInfo. */
  constructor(code: ErrorCode, message: string, details?: string | Omit<ErrorInfo, 'code' | 'message'>) {
    super(message);
    this.name = code;
    this.code = code;
    const d = typeof details === 'string' ? { suggestion: details } : details;
    if (d?.suggestion !== undefined) this.suggestion = d.suggestion;
    if (d?.resumable !== undefined) this.resumable = d.resumable;
  }
  /** The error again from its ErrorInfo (as it crossed from a worker). */
  static fromInfo(info: ErrorInfo): StrataError {
    return new StrataError(info.code, info.message, info);
  }
  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.suggestion !== undefined ? { suggestion: this.suggestion } : {}),
      ...(this.resumable !== undefined ? { resumable: this.resumable } : {}),
    };
  }
}

/** A read of an object the repository lacks (a partial clone, a damaged one): work that can go on without it does. */
export function isObjectMissing(err: unknown): boolean {
  return err instanceof StrataError && err.code === 'ObjectMissing';
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof StrataError) return err.toInfo();
  if (err && typeof err === 'object' && 'code' in err && 'message' in err && typeof (err as ErrorInfo).message === 'string') {
    const e = err as { code: unknown; message: string; suggestion?: unknown; resumable?: unknown };
    if (typeof e.code === 'string' && KNOWN_CODES.has(e.code as ErrorCode)) {
      const stepsKept = e.resumable && typeof e.resumable === 'object' ? (e.resumable as { stepsKept?: unknown }).stepsKept : undefined;
      return {
        code: e.code as ErrorCode,
        message: e.message,
        ...(typeof e.suggestion === 'string' ? { suggestion: e.suggestion } : {}),
        ...(typeof stepsKept === 'number' ? { resumable: { stepsKept } } : {}),
      };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'Internal', message: `Unexpected error: ${message}` };
}

// every code, by name: a code added to ErrorCode and not here does not compile
const CODE_NAMES: Record<ErrorCode, true> = {
  InvalidUrl: true,
  HostUnreachable: true,
  NetworkLost: true,
  NotAGitRepository: true,
  UnsupportedRepository: true,
  PathNotInRepository: true,
  EmptyRepository: true,
  RevisionNotFound: true,
  ObjectMissing: true,
  Cancelled: true,
  DestinationExists: true,
  CorruptIndex: true,
  FileTooLarge: true,
  InvalidRequest: true,
  Unauthorized: true,
  Internal: true,
};
const KNOWN_CODES = new Set(Object.keys(CODE_NAMES));
