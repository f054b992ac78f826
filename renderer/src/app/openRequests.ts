/** What the start screen, the menu and the error banner ask to open. */
export interface OpenRequest {
  readonly dir: string;
  readonly path: string;
  readonly follow: boolean;
  /** A branch, tag or commit; absent: HEAD. */
  readonly rev?: string;
}

export interface CloneRequest {
  readonly url: string;
  /** The file to open once cloned. */
  readonly path: string;
  readonly depth?: number;
  readonly since?: string;
  readonly resumable?: boolean;
}
