/** An error as the page shows it: what failed (title) and why, with what to do (message). */
export interface ShownError {
  title: string;
  message: string;
  /** The message is engine output (SQL with a caret under the error): keep its lines and columns. */
  preformatted?: boolean;
  /** What to do next, or what is unaffected, after the message. */
  hint?: string;
}

/** The readable part of anything thrown: library errors carry a user-facing message already. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const trimmed = text.trim() || 'an unknown error occurred (no message was given).';
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
