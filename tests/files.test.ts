// Files the command line is handed, as a user hands them: devices, pipes, oversized and cut-short files, byte-order marks, wrong types and prototype names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, MAX_FILE_BYTES, readBoundedFile } from '../src/cli/io.ts';

let dir: string;
beforeAll(() => {
  if (!existsSync('dist/cli/communique.js')) throw new Error('build the CLI first: npm run build:cli');
  dir = mkdtempSync(join(tmpdir(), 'communique-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The built CLI in a child process; `timeout` kills it, so a hang fails the test instead of stalling the run. */
function cli(args: string[], options: { timeout?: number; node?: string[] } = {}) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [...(options.node ?? []), 'bin/communique.js', ...args], {
    encoding: 'utf8',
    timeout: options.timeout ?? 10_000,
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr, ms: Date.now() - started };
}
function write(name: string, content: string | Buffer | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 1));
  return path;
}
/** One line on stderr, `communique: ` first, and nothing of a stack trace. */
function oneLine(err: string) {
  expect(err).toMatch(/^communique: [^\n]+\n$/);
  expect(err).not.toMatch(/\n\s+at |Error:|node:internal/);
}

describe('bounded reading: only regular files, at most 10 MB read', () => {
  it('simulate --scenario /dev/zero ends at once, exit 2, in bounded memory', () => {
    // A 64 MB heap: reading /dev/zero to its (absent) end would crash or time out long before.
    const r = cli(['simulate', '--scenario', '/dev/zero', '--seed', '1'], { timeout: 5000, node: ['--max-old-space-size=64'] });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.err).toBe('communique: /dev/zero: is a character device, not a file\n');
  });
  it('validate on a FIFO with no writer ends at once, exit 2', () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const r = cli(['validate', fifo], { timeout: 5000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${fifo}: is a named pipe (FIFO), not a file\n`);
  });
  it('a folder given as a scenario: exit 2 saying it is a folder', () => {
    const r = cli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${dir}: is a folder, not a file\n`);
  });
  it('a file one byte over 10 MB is refused; one of exactly 10 MB is read', () => {
    const over = write('over.json', Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    const r = cli(['validate', over]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${over}: the file is larger than 10 MB, the limit\n`);
    // Exactly at the limit: read and parsed, so the complaint is about its content, not its size.
    const at = Buffer.alloc(MAX_FILE_BYTES, 0x20);
    at.write('{}');
    const ok = cli(['validate', write('at-limit.json', at)]);
    expect(ok.code).toBe(2);
    expect(ok.err).not.toMatch(/larger than/);
    expect(ok.err).toMatch(/at-limit\.json: format: /);
  });
  it('readBoundedFile counts the bytes it reads against the limit', () => {
    const file = write('eleven.txt', 'abcdefghijk');
    expect(readBoundedFile(file, 11)).toBe('abcdefghijk');
    expect(() => readBoundedFile(file, 10)).toThrow(CliError);
    expect(() => readBoundedFile(file, 10)).toThrow(/larger than 10 bytes, the limit/);
    // /proc files say they are 0 bytes long: the limit must hold on what is read, not on what stat says.
    expect(readBoundedFile('/proc/self/status').length).toBeGreaterThan(0);
    expect(() => readBoundedFile('/proc/self/status', 10)).toThrow(/larger than 10 bytes/);
  });
  it('bytes that are not UTF-8 are refused as such, not read as replacement characters', () => {
    const r = cli(['validate', write('latin1.json', Buffer.from('{"a":"caf\xe9"}', 'latin1'))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/latin1\.json: the file is not UTF-8 text\n$/);
  });
});

describe('JSON text: a byte-order mark is accepted, and "truncated?" only for a file cut short', () => {
  const bom = '\uFEFF';
  it('a scenario saved with a UTF-8 BOM is valid', () => {
    const file = write('bom.json', bom + readFileSync('scenarios/tutorial.json', 'utf8'));
    expect(readFileSync(file)[0]).toBe(0xef);
    const r = cli(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/bom\.json: valid \(/);
    expect(cli(['simulate', '--scenario', file, '--seed', '1', '--json']).code).toBe(0);
  });
  it('a BOM file with an error reports the error at its place, counting columns without the BOM', () => {
    const file = write('bom-bad.json', `${bom}{\n  "format": 1,\n  "meta": x\n}`);
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${file}:3:11: invalid JSON: unexpected character 'x'\n`);
  });
  it('a file cut short says truncated, with the place where it ends', () => {
    const text = readFileSync('scenarios/tutorial.json', 'utf8');
    const file = write('cut.json', text.slice(0, 500));
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    oneLine(r.err);
    expect(r.err).toMatch(/cut\.json:\d+:\d+: invalid JSON: the text ends before the JSON does — is the file truncated\?/);
  });
  it('an error in the middle of the file does not say truncated', () => {
    for (const text of ['{"format": 1,, "meta": {}}', '{"a": [1, 2,]}', '{"a": NaN}', '{"a": 1} extra', "{'a': 1}"]) {
      const r = cli(['validate', write('middle.json', text)]);
      expect(r.code).toBe(2);
      oneLine(r.err);
      expect(r.err).toMatch(/middle\.json:1:\d+: invalid JSON: /);
      expect(r.err).not.toMatch(/truncated/);
    }
  });
  it('an empty file, or one holding only a BOM, is called empty', () => {
    expect(cli(['validate', write('empty.json', '')]).err).toMatch(/empty\.json: the file is empty; expected JSON\n$/);
    expect(cli(['validate', write('bom-only.json', bom)]).err).toMatch(/bom-only\.json: the file is empty; expected JSON\n$/);
  });
});
