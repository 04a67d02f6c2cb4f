/** Error codes map onto exit codes: usage errors exit 2, unreadable targets or data exit 3. */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'IGNORE_FILE_INVALID'
  | 'TARGET_UNREADABLE'
  | 'TARGET_NOT_FOUND'
  | 'UNKNOWN_RULE'
  | 'OUTPUT_UNWRITABLE';

/** A typed error with a one-line user message and a hint saying what to do. */
export class BulkheadError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BulkheadError';
    this.code = code;
    this.hint = hint;
  }
}

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'USAGE':
    case 'CONFIG_INVALID':
    case 'IGNORE_FILE_INVALID':
    case 'UNKNOWN_RULE':
      return 2;
    case 'TARGET_UNREADABLE':
    case 'TARGET_NOT_FOUND':
    case 'OUTPUT_UNWRITABLE':
      return 3;
  }
}
