import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database is one process's files: a second process opening the same folder
 * would work on its own copy in memory and one of the two would lose its writes. The lock is
 * a file holding the owner's process id; one left by a process that died is taken over.
 */
export function lockDataFolder(folder: string): () => void {
  const path = join(folder, 'inflow.lock');

  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const descriptor = openSync(path, 'wx');
      writeFileSync(descriptor, String(process.pid));
      closeSync(descriptor);
      const release = () => removeQuietly(path);
      process.once('exit', release);
      return () => {
        process.removeListener('exit', release);
        release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      if (isRunning(owner)) {
        throw new Error(
          `the data folder ${folder} is in use by process ${owner}; stop that process ` +
            'or give this one another --data-dir (or INFLOW_DATA_DIR)',
        );
      }
      removeQuietly(path);
    }
  }
  throw new Error(`could not lock the data folder ${folder}`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
