import { CANONICAL_TABLES } from '../ingest/model.ts';

/**
 * A cell's name is a table name in SQL (`FROM per_trial`) and a value in YAML (`input:
 * per_trial`), so it must read the same in both: a plain identifier that is not a snapshot table
 * or a word SQL reserves.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const SQL_WORDS = new Set(
  'all and any as asc between by case cast create delete desc distinct drop else end except exists false from full group having in inner insert intersect into is join left like limit not null offset on or order outer pivot qualify right select set table then true union unpivot update using values when where window with'.split(' '),
);

export function nameProblem(name: string): string | null {
  if (!name) return 'a cell needs a name, such as per_trial';
  if (!IDENTIFIER.test(name)) return `'${name}' cannot be a cell name: use letters, digits and _, starting with a letter (such as per_trial)`;
  const lower = name.toLowerCase();
  if ((CANONICAL_TABLES as readonly string[]).includes(lower)) return `'${name}' is a snapshot table; choose another name (such as my_${lower})`;
  if (SQL_WORDS.has(lower)) return `'${name}' is an SQL word; choose another name`;
  return null;
}

/** A name not yet taken: `base`, then `base_2`, `base_3` … (names compare case-insensitively, as in SQL). */
export function freshName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((name) => name.toLowerCase()));
  const stem = nameProblem(base) ? 'cell' : base;
  if (!used.has(stem.toLowerCase())) return stem;
  for (let n = 2; ; n++) if (!used.has(`${stem}_${n}`.toLowerCase())) return `${stem}_${n}`;
}
