/** jest globalTeardown of the api and e2e projects: drops this run's PostgreSQL template database, if any. */
import { tearDownTemplate } from './database';

export default async function globalTeardown(): Promise<void> {
  await tearDownTemplate();
}
