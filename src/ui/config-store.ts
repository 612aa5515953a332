import { ConfigError, parseAnalyticsConfig, type ConfigReport } from '../config/analytics-config.ts';
import type { SpecProblem } from '../query/problems.ts';

/** The analytics_config.yaml the Query panel runs with: the parsed defaults, and what they came from. */
export interface ActiveConfig extends ConfigReport {
  name: string;
  text: string;
}

/** A file that did not load: every problem, with the file's name for the heading. */
export interface ConfigFailure {
  name: string;
  problems: SpecProblem[];
}

/** Exported for the tests, which plant an entry an older page could have left. */
export const CONFIG_STORAGE_KEY = 'trialbook.analytics-config';

/** Parses a file's text; a bad file throws ConfigError with every problem. */
export function readConfig(name: string, text: string): ActiveConfig {
  return { name, text, ...parseAnalyticsConfig(text, name) };
}

/**
 * The config kept from an earlier visit. The YAML is kept rather than the parsed result so that
 * a newer version of the page reads it with its own rules; one that no longer passes them is
 * forgotten, and its problems are returned to be shown this once.
 */
export function restoreConfig(): { active: ActiveConfig | null; failure: ConfigFailure | null } {
  const saved = readSaved();
  if (!saved) return { active: null, failure: null };
  try {
    return { active: readConfig(saved.name, saved.text), failure: null };
  } catch (caught) {
    if (!(caught instanceof ConfigError)) throw caught;
    saveConfig(null);
    return { active: null, failure: { name: saved.name, problems: caught.problems } };
  }
}

/** Keeps (or, given null, forgets) the config; false when the browser refuses to store it. */
export function saveConfig(config: Pick<ActiveConfig, 'name' | 'text'> | null): boolean {
  // Storage throws when it is disabled or full; the config still applies until the page reloads.
  try {
    if (config) localStorage.setItem(CONFIG_STORAGE_KEY, JSON.stringify({ name: config.name, text: config.text }));
    else localStorage.removeItem(CONFIG_STORAGE_KEY);
    return true;
  } catch {
    return false;
  }
}

function readSaved(): { name: string; text: string } | null {
  // Unreadable storage, or an entry that is not ours (edited by hand, an older shape), counts as none.
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(CONFIG_STORAGE_KEY) ?? 'null');
    if (saved && typeof saved === 'object' && 'name' in saved && 'text' in saved && typeof saved.name === 'string' && typeof saved.text === 'string') {
      return { name: saved.name, text: saved.text };
    }
  } catch {
    // Falls through to none.
  }
  return null;
}
