import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAnalyticsConfig, type AnalyticsConfig } from '../config/analytics-config.ts';
import { parseQueryYAML } from '../query/yaml.ts';
import type { QuerySpec } from '../query/spec.ts';
import { UsageError } from './usage.ts';

/** The templates shipped in queries/; `trialbook run tracker.db per-trial` finds them by name. */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));

export async function templateNames(): Promise<string[]> {
  return (await readdir(TEMPLATE_DIR)).filter((name) => name.endsWith('.yaml')).map((name) => basename(name, '.yaml')).sort();
}

/** Whether the last argument names a query rather than a snapshot file. */
export function looksLikeQuery(argument: string): boolean {
  return ['.yaml', '.yml'].includes(extname(argument).toLowerCase()) || /^[a-z0-9][a-z0-9-]*$/.test(argument);
}

export async function readQueryFile(argument: string): Promise<QuerySpec> {
  let text: string;
  try {
    text = await readFile(argument, 'utf8');
  } catch {
    const templates = await templateNames();
    if (!templates.includes(argument)) throw new UsageError(`${argument}: no such query file or template (templates: ${templates.join(', ')})`);
    text = await readFile(join(TEMPLATE_DIR, `${argument}.yaml`), 'utf8');
  }
  return parseQueryYAML(text);
}

/** --config FILE: its warnings go to stderr, its errors stop the run (exit 1). */
export async function readConfigFile(path: string): Promise<AnalyticsConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`--config ${path}: no such file`);
  }
  const { config, warnings } = parseAnalyticsConfig(text, basename(path));
  for (const warning of warnings) process.stderr.write(`trialbook: ${basename(path)}: ${warning.path}: ${warning.message}\n`);
  return config;
}
