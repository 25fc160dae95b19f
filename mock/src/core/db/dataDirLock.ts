import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

/** True when a process with this id exists (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes this process the one server of `dataDir` (the primary of a cluster, or a single process): its pid in
 * `dataDir/server.pid`, written whole under another name and linked into place, so two starters cannot both
 * win. A file left by a process that is gone (a crash, SIGKILL) is taken over; the file is removed at exit.
 * Two servers on one folder would each run the booking scheduler, and a due reminder could go out twice.
 * @throws Error naming the process when a live one holds the folder
 */
export function claimDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'server.pid');
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    const draft = `${file}.${mine}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, mine, { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
      process.on('exit', () => {
        try {
          if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.unlinkSync(draft);
    }
    const holder = Number(fs.readFileSync(file, 'utf8'));
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new Error(
        `DATA_DIR ${dataDir} is in use by the server with process id ${holder}: stop it first, or give this one another ` +
          `DATA_DIR (if process ${holder} is not a server of this folder, delete ${file})`,
      );
    }
    // Left by a server that is gone: take it over, unless another starter already has (then its link stays).
    if (fs.readFileSync(file, 'utf8') === String(holder)) fs.rmSync(file, { force: true });
  }
  throw new Error(`DATA_DIR ${dataDir}: could not claim ${file}`);
}
