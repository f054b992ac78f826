export type ReportFormat = 'html' | 'md' | 'json' | 'csv' | 'pdf';

export interface ReportResult {
  readonly format: ReportFormat;
  readonly fileName: string;
  readonly mime: string;
  readonly content: string;
  /** base64 for binary formats (PDF); text otherwise. */
  readonly encoding?: 'base64';
  /** Commits in the report (after the filter). */
  readonly commits: number;
}
