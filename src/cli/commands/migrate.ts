import type { Command } from 'commander';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { configFor, storageError } from '../runtime-options.ts';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (every command also does this on start)')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (options: { dataDir?: string }) => {
      const config = configFor(options);
      try {
        const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
        try {
          const applied = await migrateToLatest(handle.db);
          console.log(
            applied.length === 0
              ? `Database at ${handle.location} is up to date.`
              : `Applied ${applied.join(', ')} to ${handle.location}.`,
          );
        } finally {
          await handle.close();
        }
      } catch (error) {
        throw storageError(error, config);
      }
    });
}
