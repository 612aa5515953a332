/** Quoting for identifiers and literals; every name that reaches SQL from a file goes through these. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `"schema"."table"` for a table of the given schema. */
export function qualified(schema: string, table: string): string {
  return `${ident(schema)}.${ident(table)}`;
}

export function int(expression: string): string {
  return `CAST(${expression} AS INTEGER)`;
}
