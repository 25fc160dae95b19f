/** Rerunning the generator (in-process, into a temp dir) reproduces the committed files byte for byte. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OUTPUT_FILES, writeSeed } from '../../mock/seed/build';
import { defaultInputDir, readTaiyuanInput } from '../../mock/seed/input';
import { SEED_DATA_DIR } from '../../mock/seed/load';

describe('seed generator', () => {
  it('is deterministic: regenerated output equals the committed files', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-seed-'));
    try {
      writeSeed(readTaiyuanInput(defaultInputDir()), out);
      for (const name of OUTPUT_FILES) {
        const fresh = fs.readFileSync(path.join(out, name));
        const committed = fs.readFileSync(path.join(SEED_DATA_DIR, name));
        expect({ name, same: fresh.equals(committed) }).toEqual({ name, same: true });
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
