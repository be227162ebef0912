import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataFolder } from './data-folder-lock.ts';

const freshFolder = () => mkdtempSync(join(tmpdir(), 'inflow-lock-'));

describe('the embedded data folder lock', () => {
  it('refuses a second owner while the first holds the folder, naming its process', () => {
    const folder = freshFolder();
    const release = lockDataFolder(folder);
    writeFileSync(join(folder, 'inflow.lock'), String(process.ppid));

    expect(() => lockDataFolder(folder)).toThrow(
      `the data folder ${folder} is in use by process ${process.ppid}`,
    );
    release();
    expect(existsSync(join(folder, 'inflow.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that died', () => {
    const folder = freshFolder();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'],
      { encoding: 'utf8' });
    writeFileSync(join(folder, 'inflow.lock'), dead.stdout);

    const release = lockDataFolder(folder);
    expect(existsSync(join(folder, 'inflow.lock'))).toBe(true);
    release();
  });
});
