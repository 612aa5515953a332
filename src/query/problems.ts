/** One thing wrong with a spec, at a path a user can find in their YAML (`metrics.names[0]`). */
export interface SpecProblem {
  path: string;
  message: string;
}

export class QuerySpecError extends Error {
  override name = 'QuerySpecError';
  constructor(readonly problems: SpecProblem[]) {
    super(`The query spec has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
}

/** Collects problems instead of stopping at the first, so a user sees them all at once. */
export class Problems {
  readonly list: SpecProblem[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  object(value: unknown, path: string): Record<string, unknown> | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.add(path, `expected a mapping (key: value lines), got ${describe(value)}`);
    return null;
  }

  /** A list, where a single value stands for a list of one. */
  many<T>(value: unknown, path: string, item: (value: unknown, path: string) => T | null): T[] {
    if (value === undefined || value === null) return [];
    const items = Array.isArray(value) ? value : [value];
    const at = (i: number) => (Array.isArray(value) ? `${path}[${i}]` : path);
    return items.flatMap((entry, i) => {
      const parsed = item(entry, at(i));
      return parsed === null ? [] : [parsed];
    });
  }

  text = (value: unknown, path: string): string | null => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.add(path, `expected a name, got ${describe(value)}`);
    return null;
  };

  integer = (value: unknown, path: string, min = 0): number | null => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    this.add(path, `expected a whole number${min > 0 ? ` of at least ${min}` : ' (0 or more)'}, got ${describe(value)}`);
    return null;
  };

  number(value: unknown, path: string, positive = false): number | null {
    if (typeof value === 'number' && Number.isFinite(value) && (!positive || value > 0)) return value;
    this.add(path, `expected a${positive ? ' positive' : ''} number, got ${describe(value)}`);
    return null;
  }

  unknownKeys(object: Record<string, unknown>, path: string, known: readonly string[], suggest: (key: string) => string): void {
    for (const key of Object.keys(object)) {
      if (!known.includes(key)) this.add(path ? `${path}.${key}` : key, `unknown field${suggest(key) || `; expected one of ${known.join(', ')}`}`);
    }
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  return String(value);
}
