/**
 * The structure of an SQL text: every string literal becomes '?' and every quoted identifier
 * "?", with '' and "" read as escapes inside them. Two texts with equal shapes differ only in
 * what they quote, so no name changed what the statement does.
 */
export function sqlShape(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const quote = sql[i];
    if (quote !== "'" && quote !== '"') {
      out += quote;
      i++;
      continue;
    }
    i++;
    for (;;) {
      // An unterminated quote would let the rest of the text hide inside it: say so.
      if (i >= sql.length) throw new Error(`unterminated ${quote} in SQL`);
      if (sql[i] === quote && sql[i + 1] === quote) i += 2;
      else if (sql[i] === quote) break;
      else i++;
    }
    i++;
    out += `${quote}?${quote}`;
  }
  // A literal holding NUL is written ('a' || chr(0) || 'b'): still one literal.
  return out.replace(/\('\?'(?: \|\| chr\(0\) \|\| '\?')+\)/g, "'?'");
}
