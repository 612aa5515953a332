/**
 * The tables a SQL statement reads: the names after FROM and JOIN (and after commas in a FROM
 * list), minus the statement's own CTEs and table functions. A notebook cell depends on the cells
 * named there; a column that happens to share a cell's name does not make a dependency.
 */
export function sqlTableReferences(sql: string): string[] {
  const tokens = tokenize(sql);
  const ctes = new Set<string>();
  const found: string[] = [];
  // One frame per parenthesis depth: is it inside a FROM list, and is a table name due next?
  const frames = [{ inFrom: false, expectTable: false }];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const frame = frames[frames.length - 1];
    if (token.kind === 'word' || token.kind === 'quoted') {
      const next = tokens[i + 1];
      const word = token.text.toLowerCase();
      if (token.kind === 'word' && word === 'as' && next?.text === '(' && i > 0) {
        const before = tokens[i - 1];
        if (before.kind === 'word' || before.kind === 'quoted') ctes.add(before.text.toLowerCase());
      }
      if (frame.expectTable) {
        frame.expectTable = false;
        if (next?.text === '(') continue; // a table function: range(10), unnest(…)
        const qualified = next?.text === '.';
        if (qualified) {
          const last = tokens[i + 2];
          // `cells.per_trial` names a cell's table; `main.runs` does not.
          if (word === 'cells' && last && (last.kind === 'word' || last.kind === 'quoted')) found.push(last.text);
          i += 2;
          continue;
        }
        found.push(token.text);
        continue;
      }
      if (token.kind !== 'word') continue;
      if (word === 'from') {
        frame.inFrom = true;
        frame.expectTable = true;
      } else if (word === 'join') {
        frame.expectTable = true;
      } else if (FROM_ENDS.has(word)) {
        frame.inFrom = false;
      }
    } else if (token.text === '(') {
      frame.expectTable = false;
      frames.push({ inFrom: false, expectTable: false });
    } else if (token.text === ')') {
      if (frames.length > 1) frames.pop();
    } else if (token.text === ',') {
      if (frame.inFrom) frame.expectTable = true;
    }
  }
  return [...new Set(found.filter((name) => !ctes.has(name.toLowerCase())))];
}

/** How many statements the text holds (semicolons outside strings and comments, not a trailing one). */
export function sqlStatementCount(sql: string): number {
  const tokens = tokenize(sql);
  let count = 0;
  let open = false;
  for (const token of tokens) {
    if (token.text === ';') {
      if (open) count++;
      open = false;
    } else open = true;
  }
  return count + (open ? 1 : 0);
}

const FROM_ENDS = new Set(['where', 'group', 'order', 'having', 'limit', 'offset', 'qualify', 'window', 'union', 'except', 'intersect', 'select', 'on', 'using', 'set', 'returning', 'values']);

interface Token {
  kind: 'word' | 'quoted' | 'punct';
  text: string;
}

/** Words, quoted identifiers and punctuation; strings and comments are skipped whole. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) i++;
    else if (c === '-' && sql[i + 1] === '-') i = end(sql.indexOf('\n', i));
    else if (c === '/' && sql[i + 1] === '*') i = end(sql.indexOf('*/', i + 2), 2);
    else if (c === "'") i = closeQuote(sql, i, "'");
    else if (c === '"') {
      const close = closeQuote(sql, i, '"');
      tokens.push({ kind: 'quoted', text: sql.slice(i + 1, close - 1).replaceAll('""', '"') });
      i = close;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < sql.length && /[A-Za-z0-9_$]/.test(sql[i])) i++;
      tokens.push({ kind: 'word', text: sql.slice(start, i) });
    } else {
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;

  function end(at: number, width = 0): number {
    return at < 0 ? sql.length : at + width;
  }
}

/** The index just past the quote that closes the one at `start` (a doubled quote is an escape). */
function closeQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
