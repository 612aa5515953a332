/**
 * DuckDB's refusals under LOCKDOWN_SQL, said as what they mean to a user: the engine reaches no
 * file, no URL and no extension by design, so SQL in a notebook or a shared link cannot fetch or
 * send anything. Null for any other error.
 */
export function explainLockdown(message: string): string | null {
  const said = `(DuckDB: ${message.split('\n')[0].trim()})`;
  const file = /Cannot access (?:file|directory) "([^"]*)" - file system operations are disabled by configuration/.exec(message);
  if (file) {
    const what = /^[a-z][a-z0-9+.-]*:\/\//i.test(file[1]) ? 'fetch the address' : 'read or write the file';
    return (
      `This SQL tries to ${what} "${file[1]}", and Trialbook's engine has no access to files or the network: SQL here, ` +
      'also from a shared link, reads only the snapshot you opened (experiments, trials, runs, metrics, … and other cells by name). ' +
      `To use other data, open it as a snapshot. ${said}`
    );
  }
  if (/(?:Loading|Installing) external extensions is disabled|extension.*disabled through configuration/i.test(message)) {
    return `DuckDB extensions cannot be loaded in Trialbook: they would come from the network, and the engine runs without it. What Trialbook reads needs none. ${said}`;
  }
  if (/the configuration has been locked/.test(message)) {
    return `Trialbook's engine settings cannot be changed from SQL (they keep files, the network and extensions out of reach). ${said}`;
  }
  return null;
}
