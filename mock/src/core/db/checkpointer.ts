import { Worker } from 'worker_threads';

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint (every 1,000 WAL pages) runs inside the
 * COMMIT that crosses the mark, on the connection that wrote it: it copies the WAL into the database file and
 * fsyncs both (synchronous=NORMAL syncs at checkpoints, sqlite.org/wal.html#performance_considerations). With
 * better-sqlite3 that is the server's only thread, so every request waited behind the fsyncs, and a busy disk
 * made them the slowest part of a door unlock. The server's connection turns the automatic checkpoint off
 * (wal_autocheckpoint = 0) and this thread, with a connection of its own, runs PRAGMA wal_checkpoint(PASSIVE)
 * every CHECKPOINT_INTERVAL_MS: PASSIVE never waits for readers or writers, so requests go on meanwhile.
 * Durability is unchanged: a commit is in the WAL either way, and a checkpoint only moves it into the main file.
 */

/** Between two checkpoints; the WAL grows by at most what the server writes in this time. */
export const CHECKPOINT_INTERVAL_MS = 200;

// Plain CommonJS for an eval'd worker (no TypeScript loader there); the driver's path comes from the parent.
const THREAD = `
const { parentPort, workerData } = require('worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // another connection's checkpoint or a lock: the next turn tries again
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void>;
}

/**
 * Starts the checkpoint thread for the database `file` (its connection must have wal_autocheckpoint = 0).
 * `onFailure` runs if the thread fails or ends before stop(): the caller turns SQLite's own checkpoints back on.
 */
export function startCheckpointer(file: string, onFailure: () => void): Checkpointer {
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { file, driver: require.resolve('better-sqlite3'), intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  // Never what keeps a process alive; a process that exits without stop() loses only a checkpoint.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!stopping) onFailure();
      resolve();
    }),
  );
  worker.on('error', () => undefined);
  return {
    stop: () => {
      if (!stopping) {
        stopping = true;
        // Held until the thread has closed its connection: a caller awaiting this must not see the process end.
        worker.ref();
        worker.postMessage('stop');
      }
      return exited;
    },
  };
}
