import { parseQueryYAML } from '../query/yaml.ts';

/** A saved analysis from queries/: a new notebook is built from these (see notebook/templates.ts). */
export interface QueryTemplate {
  /** The file name without .yaml, as the CLI names templates: `per-trial`. */
  name: string;
  title: string;
  description: string;
  /** The YAML as written, comments and layout included. */
  text: string;
}

// Bundled as text at build time: the page reads no file at run time, and the CLI runs the same files.
const files = import.meta.glob<string>('../../queries/*.yaml', { query: '?raw', import: 'default', eager: true });

export const QUERY_TEMPLATES: QueryTemplate[] = Object.entries(files)
  .map(([path, text]) => {
    const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.yaml$/, '');
    const spec = parseQueryYAML(text);
    return { name, title: spec.title ?? name, description: spec.description ?? '', text };
  })
  .sort((a, b) => a.title.localeCompare(b.title));
