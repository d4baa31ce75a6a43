import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The CLI calls the services only through the typed contract (issue 15 item 6): invoke() takes
 * its input and result types from the method name, so an explicit `invoke<T>(…)` would be a
 * cast; and only the two door files reach into '../services'.
 */
const CLI_DIR = path.resolve(import.meta.dirname, '..', '..', 'electron', 'cli');

/** The files allowed to import from '../services', and why. */
const SERVICE_DOORS = new Set([
  // dispatch() and the session's dispatch: the contract's own door.
  'cli-kit.ts',
  // Opening the session, and the two long calls whose progress or options the contract lacks.
  'outside-contract.ts',
]);

const SERVICE_IMPORT =
  /\bfrom\s+['"]\.\.\/services(?:\/[^'"]*)?['"]|import\(\s*['"]\.\.\/services/g;
const TYPED_INVOKE = /\binvoke(?:Session)?\s*<(?!M extends)/g;

function sources(): { name: string; text: string }[] {
  return fs
    .readdirSync(CLI_DIR)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name, text: fs.readFileSync(path.join(CLI_DIR, name), 'utf8') }));
}

/** Every match as `file:line  text`, so a failure names the place. */
function findings(pattern: RegExp, skip: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const { name, text } of sources()) {
    if (skip(name)) continue;
    for (const match of text.matchAll(pattern)) {
      const line = text.slice(0, match.index).split('\n').length;
      found.push(`${name}:${line}  ${match[0]}`);
    }
  }
  return found;
}

describe('CLI goes through the typed contract', () => {
  it('reads the command files', () => {
    const names = sources().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['cli-kit.ts', 'commands.ts', 'main.ts']));
    expect(names.filter((n) => n.endsWith('-commands.ts')).length).toBeGreaterThanOrEqual(8);
  });

  it('no invoke<T>(…) with an explicit type argument', () => {
    expect(findings(TYPED_INVOKE, () => false)).toEqual([]);
  });

  it("no import from '../services' outside the door files", () => {
    expect(findings(SERVICE_IMPORT, (name) => SERVICE_DOORS.has(name))).toEqual([]);
  });

  it('the patterns catch what they are meant to catch', () => {
    const typed = "const x = await invoke<AppInfo>(runtime, 'app.info', {});";
    const generic = 'export async function invoke<M extends MethodName>(';
    expect(typed.match(TYPED_INVOKE)).toHaveLength(1);
    expect(generic.match(TYPED_INVOKE)).toBeNull();
    expect("import { x } from '../services/roster-io/import';".match(SERVICE_IMPORT)).toHaveLength(
      1,
    );
    expect("export { y } from '../services';".match(SERVICE_IMPORT)).toHaveLength(1);
    expect("await import('../services/demo/seed')".match(SERVICE_IMPORT)).toHaveLength(1);
    expect("import type { Contract } from '../api/contract';".match(SERVICE_IMPORT)).toBeNull();
  });
});
