/**
 * A data folder or key the server must not start with (a lost or damaged database, another master key). The
 * message is for the person starting the server: what happened and how to recover. main.ts prints it without a
 * stack trace and exits 1.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
