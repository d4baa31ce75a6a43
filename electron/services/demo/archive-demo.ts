import zlib from 'node:zlib';
import {
  concatTransformationMatrix,
  drawObject,
  PageSizes,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { fileUploadInput, type FileGeneratedInput } from '../../api/archive-schemas';
import type { RetentionCode } from '../../api/archive-types';
import { noticeBuildInput, type NoticeBuildInput } from '../../api/notices-schemas';
import type { Settings } from '../../api/schemas';
import { fileGenerated } from '../archive/file-generated';
import { fileDocument, fileUpload } from '../archive/items';
import { sealYear } from '../archive/seal';
import { startCardJob, waitForCardJob } from '../cards/batch';
import type { ServiceContext } from '../context';
import { addDays, addWorkingDays, isWorkingDay } from '../ledger/calendar';
import { noticeDraft } from '../notices/draft';
import { issueNotice } from '../notices/notices';
import { earliestEnd } from '../notices/period';
import { addMonths } from '../roster/elimination';
import { today as todayOf } from '../roster/people';
import { getSettings, updateSettings } from '../settings/settings';
import { Random } from './random';

/**
 * The archive of the demo (issue 6 part 5): for the current and the previous year, what the
 * clerk of the demo's first village would have filed — issued notices (网格划分 once a year,
 * 帮扶措施 twice, 识别认定 and 风险消除 where the roster's identifications and eliminations fall,
 * each with its 结果公告), the 月通报 of the finished months (all of them for the village size,
 * the quarters' for the bigger sets), the previous year's 问题登记台账, a batch of 明白纸 a
 * year, the 月度会商记录 of each quarter's last month and five scanned forms (two of them
 * 一户一档).
 * Then the previous year is sealed, as the clerk seals a year once it is filed.
 *
 * Everything goes through the real services (notices.issue, cards.start, archive.fileDocument,
 * archive.fileGenerated, archive.fileUpload, archive.seal), so the PDFs, documents, items and
 * audit entries are exactly the app's. Each step runs on the day the clerk did it: the service
 * sees a clock set to that day (10:00), so a 网格划分 of last January lists last January's
 * workers and a card batch carries its printing date. The steps run in date order, so 件号 and
 * notice numbers follow the calendar as they would in an office.
 *
 * Only the first village: PDFs are the slow part (a county seed stays within a few seconds).
 * Same seed and clock, same catalogue (titles, 件号, 档号); the files' bytes hold dates.
 */

export interface ArchiveDemoCounts {
  /** Items filed (both years). */
  archiveItems: number;
}

export interface ArchiveDemoOptions {
  /**
   * 月通报 filed: every finished month, or (where the database is big) the quarters' last
   * months and the latest finished month. A county's report costs 100-300 ms (its query over
   * 176,000 visits, pdfkit under the GC pressure of the county's heap): 22 of them would
   * take the seed past its budget (issue 6: about 3 s more for the county).
   */
  monthlyReports: 'all' | 'quarterly';
}

/**
 * 月通报 are routine reports: 10 years. A kind's retention is its category's (settings'
 * archiveKinds, docs/domain.md §6), so the demo keeps them under a category of their own.
 */
const RETENTION_REPORTS: RetentionCode = 'D10';
const REPORTS_CATEGORY = '统计报表';

/** A day's work of the clerk; steps of one day keep the order they were planned in. */
interface Step {
  date: string;
  run: (at: ServiceContext) => Promise<void>;
}

interface Household {
  id: number;
  head: string;
  identifiedDate: string | null;
  eliminationDate: string | null;
}

/** Households in one notice: those identified (or eliminated) in the same month. */
interface Cluster {
  kind: '监测对象识别认定公示' | '风险消除公示';
  households: Household[];
  from: string;
  to: string;
  periodStart: string;
  periodEnd: string;
}

/**
 * 识别认定 and 风险消除 notices (each with its 结果公告) per kind and year. The demo roster
 * decides a monitored household in most months; a village posts such notices a few times.
 */
const DECISION_NOTICES_PER_YEAR = 2;

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** The day itself when the office is open, else the next working day. */
const workingDayFrom = (date: string, settings: Settings) =>
  isWorkingDay(date, settings) ? date : addWorkingDays(date, 1, settings);

/** The service context as the clerk had it on `date` (today and later: the real clock). */
function clerkOn(ctx: ServiceContext, date: string): ServiceContext {
  if (date >= todayOf(ctx)) return ctx;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(y, m - 1, d, 10, 0, 0);
  return { ...ctx, now: () => new Date(at) };
}

// ---------------------------------------------------------------------------------------------
// Scanned forms: small grayscale PNG pages drawn here (no external data)
// ---------------------------------------------------------------------------------------------

/** A4 at 96 dpi: what an office scanner's "document, grayscale" setting gives. */
const PAGE_WIDTH = 794;
const PAGE_HEIGHT = 1123;
const PAPER = 246;
const INK = 38;

interface FormLayout {
  /** Rows and columns of the form's table. */
  rows: number;
  columns: number;
  /** Signature scribbles at the foot (and in the table's last column when `signedRows`). */
  signatures: number;
  signedRows: boolean;
  /** The round red seal of the 村民委员会, grey on a grayscale scan. */
  seal: boolean;
}

/** A page of paper with a few dark marks: title, text lines, a ruled table, signatures. */
export class ScanPage {
  readonly pixels = new Uint8Array(PAGE_WIDTH * PAGE_HEIGHT).fill(PAPER);

  constructor(private readonly random: Random) {}

  private plot(x: number, y: number, shade: number): void {
    if (x < 0 || y < 0 || x >= PAGE_WIDTH || y >= PAGE_HEIGHT) return;
    const i = y * PAGE_WIDTH + x;
    this.pixels[i] = Math.min(this.pixels[i]!, shade);
  }

  rect(x: number, y: number, w: number, h: number, shade = INK): void {
    for (let yy = Math.max(0, y); yy < Math.min(PAGE_HEIGHT, y + h); yy++) {
      this.pixels.fill(
        shade,
        yy * PAGE_WIDTH + Math.max(0, x),
        yy * PAGE_WIDTH + Math.min(PAGE_WIDTH, x + w),
      );
    }
  }

  /** A stroke with a square pen. */
  line(x0: number, y0: number, x1: number, y1: number, pen: number, shade = INK): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let s = 0; s <= steps; s++) {
      const x = Math.round(x0 + ((x1 - x0) * s) / steps);
      const y = Math.round(y0 + ((y1 - y0) * s) / steps);
      for (let dy = 0; dy < pen; dy++)
        for (let dx = 0; dx < pen; dx++) this.plot(x + dx, y + dy, shade);
    }
  }

  /** A line of "characters": each a few strokes inside a square, like printed Chinese from afar. */
  text(x: number, y: number, width: number, size: number): void {
    for (let cx = x; cx + size <= x + width; cx += size + Math.round(size / 5)) {
      const strokes = this.random.int(2, 4);
      for (let k = 0; k < strokes; k++) {
        if (this.random.chance(0.5)) {
          const yy = y + this.random.int(1, size - 2);
          this.line(cx + this.random.int(0, 3), yy, cx + size - this.random.int(1, 4), yy, 2);
        } else {
          const xx = cx + this.random.int(1, size - 2);
          this.line(xx, y + this.random.int(0, 3), xx, y + size - this.random.int(1, 3), 2);
        }
      }
    }
  }

  /** A handwritten name: a quick wavy stroke. */
  signature(x: number, y: number, width: number): void {
    const phase = this.random.next() * Math.PI;
    const loops = this.random.int(3, 7);
    const height = this.random.int(5, 12);
    let px = x;
    let py = y;
    for (let s = 1; s <= 40; s++) {
      const t = s / 40;
      const nx = Math.round(x + width * t + this.random.int(-2, 2));
      const ny = Math.round(
        y +
          Math.sin(phase + t * loops * Math.PI) * height * (1 - t / 2) -
          t * 6 +
          this.random.int(-2, 2),
      );
      this.line(px, py, nx, ny, 2, 55);
      px = nx;
      py = ny;
    }
  }

  seal(cx: number, cy: number, radius: number): void {
    for (let a = 0; a < 720; a++) {
      const angle = (a / 720) * 2 * Math.PI;
      for (let r = radius - 4; r <= radius; r++) {
        this.plot(Math.round(cx + r * Math.cos(angle)), Math.round(cy + r * Math.sin(angle)), 120);
      }
    }
    this.text(cx - radius / 2, cy - 8, radius, 14);
  }

  /** What a flatbed adds: a shadow along the binding edge and a few specks of dust. */
  scanned(): void {
    for (let y = 0; y < PAGE_HEIGHT; y++) {
      for (let x = 0; x < 14; x++) this.plot(x, y, 150 + x * 7);
    }
    for (let k = 0; k < 300; k++) {
      this.plot(
        this.random.int(0, PAGE_WIDTH - 1),
        this.random.int(0, PAGE_HEIGHT - 1),
        this.random.int(60, 180),
      );
    }
  }

  form(layout: FormLayout): void {
    const left = 90;
    const width = PAGE_WIDTH - 2 * left;
    this.text(left + width / 2 - 150, 90, 300, 26); // the title
    this.text(left, 150, width, 15);
    this.text(left, 178, Math.round(width * 0.6), 15);
    const top = 220;
    const rowHeight = 44;
    const bottom = top + layout.rows * rowHeight;
    for (let r = 0; r <= layout.rows; r++)
      this.line(left, top + r * rowHeight, left + width, top + r * rowHeight, 2);
    const columnWidth = Math.floor(width / layout.columns);
    for (let c = 0; c <= layout.columns; c++) {
      const x = c === layout.columns ? left + width : left + c * columnWidth;
      this.line(x, top, x, bottom, 2);
    }
    for (let r = 0; r < layout.rows; r++) {
      for (let c = 0; c < layout.columns; c++) {
        const x = left + c * columnWidth + 8;
        const y = top + r * rowHeight + 15;
        if (r === 0) this.text(x, y, Math.round(columnWidth * 0.6), 14);
        else if (c === layout.columns - 1 && layout.signedRows)
          this.signature(x, y + 6, columnWidth - 24);
        else this.text(x, y, this.random.int(2, 5) * 17, 14);
      }
    }
    let y = bottom + 40;
    for (let k = 0; k < 3; k++, y += 28)
      this.text(left, y, this.random.int(Math.round(width * 0.5), width), 15);
    y += 30;
    for (let k = 0; k < layout.signatures; k++) {
      const x = left + (k % 2) * Math.round(width / 2);
      const row = y + Math.floor(k / 2) * 60;
      this.text(x, row, 5 * 17, 14);
      this.signature(x + 100, row + 8, 150);
    }
    if (layout.seal) this.seal(left + width - 110, y + 40, 62);
    this.scanned();
  }

  png(): Buffer {
    const stride = PAGE_WIDTH + 1;
    const raw = Buffer.alloc(stride * PAGE_HEIGHT);
    for (let y = 0; y < PAGE_HEIGHT; y++) {
      raw[y * stride] = 0; // filter: none
      raw.set(this.pixels.subarray(y * PAGE_WIDTH, (y + 1) * PAGE_WIDTH), y * stride + 1);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(PAGE_WIDTH, 0);
    header.writeUInt32BE(PAGE_HEIGHT, 4);
    header.set([8, 0, 0, 0, 0], 8); // 8-bit grayscale, deflate, no interlace
    const density = Buffer.alloc(9);
    density.writeUInt32BE(3780, 0); // 96 dpi in pixels per metre
    density.writeUInt32BE(3780, 4);
    density[8] = 1;
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', header),
      pngChunk('pHYs', density),
      pngChunk('IDAT', zlib.deflateSync(raw)),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** One scanned page; its marks come from `random`, so a seed gives the same picture. */
export function scannedForm(random: Random, layout: FormLayout): ScanPage {
  const page = new ScanPage(random);
  page.form(layout);
  return page;
}

/**
 * Several scanned pages as one PDF, as a scanner's "scan to PDF" writes them: each page one
 * grayscale image. The pixels are deflated natively (pdf-lib's embedPng would decode the PNG
 * and deflate it again in JavaScript, ten times slower).
 */
async function scannedPdf(pages: readonly ScanPage[], title: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('扫描仪');
  const [width, height] = PageSizes.A4;
  for (const scan of pages) {
    const image = pdf.context.register(
      pdf.context.stream(zlib.deflateSync(scan.pixels), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: PAGE_WIDTH,
        Height: PAGE_HEIGHT,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
      }),
    );
    const page = pdf.addPage([width, height]);
    const name = page.node.newXObject('Scan', image);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(width, 0, 0, height, 0, 0),
      drawObject(name),
      popGraphicsState(),
    );
  }
  return Buffer.from(await pdf.save());
}

// ---------------------------------------------------------------------------------------------
// What the village did in the two years
// ---------------------------------------------------------------------------------------------

interface Village {
  id: number;
  name: string;
  households: Household[];
  /** 村内公示 of the ledger problem that led to a household's identification. */
  ledgerNotice: Map<number, { start: string; end: string }>;
  /** 月度会商 of the village: id and date, oldest first. */
  meetings: { id: number; date: string }[];
}

function loadVillage(ctx: ServiceContext): Village | null {
  const village = ctx.sqlite
    .prepare("SELECT id, name FROM grids WHERE level = 'village' ORDER BY id LIMIT 1")
    .get() as { id: number; name: string } | undefined;
  if (!village) return null;
  const SUBTREE = `WITH RECURSIVE sub(id) AS (SELECT @village UNION ALL
    SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;
  const households = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT h.id, h.identified_date AS identifiedDate, h.elimination_date AS eliminationDate,
         coalesce((SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation = '本人'
                   ORDER BY m.sort_order, m.id LIMIT 1), '') AS head
       FROM households h JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
       WHERE hg.grid_id IN sub AND h.monitor_category IS NOT NULL
       ORDER BY h.id`,
    )
    .all({ village: village.id }) as Household[];
  const steps = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT p.household_id AS householdId, s.date AS start, s.end_date AS end
       FROM problems p JOIN problem_steps s ON s.problem_id = p.id AND s.step = '村内公示'
       WHERE p.grid_id IN sub AND p.household_id IS NOT NULL AND s.end_date IS NOT NULL
         AND EXISTS (SELECT 1 FROM problem_steps d WHERE d.problem_id = p.id
                     AND d.step = '县级审定' AND d.outcome LIKE '认定为%')
       ORDER BY p.id`,
    )
    .all({ village: village.id }) as { householdId: number; start: string; end: string }[];
  const meetings = ctx.sqlite
    .prepare('SELECT id, date FROM meetings WHERE grid_id = ? ORDER BY date, id')
    .all(village.id) as { id: number; date: string }[];
  return {
    ...village,
    households,
    ledgerNotice: new Map(steps.map((s) => [s.householdId, { start: s.start, end: s.end }])),
    meetings,
  };
}

/**
 * 识别认定 or 风险消除 notices: the households decided in one month share a notice, posted
 * before the first decision (the ledger's own 村内公示 when the ledger has one) for the period
 * the rule asks (docs/domain.md §3: ≥ 5 days; 风险消除 ≥ eliminationNoticeDays).
 */
function clusters(
  village: Village,
  kind: Cluster['kind'],
  settings: Settings,
  first: string,
  today: string,
): Cluster[] {
  const dateOf = (h: Household) =>
    kind === '监测对象识别认定公示' ? h.identifiedDate : h.eliminationDate;
  const byMonth = new Map<string, Household[]>();
  for (const h of village.households) {
    const date = dateOf(h);
    if (!date || date < first || date > today) continue;
    const list = byMonth.get(date.slice(0, 7)) ?? [];
    list.push(h);
    byMonth.set(date.slice(0, 7), list);
  }
  const result: Cluster[] = [];
  for (const month of [...byMonth.keys()].sort()) {
    const households = byMonth.get(month)!.sort((a, b) => dateOf(a)!.localeCompare(dateOf(b)!));
    const from = dateOf(households[0]!)!;
    const to = dateOf(households[households.length - 1]!)!;
    const ledger =
      kind === '监测对象识别认定公示' ? village.ledgerNotice.get(households[0]!.id) : undefined;
    let periodStart = ledger?.start ?? addDays(from, kind === '风险消除公示' ? -12 : -9);
    let periodEnd = ledger?.end ?? earliestEnd(settings, kind, periodStart);
    // The decision follows the period: move a period that would reach it earlier.
    while (periodEnd >= from) {
      periodStart = addDays(periodStart, -1);
      periodEnd = earliestEnd(settings, kind, periodStart);
    }
    if (periodStart < first) continue; // posted in the year before the two
    result.push({ kind, households, from, to, periodStart, periodEnd });
  }
  // "A few" a year: the months with most decisions (then the earliest) get their notice.
  const kept = new Set<Cluster>();
  for (const year of new Set(result.map((c) => c.periodStart.slice(0, 4)))) {
    result
      .filter((c) => c.periodStart.startsWith(year))
      .sort((a, b) => b.households.length - a.households.length || a.from.localeCompare(b.from))
      .slice(0, DECISION_NOTICES_PER_YEAR)
      .forEach((c) => kept.add(c));
  }
  return result.filter((c) => kept.has(c));
}

/**
 * Seeds the archive of the demo's first village for the current and the previous year and
 * seals the previous year. Call after the roster and ledger demo are committed: each service
 * call runs its own transaction (PDF layout is asynchronous, a transaction is not).
 */
export async function seedArchive(
  ctx: ServiceContext,
  random: Random,
  options: ArchiveDemoOptions,
): Promise<ArchiveDemoCounts> {
  const village = loadVillage(ctx);
  if (!village) return { archiveItems: 0 };
  const before = getSettings(ctx);
  if (!before.archive.categories.some((c) => c.name === REPORTS_CATEGORY)) {
    updateSettings(ctx, {
      archive: {
        ...before.archive,
        categories: [
          ...before.archive.categories,
          { name: REPORTS_CATEGORY, retention: RETENTION_REPORTS },
        ],
      },
      archiveKinds: [
        ...before.archiveKinds.filter((k) => k.kind !== '月通报'),
        { kind: '月通报', category: REPORTS_CATEGORY },
      ],
    });
  }
  const settings = getSettings(ctx);
  const today = todayOf(ctx);
  const year = Number(today.slice(0, 4));
  const previous = year - 1;
  const first = `${previous}-01-01`;
  const gridId = village.id;
  // The drawings of the scans come from their own stream, so the main one stays short.
  const scanRandom = new Random(random.int(1, 0x7fffffff));
  const steps: Step[] = [];
  let filed = 0;
  /** A step on `date`, never after today; a date before the two years is moved into them. */
  const on = (date: string, run: Step['run']) =>
    steps.push({ date: minDate(maxDate(date, first), today), run });

  const issueAndFile = async (at: ServiceContext, input: NoticeBuildInput) => {
    const notice = await issueNotice(at, noticeBuildInput.parse(input));
    await fileDocument(at, { documentId: notice.documentId });
    filed++;
    return notice.id;
  };
  const generate = async (at: ServiceContext, input: FileGeneratedInput) => {
    await fileGenerated(at, input);
    filed++;
  };
  const upload = async (
    at: ServiceContext,
    input: {
      fileName: string;
      bytes: Buffer;
      title: string;
      date: string;
      category?: string;
      householdId?: number;
    },
  ) => {
    const { bytes, ...rest } = input;
    await fileUpload(at, fileUploadInput.parse({ ...rest, data: bytes }));
    filed++;
  };

  for (const y of [previous, year]) {
    // 网格划分及网格员公示 once a year, after the new year's adjustments (mid-January).
    on(workingDayFrom(`${y}-01-15`, settings), async (at) => {
      const draft = noticeDraft(at, { kind: '网格划分及网格员公示', gridId });
      if (draft.table.rows.length > 0)
        await issueAndFile(at, { kind: '网格划分及网格员公示', gridId });
    });

    // 帮扶措施公示 twice a year, the measures of the half year before.
    for (const month of ['03', '09']) {
      const issue = workingDayFrom(`${y}-${month}-20`, settings);
      if (issue > today) continue;
      const range = { gridId, from: addDays(addMonths(issue, -6), 1), to: issue };
      on(issue, async (at) => {
        const draft = noticeDraft(at, { kind: '帮扶措施公示', ...range });
        if (draft.table.rows.length > 0) await issueAndFile(at, { kind: '帮扶措施公示', ...range });
      });
    }

    // 月通报, made on the month's last day (10-year retention: routine reports).
    const finished = Array.from({ length: 12 }, (_, m) => `${y}-${String(m + 1).padStart(2, '0')}`)
      .map((month) => ({ month, monthEnd: addDays(addMonths(`${month}-01`, 1), -1) }))
      .filter((m) => m.monthEnd <= today);
    const reports = finished.filter(
      (m, i) =>
        options.monthlyReports === 'all' ||
        Number(m.month.slice(5)) % 3 === 0 ||
        i === finished.length - 1,
    );
    for (const { month, monthEnd } of reports) {
      on(monthEnd, (at) => generate(at, { kind: 'monthlyReport', month, gridId }));
    }

    // 明白纸: the village's cards printed once a year, in spring.
    on(workingDayFrom(`${y}-03-10`, settings), async (at) => {
      const { jobId } = startCardJob(at, { scope: { gridId }, layout: 'a5x2' });
      const status = await waitForCardJob(jobId);
      if (status.state !== 'done' || status.documentId === undefined) {
        throw new Error(`demo card batch ${status.state}: ${status.message ?? ''}`);
      }
      await fileDocument(at, { documentId: status.documentId });
      filed++;
    });

    // 月度会商记录: the meeting of each quarter's last month (or the year's latest so far),
    // filed the day it was held.
    const meetings = village.meetings.filter((m) => m.date.startsWith(String(y)));
    const chosen = meetings.filter((m) => ['03', '06', '09', '12'].includes(m.date.slice(5, 7)));
    if (chosen.length === 0 && meetings.length > 0) chosen.push(meetings[meetings.length - 1]!);
    for (const meeting of chosen) {
      on(meeting.date, (at) => generate(at, { kind: 'minutes', meetingId: meeting.id }));
    }
  }

  // The previous year's ledger, printed and filed once the year is closed.
  on(workingDayFrom(`${year}-01-06`, settings), (at) =>
    generate(at, { kind: 'ledger', year: previous, gridId }),
  );

  // 识别认定 / 风险消除 notices where the roster's decisions fall, each with its 结果公告.
  const decided = [
    ...clusters(village, '监测对象识别认定公示', settings, first, today),
    ...clusters(village, '风险消除公示', settings, first, today),
  ];
  for (const cluster of decided) {
    let sourceId: number | undefined;
    const range = { gridId, from: cluster.from, to: cluster.to };
    on(cluster.periodStart, async (at) => {
      sourceId = await issueAndFile(at, {
        kind: cluster.kind,
        ...range,
        issueDate: cluster.periodStart,
        periodStart: cluster.periodStart,
        periodEnd: cluster.periodEnd,
      });
    });
    // After the period and the 县级审定 of the last household (docs/domain.md §3 step 5).
    const announced = workingDayFrom(maxDate(cluster.to, addDays(cluster.periodEnd, 1)), settings);
    if (announced <= today) {
      on(announced, async (at) => {
        if (sourceId === undefined) return;
        await issueAndFile(at, {
          kind: '结果公告',
          gridId,
          sourceNoticeId: sourceId,
          issueDate: announced,
          periodStart: announced,
        });
      });
    }
  }

  // Scanned forms: the signed 民主评议记录 and a 一户一档 file each year, and the 帮扶责任人's
  // signed pledges once.
  [previous, year].forEach((y, index) => {
    const ofYear = decided.filter((c) => c.periodStart.startsWith(String(y)));
    const identification = ofYear.find((c) => c.kind === '监测对象识别认定公示');
    const reviewDate = identification
      ? maxDate(addDays(identification.periodStart, -1), `${y}-01-01`)
      : workingDayFrom(`${y}-06-12`, settings);
    const review = scannedForm(scanRandom, {
      rows: 9,
      columns: 4,
      signatures: 6,
      signedRows: true,
      seal: true,
    }).png();
    on(reviewDate, (at) =>
      upload(at, {
        fileName: `民主评议记录-${y}.png`,
        bytes: review,
        title: `[${village.name}${y}年防返贫监测民主评议记录（签字件）]`,
        date: clerkDate(at),
        category: '精准识别类',
      }),
    );

    // The papers of the first household the year decided on; failing that, the yearly
    // assistance papers of a household already monitored then.
    const cluster = identification ?? ofYear[0];
    const date = cluster
      ? maxDate(addDays(cluster.periodStart, -2), `${y}-01-01`)
      : workingDayFrom(`${y}-04-15`, settings);
    const monitored = village.households.filter(
      (h) => h.identifiedDate !== null && h.identifiedDate <= date,
    );
    const household = cluster?.households[0] ?? monitored[index % Math.max(1, monitored.length)];
    if (household) {
      const what = !cluster
        ? `${y}年度帮扶材料（帮扶计划、走访记录）`
        : cluster.kind === '监测对象识别认定公示'
          ? '识别认定材料（申请书、入户核实表）'
          : '风险消除材料（入户核实表、风险消除确认书）';
      const page = scannedForm(scanRandom, {
        rows: 8,
        columns: 2,
        signatures: 2,
        signedRows: false,
        seal: false,
      }).png();
      on(date, (at) =>
        upload(at, {
          fileName: `一户一档-${household.id}.png`,
          bytes: page,
          title: `[${household.head ? `${household.head}户` : `${household.id} 号户`}防返贫监测对象${what}]`,
          date: clerkDate(at),
          householdId: household.id,
        }),
      );
    }
  });
  const pledgePages = [0, 1].map(() =>
    scannedForm(scanRandom, { rows: 12, columns: 4, signatures: 2, signedRows: true, seal: true }),
  );
  const pledgeTitle = `[${village.name}${previous}年帮扶责任人结对帮扶承诺书（签字件）]`;
  on(workingDayFrom(`${previous}-04-10`, settings), async (at) =>
    upload(at, {
      fileName: `帮扶承诺书-${previous}.pdf`,
      bytes: await scannedPdf(pledgePages, pledgeTitle),
      title: pledgeTitle,
      date: clerkDate(at),
      category: '精准施策类',
    }),
  );

  // In calendar order (stable: a day's steps in the order above).
  const ordered = steps.map((step, order) => ({ step, order }));
  ordered.sort((a, b) => a.step.date.localeCompare(b.step.date) || a.order - b.order);
  for (const { step } of ordered) await step.run(clerkOn(ctx, step.date));

  // Everything of the previous year is filed: seal it, as the clerk would.
  sealYear(ctx, previous);
  return { archiveItems: filed };
}

/** The clerk's day as the scan's 日期. */
const clerkDate = (at: ServiceContext) => todayOf(at);
