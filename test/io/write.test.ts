/** Atomic file output: a render that fails part-way leaves the previous file as it was and no temp file. */
import * as fs from 'fs';
import * as path from 'path';
import { writeAll } from '../../src/io/write';
import type { Runtime } from '../../src/runtime';
import { tmpDir } from '../helpers';

const rt = (cwd: string) => ({ cwd }) as unknown as Runtime;

test('a renderer that throws after writing more than a batch leaves the previous file and no temp file', async () => {
  const dir = tmpDir();
  const target = path.join(dir, 'out.csv');
  fs.writeFileSync(target, 'PREVIOUS\n');
  const line = 'x'.repeat(1023) + '\n';
  await expect(
    writeAll(target, rt(dir), false, (write) => {
      for (let i = 0; i < 4096; i++) write(line); // 4 MB: several batches reach the temp file
      throw new Error('render failed');
    }),
  ).rejects.toThrow('render failed');
  expect(fs.readFileSync(target, 'utf8')).toBe('PREVIOUS\n');
  expect(fs.readdirSync(dir)).toEqual(['out.csv']);
});

test('a complete render replaces the file and leaves no temp file', async () => {
  const dir = tmpDir();
  const target = path.join(dir, 'out.csv');
  fs.writeFileSync(target, 'PREVIOUS\n');
  await writeAll(target, rt(dir), true, (write) => write('a,b\n'));
  expect(fs.readFileSync(target, 'utf8')).toBe('\uFEFFa,b\n');
  expect(fs.readdirSync(dir)).toEqual(['out.csv']);
});
