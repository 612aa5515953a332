const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The key that runs an editor's text, as the help line names it. */
export const RUN_SHORTCUT = isMac ? '⌘ Enter' : 'Ctrl+Enter';

export function isRunShortcut(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}
