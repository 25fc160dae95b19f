/**
 * Checks the audit trail's hash chain (features/staff auditChainState, the check GET /staff/audit/verify answers
 * with): exit status 0 when every row is as it was
 * appended; 1, naming the first row that does not hold, when a row was edited or deleted.
 *
 *   npm run -s audit:verify
 */
import fs from 'fs';
import { loadConfig } from '../src/core/config';
import { databaseFile, openConfiguredDatabase } from '../src/core/db/database';
import { auditChainState } from '../src/features/staff';
import { StartupError } from '../src/core/startupError';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl && !fs.existsSync(databaseFile(config.dataDir))) {
    process.stderr.write(`没有数据库：${databaseFile(config.dataDir)}（DATA_DIR 须与服务器相同）\n`);
    process.exit(2);
  }
  let opened;
  try {
    opened = await openConfiguredDatabase(config, { checkIntegrity: false });
  } catch (err) {
    process.stderr.write(`${err instanceof StartupError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  try {
    const state = await auditChainState(opened.db);
    if (state.firstBad === null) {
      process.stdout.write(`audit trail intact: ${state.rows} rows\n`);
    } else {
      process.stdout.write(`audit trail broken at row ${state.firstBad.seq}: ${state.firstBad.reason}\n`);
      process.exitCode = 1;
    }
  } finally {
    await opened.close();
  }
}

void main();
