export type ReportFormat = 'html' | 'md' | 'json' | 'csv' | 'pdf';

export interface ReportResult {
  readonly format: ReportFormat;
  readonly fileName: string;
  readonly mime: string;
  readonly content: string;
  /** base64 for binary formats (PDF); text otherwise. */
  readonly encoding?: 'base64';
}
