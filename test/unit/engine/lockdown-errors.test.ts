import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { explainLockdown } from '../../../src/engine/lockdown-errors.ts';
import { createNodeEngine } from '../../fixtures/engine.ts';

let engine: Engine;
let server: Server;
let address: string;
const requests: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'trialbook-lockdown-'));

beforeAll(async () => {
  engine = await createNodeEngine();
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('a,b\n1,2\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(join(dir, 'secret.csv'), 'a,b\n1,2\n');
});
afterAll(async () => {
  await engine.close();
  await new Promise((resolve) => server.close(resolve));
});

const refusal = (sql: string) => engine.query(sql).then(() => 'ran', (error: Error) => error.message);

describe('SQL cannot reach files, the network or extensions', () => {
  it('a read of a URL or a file fails with words saying why, and no request is made', async () => {
    for (const sql of [`SELECT * FROM read_csv('${address}/data.csv')`, `SELECT * FROM read_text('${address}/t')`, `ATTACH '${address}/x.db' AS x`]) {
      expect(await refusal(sql)).toMatch(/^This SQL tries to fetch the address "http:\/\/127\.0\.0\.1:\d+\/[^"]+", and Trialbook's engine has no access to files or the network/);
    }
    expect(await refusal(`SELECT * FROM read_csv('${join(dir, 'secret.csv')}')`)).toMatch(/tries to read or write the file ".*secret\.csv"/);
    expect(requests).toEqual([]);
  });

  it('nothing can be written out', async () => {
    const target = join(dir, 'out.csv');
    expect(await refusal(`COPY (SELECT 42) TO '${target}'`)).toMatch(/tries to read or write the file/);
    expect(existsSync(target)).toBe(false);
  });

  it('extensions cannot be loaded and the settings cannot be undone', async () => {
    expect(await refusal('LOAD httpfs')).toMatch(/^DuckDB extensions cannot be loaded in Trialbook/);
    expect(await refusal('SET enable_external_access = true')).toMatch(/^Trialbook's engine settings cannot be changed from SQL/);
    expect(await refusal('RESET enable_external_access')).not.toBe('ran');
    expect(await refusal(`SELECT * FROM read_csv('${address}/after-reset.csv')`)).toMatch(/no access to files or the network/);
    expect(requests).toEqual([]);
  });

  it('other errors keep their own words', () => {
    expect(explainLockdown('Catalog Error: Table with name nope does not exist!')).toBeNull();
  });
});
