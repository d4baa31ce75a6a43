import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../electron/api/errors';
import {
  CATALOGUE_HEADERS,
  CATALOGUE_SHEET,
  XLSX_FILE,
  XML_FILE,
} from '../../electron/services/archive/catalogue-files';
import { importPackage } from '../../electron/services/archive/import';
import {
  parseCatalogueXml,
  parseManifest,
  verifyPackage,
} from '../../electron/services/archive/verify';
import { ZipReader } from '../../electron/services/archive/zip-reader';
import { runBounded } from '../../electron/services/files/bounded-run';
import { RUN_BUDGETS } from '../../electron/services/files/limits';
import { runTask } from '../../electron/services/files/parse-tasks';
import { Random } from '../../electron/services/demo/random';
import { HOUSEHOLD_COLUMNS } from '../../electron/services/roster-io/columns';
import { readTable } from '../../electron/services/roster-io/read';
import {
  excelWorkbook,
  memoryMb,
  packageEntries,
  pdfkitPdf,
  rawZip,
  type RawEntry,
} from '../fixtures/hostile-files';
import { useTestRuntime } from '../fixtures/runtime';
import { makeTempDir } from '../fixtures/temp-dir';

/**
 * Fuzz suite (issue 14 item 2): a small mutational loop over valid samples generated here —
 * a roster .xlsx (ExcelJS), CSV in UTF-8 and GBK, a catalogue .xlsx, PDFs (pdfkit, pdf-lib
 * with object streams), an archive package .zip — run through every reader of outside files.
 * Each mutant must be read or refused: success, or an AppError in Chinese (readers that run in
 * runBounded's worker may also throw a plain Error, which runBounded turns into a Chinese
 * refusal — but never one of V8's resource errors, which would mean a missing bound). Each
 * case must finish within CASE_MS and the heap stay under HEAP_MB. The loop is seeded
 * (FUZZ_SEED, default 14) and bounded by count and by a total time budget, so it is
 * reproducible and cannot run away; a failure prints the seed and the case.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 14);
const CASES = Number(process.env.FUZZ_CASES ?? 1200);
const CASE_MS = 10_000;
const HEAP_MB = 1024;
const TOTAL_MS = Number(process.env.FUZZ_MS ?? 20_000);
const CHINESE = /[\u4e00-\u9fff]/;
/** V8's errors when something grew without bound: a reader that throws them lacks a bound. */
const RESOURCE =
  /Maximum call stack|Invalid array length|Invalid string length|Array buffer allocation|Cannot create a string longer/;

/** A JavaScript or zlib error's words inside a message meant for the clerk. */
const JARGON =
  /Cannot read|undefined|is not a function|Unexpected|TypeError|RangeError|invalid|incorrect/;

type Outcome = 'ok' | 'refused' | 'error';

/** Runs one case and checks the oracle; `strict`: only AppError may come out. */
async function check(
  label: string,
  strict: boolean,
  run: () => Promise<unknown>,
): Promise<Outcome> {
  const started = performance.now();
  let outcome: Outcome = 'ok';
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) {
      expect(error.message, `${label}: ${error.message}`).toMatch(CHINESE);
      expect(error.message, `${label}: a parser's words shown`).not.toMatch(JARGON);
      outcome = 'refused';
    } else {
      expect(error, `${label}: threw a non-Error`).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message, `${label}: unbounded growth`).not.toMatch(RESOURCE);
      expect(strict, `${label}: not a Chinese refusal: ${message}`).toBe(false);
      outcome = 'error';
    }
  }
  expect(performance.now() - started, `${label}: too slow`).toBeLessThan(CASE_MS);
  expect(memoryMb().heap, `${label}: heap`).toBeLessThan(HEAP_MB);
  return outcome;
}

/** Byte-level mutations: flips, interesting bytes, cuts, duplicated and inserted ranges. */
function mutateBytes(random: Random, input: Buffer): Buffer {
  let bytes = Buffer.from(input);
  for (let n = random.int(1, 4); n > 0; n--) {
    const at = random.int(0, Math.max(0, bytes.length - 1));
    switch (random.int(0, 5)) {
      case 0:
        bytes[at] = bytes[at]! ^ (1 << random.int(0, 7));
        break;
      case 1:
        bytes[at] = random.pick([0x00, 0xff, 0x7f, 0x80, 0x3c, 0x3e, 0x22]);
        break;
      case 2:
        bytes = bytes.subarray(0, at);
        break;
      case 3: {
        const end = Math.min(bytes.length, at + random.int(1, 64));
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(end)]);
        break;
      }
      case 4: {
        const chunk = bytes.subarray(at, at + random.int(1, 256));
        const copies = Array.from({ length: random.int(1, 50) }, () => chunk);
        bytes = Buffer.concat([bytes.subarray(0, at), ...copies, bytes.subarray(at)]);
        break;
      }
      default: {
        const noise = Buffer.from(
          Array.from({ length: random.int(1, 16) }, () => random.int(0, 255)),
        );
        bytes = Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
      }
    }
  }
  return bytes;
}

/** Markup the readers look for: inserted at random places of an XML part's text. */
const XML_TOKENS = [
  '<row>',
  '</row>',
  '<row r="999999999">',
  '<c r="ZZZZZ1">',
  '<c r="XFD1" t="s"><v>99999999</v></c>',
  '<c t="inlineStr"><is><t>',
  '</c>',
  '<v>',
  '</v>',
  '<si>',
  '</si>',
  '<rPh>',
  '&#x110000;',
  '&#99999999999;',
  '&amp;&lt;',
  '<t xml:space="preserve">',
  '<sheet name="归档文件目录" r:id="rId1"/>',
  '"',
  '<',
  '>',
  '\u0000',
];

/** Text-level mutations of one part: tokens inserted, ranges cut or repeated. */
function mutateText(random: Random, text: string): string {
  let out = text;
  for (let n = random.int(1, 6); n > 0; n--) {
    const at = random.int(0, out.length);
    const choice = random.int(0, 3);
    if (choice <= 1) out = out.slice(0, at) + random.pick(XML_TOKENS) + out.slice(at);
    else if (choice === 2) out = out.slice(0, at) + out.slice(at + random.int(1, 200));
    else {
      const piece = out.slice(at, at + random.int(1, 400));
      out = out.slice(0, at) + piece.repeat(random.int(2, 200)) + out.slice(at);
    }
  }
  return out;
}

/** A zip's entries (names and contents), to mutate one and zip them again. */
async function entriesOf(zip: Buffer): Promise<RawEntry[]> {
  const loaded = await JSZip.loadAsync(zip);
  const entries: RawEntry[] = [];
  for (const file of Object.values(loaded.files)) {
    if (!file.dir) entries.push({ name: file.name, data: await file.async('nodebuffer') });
  }
  return entries;
}

/** Structure-aware zip mutation: one entry's text mutated, or a declared size lie, or aliases. */
function mutateZip(random: Random, entries: RawEntry[]): Buffer {
  const copy = entries.map((e) => ({ ...e }));
  const target = random.int(0, copy.length - 1);
  const entry = copy[target]!;
  const aliases: { of: number; name: string }[] = [];
  switch (random.int(0, 4)) {
    case 0:
      entry.declaredSize = random.int(0, entry.data.length * 2);
      break;
    case 1:
      aliases.push({ of: target, name: `${entry.name}.copy` });
      break;
    case 2:
      entry.data = mutateBytes(random, entry.data);
      break;
    default:
      entry.data = Buffer.from(mutateText(random, entry.data.toString('utf8')));
  }
  return rawZip(copy, aliases);
}

async function samples() {
  const header = HOUSEHOLD_COLUMNS.map((c) => c.header);
  const row = (i: number) =>
    header.map((h, j) =>
      j === 0
        ? `张${'三四五六'[i % 4]}`
        : h.includes('日期')
          ? '2025-03-01'
          : j % 3
            ? `值${i}-${j}`
            : i * j,
    );
  const roster = await excelWorkbook('农户与成员', [
    header,
    ...Array.from({ length: 20 }, (_, i) => row(i)),
  ]);
  const csvText = [header, ...Array.from({ length: 20 }, (_, i) => row(i))]
    .map((r) => r.map((v) => `"${String(v).replaceAll('"', '""')}"`).join(','))
    .join('\r\n');
  const catalogue = await excelWorkbook(CATALOGUE_SHEET, [
    [...CATALOGUE_HEADERS],
    ...Array.from({ length: 10 }, (_, i) =>
      CATALOGUE_HEADERS.map((h, j) =>
        j === 1 ? `Z109-WS·2026-Y-${String(i + 1).padStart(4, '0')}` : `${h}${i}`,
      ),
    ),
  ]);
  const pdfkit = await pdfkitPdf(3);
  const lib = await PDFDocument.create();
  for (let i = 0; i < 3; i++) lib.addPage([595, 842]);
  const pdfLib = Buffer.from(await lib.save({ useObjectStreams: true }));
  const xml = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><文件目录 立档单位="杨柳村"><文件><档号>Z109-WS·2026-Y-0001</档号><电子档案名称>电子档案/1.pdf</电子档案名称></文件></文件目录>`,
  );
  const pkg = packageEntries('杨柳村档案', {
    [XLSX_FILE]: catalogue,
    [XML_FILE]: xml,
    '说明文件.TXT': Buffer.from('立档单位：杨柳村村民委员会\r\n年度：2026\r\n'),
    '电子档案/1.pdf': pdfkit,
  });
  return {
    roster,
    rosterEntries: await entriesOf(roster),
    csvUtf8: Buffer.from(csvText),
    csvGbk: iconv.encode(csvText, 'gbk'),
    catalogueEntries: await entriesOf(catalogue),
    pdfs: [pdfkit, pdfLib],
    pkg,
  };
}

describe('fuzz: every reader of outside files over mutated samples', () => {
  const runtime = useTestRuntime();

  it(
    `reads or refuses in Chinese, in time and memory (seed ${SEED})`,
    { timeout: 180_000 },
    async () => {
      // pdf-lib reports each broken object it skips on the console: thousands of lines here.
      vi.spyOn(console, 'log').mockImplementation(() => undefined);
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const random = new Random(SEED);
      const s = await samples();
      const started = performance.now();
      const budgetLeft = () => performance.now() - started < TOTAL_MS;
      const tally: Record<string, Record<Outcome, number>> = {};
      const count = (reader: string, outcome: Outcome) => {
        tally[reader] ??= { ok: 0, refused: 0, error: 0 };
        tally[reader][outcome]++;
      };
      const temp = makeTempDir('vl-fuzz-');
      try {
        // The samples are valid: each reader accepts its own before the mutants.
        expect((await readTable(s.roster, 'r.xlsx', '农户与成员')).rows).toHaveLength(20);
        expect((await readTable(s.csvGbk, 'r.csv', '农户与成员')).rows).toHaveLength(20);
        for (const pdf of s.pdfs)
          expect(await runTask('pdf-pages', { bytes: pdf, fileName: 'p.pdf' }, () => {})).toBe(3);

        for (let i = 0; i < CASES && budgetLeft(); i++) {
          const kind = i % 6;
          const label = `seed ${SEED} case ${i}`;
          if (kind === 0) {
            const bytes =
              random.next() < 0.5
                ? mutateBytes(random, s.roster)
                : mutateZip(random, s.rosterEntries);
            count(
              'roster xlsx',
              await check(`${label} roster xlsx`, true, () =>
                readTable(bytes, 'r.xlsx', '农户与成员'),
              ),
            );
          } else if (kind === 1) {
            const source = random.next() < 0.5 ? s.csvUtf8 : s.csvGbk;
            const bytes =
              random.next() < 0.5
                ? mutateBytes(random, source)
                : Buffer.from(mutateText(random, source.toString('latin1')), 'latin1');
            count(
              'roster csv',
              await check(`${label} csv`, true, () => readTable(bytes, 'r.csv', '农户与成员')),
            );
          } else if (kind === 2) {
            const bytes = mutateZip(random, s.catalogueEntries);
            count(
              'catalogue xlsx',
              await check(`${label} catalogue`, false, () =>
                runTask(
                  'catalogue-codes',
                  {
                    bytes,
                    shape: { file: XLSX_FILE, sheet: CATALOGUE_SHEET, headers: CATALOGUE_HEADERS },
                  },
                  () => {},
                ),
              ),
            );
          } else if (kind === 3) {
            const source = random.pick(s.pdfs);
            const bytes =
              random.next() < 0.5
                ? mutateBytes(random, source)
                : Buffer.from(mutateText(random, source.toString('latin1')), 'latin1');
            count(
              'pdf pages',
              await check(`${label} pdf`, false, () =>
                runTask('pdf-pages', { bytes, fileName: 'p.pdf' }, () => {}),
              ),
            );
          } else {
            // Package zip: the directory reader, every entry streamed and checked, the manifest
            // and catalogue XML parsers.
            const file = path.join(temp.dir, `p${i}.zip`);
            fs.writeFileSync(
              file,
              random.next() < 0.3 ? mutateBytes(random, rawZip(s.pkg)) : mutateZip(random, s.pkg),
            );
            count(
              'package zip',
              await check(`${label} zip`, true, async () => {
                const zip = await ZipReader.open(file);
                try {
                  for (const entry of zip.entries) {
                    if (entry.directory) continue;
                    const data = await zip.buffer(entry);
                    if (entry.name.endsWith('SHA256SUMS.txt')) parseManifest(data.toString('utf8'));
                    if (entry.name.endsWith(XML_FILE)) {
                      try {
                        parseCatalogueXml(data.toString('utf8'));
                      } catch (error) {
                        // verify.ts reports a broken XML as a problem of the package.
                        if (error instanceof AppError) throw error;
                      }
                    }
                  }
                } finally {
                  await zip.close();
                }
              }),
            );
            fs.rmSync(file);
          }
        }

        // Through the real doors, a few of each: the bounded worker, verification and import.
        for (let i = 0; i < 3; i++) {
          const roster = mutateZip(random, s.rosterEntries);
          count(
            'worker roster',
            await check(`seed ${SEED} worker ${i}`, true, () =>
              runBounded(
                'roster-table',
                { bytes: roster, fileName: 'r.xlsx', sheet: '农户与成员' },
                { fileName: 'r.xlsx', budget: RUN_BUDGETS.roster },
              ),
            ),
          );
          const pdf = mutateBytes(random, random.pick(s.pdfs));
          count(
            'worker pdf',
            await check(`seed ${SEED} worker pdf ${i}`, true, () =>
              runBounded(
                'pdf-pages',
                { bytes: pdf, fileName: 'p.pdf' },
                { fileName: 'p.pdf', budget: RUN_BUDGETS.pdf },
              ),
            ),
          );
          const file = path.join(temp.dir, `door${i}.zip`);
          fs.writeFileSync(file, mutateZip(random, s.pkg));
          count(
            'verify package',
            await check(`seed ${SEED} verify ${i}`, true, () => verifyPackage(file)),
          );
          count(
            'import package',
            await check(`seed ${SEED} import ${i}`, true, () =>
              importPackage(runtime().ctx, { path: file }),
            ),
          );
          // Whatever happened, no staging folder is left behind.
          const imports = path.join(runtime().ctx.dataDir, 'imports');
          expect(fs.readdirSync(imports).filter((n) => n.startsWith('.partial'))).toEqual([]);
        }
      } finally {
        temp.cleanup();
      }
      vi.restoreAllMocks();
      console.log(`fuzz seed ${SEED}: ${JSON.stringify(tally)}`);
      const cases = Object.values(tally).reduce((n, t) => n + t.ok + t.refused + t.error, 0);
      expect(cases).toBeGreaterThan(12);
    },
  );
});
