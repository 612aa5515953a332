import { parseDocument } from 'yaml';

/**
 * A chart cell's YAML with one key set, or removed when the value is null, through the YAML
 * document: comments and the other keys stay as the author wrote them.
 */
export function setChartKey(yaml: string, key: string, value: string | null): string {
  const doc = parseDocument(yaml, { schema: 'core' });
  if (value === null) doc.delete(key);
  else doc.set(key, value);
  return doc.toString();
}
