// Writes the bundled sample snapshot (static/sample.db by default). Deterministic: rerunning
// it must not change the file unless the generator changed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { nodeReaderModules } from '../src/ingest/node-readers.ts';
import { generateSnapshot } from '../src/sample/generate.ts';

const MAX_BYTES = 2 * 1024 * 1024; // the sample ships with the app and must stay small

const out = resolve(process.argv[2] ?? 'static/sample.db');
const started = performance.now();
const bytes = await generateSnapshot({});
const ms = performance.now() - started;
if (bytes.length >= MAX_BYTES) throw new Error(`sample is ${bytes.length} bytes, over the 2 MB budget`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);

// sql.js is one module per process; everyone takes it from Trialbook's loader, as the writer does.
const SQL = (await nodeReaderModules.sqlite()).sql;
const db = new SQL.Database(bytes);
const rows = (sql: string) => db.exec(sql)[0]?.values ?? [];
console.log(`wrote ${out}: ${bytes.length} bytes in ${ms.toFixed(0)} ms`);
for (const table of ['EXPERIMENT', 'TRIAL', 'TRIAL_RUN', 'RESULTS', 'EPOCH', 'BATCH', 'METRIC', 'ARTIFACT']) {
  console.log(`  ${table.padEnd(10)} ${rows(`SELECT count(*) FROM ${table}`)[0][0]}`);
}
console.log('  runs by experiment / trial (status, finished):');
const perTrial = rows(`
  SELECT e.title, t.name, r.status, count(*), count(res.trial_run_id)
  FROM TRIAL_RUN r JOIN TRIAL t ON t.id = r.trial_id JOIN EXPERIMENT e ON e.id = t.experiment_id
  LEFT JOIN RESULTS res ON res.trial_run_id = r.id
  GROUP BY e.id, t.id, r.status ORDER BY e.id, t.id, r.status`);
for (const [exp, trial, status, n, finished] of perTrial) {
  console.log(`    ${String(exp).padEnd(14)} ${String(trial).padEnd(14)} ${String(status).padEnd(8)} ${n} runs, ${finished} with RESULTS`);
}
console.log('  metrics by level:');
const levels = rows(`
  SELECT 'epoch', m.type, count(*) FROM EPOCH_METRIC l JOIN METRIC m ON m.id = l.metric_id GROUP BY m.type
  UNION ALL SELECT 'batch', m.type, count(*) FROM BATCH_METRIC l JOIN METRIC m ON m.id = l.metric_id GROUP BY m.type
  UNION ALL SELECT 'results', m.type, count(*) FROM RESULTS_METRIC l JOIN METRIC m ON m.id = l.metric_id GROUP BY m.type`);
for (const [level, type, n] of levels) console.log(`    ${String(level).padEnd(8)} ${String(type).padEnd(14)} ${n}`);
db.close();
