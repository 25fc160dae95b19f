/**
 * jest globalSetup of the api project (and, through e2e/globalSetup.ts, of the journeys): on a PostgreSQL run
 * (`npm run test:pg`) makes this run's template database (support/database.ts); nothing on SQLite.
 */
import { setUpTemplate } from './database';

export default async function globalSetup(): Promise<void> {
  await setUpTemplate();
}
