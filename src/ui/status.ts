/** Run statuses in reading order: finished first, then the ones still open, failures last. */
const ORDER = ['completed', 'running', 'incomplete', 'failed'];
const COLOURED = new Set(ORDER);

export interface StatusCount {
  status: string;
  count: number;
}

/** The statuses of a breakdown in a stable order; statuses the model may add later go last. */
export function orderedStatuses(byStatus: Record<string, number>): StatusCount[] {
  const rank = (status: string) => (ORDER.includes(status) ? ORDER.indexOf(status) : ORDER.length);
  return Object.entries(byStatus)
    .map(([status, count]) => ({ status, count }))
    .sort((a, b) => rank(a.status) - rank(b.status) || a.status.localeCompare(b.status));
}

/** Status names across several breakdowns (the columns of the experiments table). */
export function statusColumns(breakdowns: Record<string, number>[]): string[] {
  const merged: Record<string, number> = {};
  for (const breakdown of breakdowns) for (const [status, count] of Object.entries(breakdown)) merged[status] = (merged[status] ?? 0) + count;
  return orderedStatuses(merged).map(({ status }) => status);
}

export function statusColour(status: string): string {
  return `var(--status-${COLOURED.has(status) ? status : 'other'})`;
}
