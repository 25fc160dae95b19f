/**
 * Checks the audit trail's hash chain (core/db/audit.ts verifyAudit): exit status 0 when every row is as it was
 * appended; 1, naming the first row that does not hold, when a row was edited or deleted.
 *
 *   npm run -s audit:verify
 */
import fs from 'fs';
import { loadConfig } from '../src/core/config';
import { databaseFile, openConfiguredDatabase } from '../src/core/db/database';
import { verifyAudit } from '../src/core/db/audit';
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
    const verdict = await verifyAudit(opened.db);
    if (verdict.ok) {
      process.stdout.write(`audit trail intact: ${verdict.rows} rows\n`);
    } else {
      process.stdout.write(`audit trail broken at row ${verdict.seq}: ${verdict.reason}\n`);
      process.exitCode = 1;
    }
  } finally {
    await opened.close();
  }
}

void main();
