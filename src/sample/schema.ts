// The Experiment Manager's DDL, reproduced byte for byte as SQLite stores it in
// sqlite_master of a real snapshot (the tracker writes a MySQL schema through text
// substitution, hence VARCHAR/FLOAT/INT spellings and AUTOINCREMENT everywhere).
// Whitespace matters: readers may compare `sqlite_master.sql` against real files.

export interface SchemaOptions {
  /** Newer tracker versions add BATCH, BATCH_METRIC and BATCH_ARTIFACT. Default true. */
  batchTables?: boolean;
  /** Edited files or other databases allow NULL in METRIC.total_val. Default false. */
  nullableTotalVal?: boolean;
}

interface TableDef {
  name: string;
  lines: string[];
  batch?: boolean;
}

function tables(nullableTotalVal: boolean): TableDef[] {
  const totalVal = nullableTotalVal ? 'total_val FLOAT' : 'total_val FLOAT NOT NULL';
  return [
    {
      name: 'SCHEMA_VERSION',
      lines: [
        'id INTEGER PRIMARY KEY AUTOINCREMENT',
        'version VARCHAR(20) NOT NULL UNIQUE',
        'migration_name VARCHAR(255) NOT NULL',
        'description TEXT',
        'applied_at TEXT NOT NULL',
        'rollback_script TEXT',
      ],
    },
    {
      name: 'EXPERIMENT',
      lines: [
        'id INTEGER PRIMARY KEY AUTOINCREMENT',
        'title VARCHAR(255) NOT NULL',
        'desc TEXT',
        'start_time TEXT NOT NULL',
        'update_time TEXT NOT NULL',
      ],
    },
    {
      name: 'TRIAL',
      lines: [
        'id INTEGER PRIMARY KEY AUTOINCREMENT',
        'name VARCHAR(255) NOT NULL',
        'experiment_id INT NOT NULL',
        'start_time TEXT NOT NULL',
        'update_time TEXT NOT NULL',
        'FOREIGN KEY (experiment_id) REFERENCES EXPERIMENT(id)',
      ],
    },
    {
      name: 'TRIAL_RUN',
      lines: [
        'id INTEGER PRIMARY KEY AUTOINCREMENT',
        'trial_id INT NOT NULL',
        'status VARCHAR(50) NOT NULL',
        'start_time TEXT NOT NULL',
        'update_time TEXT NOT NULL',
        'FOREIGN KEY (trial_id) REFERENCES TRIAL(id)',
      ],
    },
    {
      name: 'RESULTS',
      lines: [
        'trial_run_id INT PRIMARY KEY',
        'time TEXT NOT NULL',
        'FOREIGN KEY (trial_run_id) REFERENCES TRIAL_RUN(id)',
      ],
    },
    {
      name: 'EPOCH',
      lines: [
        'idx INT',
        'trial_run_id INT',
        'time TEXT NOT NULL',
        'PRIMARY KEY (idx, trial_run_id)',
        'FOREIGN KEY (trial_run_id) REFERENCES TRIAL_RUN(id)',
      ],
    },
    {
      name: 'BATCH',
      batch: true,
      lines: [
        'idx INT',
        'epoch_idx INT',
        'trial_run_id INT',
        'time TEXT NOT NULL',
        'PRIMARY KEY (idx, epoch_idx, trial_run_id)',
        'FOREIGN KEY (epoch_idx, trial_run_id) REFERENCES EPOCH(idx, trial_run_id)',
      ],
    },
    {
      name: 'METRIC',
      lines: [
        'id INTEGER PRIMARY KEY AUTOINCREMENT',
        'type VARCHAR(50) NOT NULL',
        totalVal,
        'per_label_val TEXT',
      ],
    },
    {
      name: 'ARTIFACT',
      lines: [
        'id INTEGER PRIMARY KEY AUTOINCREMENT',
        'type VARCHAR(50) NOT NULL',
        'loc VARCHAR(255) NOT NULL',
      ],
    },
    link('EXPERIMENT_ARTIFACT', [['experiment_id'], 'EXPERIMENT(id)'], [['artifact_id'], 'ARTIFACT(id)']),
    link('TRIAL_ARTIFACT', [['trial_id'], 'TRIAL(id)'], [['artifact_id'], 'ARTIFACT(id)']),
    link('RESULTS_METRIC', [['results_id'], 'RESULTS(trial_run_id)'], [['metric_id'], 'METRIC(id)']),
    link('RESULTS_ARTIFACT', [['results_id'], 'RESULTS(trial_run_id)'], [['artifact_id'], 'ARTIFACT(id)']),
    link(
      'EPOCH_METRIC',
      [['epoch_idx', 'epoch_trial_run_id'], 'EPOCH(idx, trial_run_id)'],
      [['metric_id'], 'METRIC(id)'],
    ),
    link(
      'EPOCH_ARTIFACT',
      [['epoch_idx', 'epoch_trial_run_id'], 'EPOCH(idx, trial_run_id)'],
      [['artifact_id'], 'ARTIFACT(id)'],
    ),
    link('TRIAL_RUN_ARTIFACT', [['trial_run_id'], 'TRIAL_RUN(id)'], [['artifact_id'], 'ARTIFACT(id)']),
    {
      ...link(
        'BATCH_METRIC',
        [['batch_idx', 'epoch_idx', 'trial_run_id'], 'BATCH(idx, epoch_idx, trial_run_id)'],
        [['metric_id'], 'METRIC(id)'],
      ),
      batch: true,
    },
    {
      ...link(
        'BATCH_ARTIFACT',
        [['batch_idx', 'epoch_idx', 'trial_run_id'], 'BATCH(idx, epoch_idx, trial_run_id)'],
        [['artifact_id'], 'ARTIFACT(id)'],
      ),
      batch: true,
    },
  ];
}

type Ref = [columns: string[], target: string];

// Link tables share one shape: INT columns, a primary key over all of them, one FK per side.
function link(name: string, owner: Ref, member: Ref): TableDef {
  const cols = [...owner[0], ...member[0]];
  return {
    name,
    lines: [
      ...cols.map((c) => `${c} INT`),
      `PRIMARY KEY (${cols.join(', ')})`,
      `FOREIGN KEY (${owner[0].join(', ')}) REFERENCES ${owner[1]}`,
      `FOREIGN KEY (${member[0].join(', ')}) REFERENCES ${member[1]}`,
    ],
  };
}

/** The CREATE TABLE statements of a snapshot, in the order the tracker creates them. */
export function experimentManagerDDL(options: SchemaOptions = {}): string {
  const batchTables = options.batchTables ?? true;
  return tables(options.nullableTotalVal ?? false)
    .filter((t) => batchTables || !t.batch)
    .map((t) => `CREATE TABLE ${t.name} (\n        ${t.lines.join(',\n        ')}\n    );\n`)
    .join('');
}
