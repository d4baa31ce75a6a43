import type { CardContent, CardLayout, CardLevelKind } from '../../api/cards-types';
import {
  a4Halves,
  A4_PORTRAIT_PAGE,
  clampLines,
  drawCutLine,
  insetBox,
  type Box,
} from '../../documents/pdf/box';
import { FONT_BOLD, FONT_REGULAR, type FontName, type PrintFonts } from '../../documents/pdf/fonts';
import { A4, mm, PdfPages } from '../../documents/pdf/page';
import { PageOps } from '../../documents/pdf/page-ops';
import { lineAdvance, textWidth, wrapLines, type TextStyle } from '../../documents/pdf/text';

/**
 * Drawing 明白纸 (docs/domain.md §5) into fixed boxes. Two layouts:
 * - 'a4': one card per A4 portrait page;
 * - 'a5x2': two cards per A4 portrait sheet, top and bottom, each an A5 landscape card, cut
 *   apart along the dashed line at mid-height. Chosen over A4 landscape cut left/right
 *   because (1) the PDF stays portrait like every other document, so it prints the right way
 *   round with any driver's defaults and in Chromium's viewer without relying on auto-rotate;
 *   (2) the card's core is a table of role, name, phone and duties, which wants width: an A5
 *   landscape card is 210 mm wide (the same width as the A4 card, so both share one design
 *   and the duties keep to one line), where an A5 portrait card would be 148 mm;
 *   (3) one straight cut across the short side, as a paper cutter does it.
 * Type is never smaller than 10.5 pt (docs/domain.md §5): the A5 card fits its content by
 * layout instead — thin margins, one frame line, tight cell leading, duties on fewer lines, the
 * three ways to report on one paragraph — and a card that still cannot fit its half (many
 * workers on every level) is printed on a whole A4 page of its own, at the same sizes or
 * larger. The A4 card is the same design at a larger scale when there is room.
 */

export const CARD_TITLE = '防止返贫动态监测网格化管理明白纸';

const LEVEL_WORDS: Record<CardLevelKind, string> = {
  township: '乡镇',
  village: '本村',
  group: '本组',
  cell: '本网格',
};

/** ISO date → 2026年5月6日 (Arabic numerals, as GB/T 9704 writes dates). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The lines under 遇到困难怎么办 (docs/domain.md §3: grid worker, 12317, self-report). */
export function reportLines(card: CardContent): string[] {
  const { worker, hotline, committee } = card.report;
  const ways = [
    worker
      ? `向${LEVEL_WORDS[worker.level]}${worker.role} ${worker.name} 反映${worker.phone ? `，电话 ${worker.phone}` : ''}；`
      : '向本组网格员反映；',
    `拨打 ${hotline} 防止返贫监测和乡村振兴咨询服务热线；`,
    `到${committee}自主申报。`,
  ];
  return [
    '家中因病、因灾、因意外事故等导致收入骤减、支出骤增或基本生活出现困难时，可通过以下方式反映：',
    ...ways.map((way, i) => `${i + 1}. ${way}`),
  ];
}

/**
 * Text measurement for a batch: lines that fit are returned as they are (most cells: names,
 * phones, roles), longer texts are wrapped once and remembered (duties, the report lines and
 * the title repeat on every card of a grid), so trying a card at two scales costs little.
 */
export class Measure {
  private readonly memo = new Map<string, string[]>();
  private readonly blocks = new Map<string, Block | null>();
  private readonly ids = new WeakMap<object, number>();
  private lastId = 0;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    /** The faces of the card: titles and labels, and the rest. */
    readonly fonts: { bold: FontName; regular: FontName } = {
      bold: FONT_BOLD,
      regular: FONT_REGULAR,
    },
  ) {}

  width(text: string, style: TextStyle): number {
    return textWidth(this.doc, text, style);
  }

  lines(text: string, width: number, style: TextStyle, maxLines = 0): string[] {
    if (!text.includes('\n') && !text.startsWith(' ') && this.width(text, style) <= width) {
      return [text.trimEnd()];
    }
    const key = `${style.font ?? ''}\u0000${style.size}\u0000${width}\u0000${maxLines}\u0000${text}`;
    let lines = this.memo.get(key);
    if (!lines) {
      lines =
        maxLines > 0
          ? clampLines(this.doc, text, width, style, maxLines)
          : wrapLines(this.doc, text, width, style);
      // Bounded: a batch of 10,000 cards must not keep every address it wrapped.
      if (this.memo.size >= 5000) this.memo.clear();
      this.memo.set(key, lines);
    }
    return lines;
  }

  /** A shared piece, built once per key and marked to be drawn as a form. */
  block(key: string, build: () => Block | null): Block | null {
    if (!this.blocks.has(key)) {
      const block = build();
      this.blocks.set(key, block && { height: block.height, draw: block.draw, key });
    }
    return this.blocks.get(key)!;
  }

  /** A number for an object (the level list a grid's cards share), for keys. */
  idOf(value: object): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = ++this.lastId;
      this.ids.set(value, id);
    }
    return id;
  }
}

/** A laid-out piece of the card: its height at the chosen scale, and how to draw it. */
interface Block {
  height: number;
  draw(x: number, y: number): void;
  /** Set on shared pieces: drawn once as a form under this key, then placed. */
  key?: string;
}

interface Cell {
  text: string;
  bold?: boolean;
  /** Columns the cell covers (default 1). */
  span?: number;
  align?: 'left' | 'center';
  fill?: string;
  /** At most this many lines; a longer text ends in "…". */
  maxLines?: number;
}

const BORDER = 0.6;

/** Cell and paragraph leading: tighter than the default 1.45 em, so more rows fit an A5 card. */
const CELL_LEADING = 1.3;
const PARAGRAPH_LEADING = 1.35;

function cellStyle(m: Measure, cell: Cell, size: number): TextStyle {
  return { font: cell.bold ? m.fonts.bold : m.fonts.regular, size, leading: size * CELL_LEADING };
}

/** Text lines vertically centred in a cell, its background and its rule. */
function drawCell(
  ops: PageOps,
  lines: readonly string[],
  style: TextStyle,
  box: Box,
  pad: number,
  cell: Pick<Cell, 'align' | 'fill'>,
): void {
  if (cell.fill) ops.fill(box, cell.fill);
  const lh = lineAdvance(style);
  let y = box.y + (box.height - lines.length * lh) / 2;
  for (const line of lines) {
    ops.text(line, box.x + pad, y, style, {
      width: box.width - 2 * pad,
      align: cell.align ?? 'left',
    });
    y += lh;
  }
  ops.rule(box, BORDER);
}

/** One table row of cells over column widths (spans allowed); height of its tallest cell. */
function row(
  m: Measure,
  ops: PageOps,
  cells: readonly Cell[],
  widths: readonly number[],
  size: number,
  pad: number,
): Block & { stretch(height: number): void } {
  let column = 0;
  const laid = cells.map((cell) => {
    const span = cell.span ?? 1;
    const offset = widths.slice(0, column).reduce((a, b) => a + b, 0);
    const width = widths.slice(column, column + span).reduce((a, b) => a + b, 0);
    column += span;
    const style = cellStyle(m, cell, size);
    const inner = Math.max(width - 2 * pad, 1);
    const lines = m.lines(cell.text, inner, style, cell.maxLines);
    return { cell, style, offset, width, lines };
  });
  let height = Math.max(...laid.map((c) => c.lines.length)) * size * CELL_LEADING + pad * 1.2;
  return {
    get height() {
      return height;
    },
    stretch(to: number) {
      height = Math.max(height, to);
    },
    draw(x, y) {
      for (const c of laid) {
        drawCell(
          ops,
          c.lines,
          c.style,
          { x: x + c.offset, y, width: c.width, height },
          pad,
          c.cell,
        );
      }
    },
  };
}

/** Rows stacked into one block. */
function stack(rows: readonly Block[]): Block {
  return {
    height: rows.reduce((sum, r) => sum + r.height, 0),
    draw(x, y) {
      let top = y;
      for (const r of rows) {
        r.draw(x, top);
        top += r.height;
      }
    },
  };
}

const HEADER_FILL = '#e6e6e6';
const LABEL_FILL = '#f2f2f2';

/**
 * Column widths for a table whose short columns (labels, names, roles, phones) must stay on
 * one line: each takes its widest text (capped at `cap` characters, beyond which it wraps),
 * and the flexible column gets the rest. Null when the rest is narrower than `flexMin`
 * characters: the card is then laid out again at a smaller scale. `force` (at the smallest
 * scale) narrows the short columns instead, so their texts wrap.
 */
function columnWidths(
  m: Measure,
  width: number,
  pad: number,
  columns: readonly { texts: readonly string[]; style: TextStyle; cap?: number }[],
  flex: number,
  flexMin: number,
  force: boolean,
): number[] | null {
  const em = (style: TextStyle) => m.width('国', style);
  const widths = columns.map((c, i) => {
    if (i === flex) return 0;
    const widest = Math.max(...c.texts.map((t) => m.width(t, c.style)));
    return Math.min(widest, (c.cap ?? 99) * em(c.style)) + 2 * pad + 1;
  });
  const fixed = widths.reduce((a, b) => a + b, 0);
  const need = flexMin * em(columns[flex]!.style) + 2 * pad;
  if (width - fixed >= need) {
    widths[flex] = width - fixed;
    return widths;
  }
  if (!force) return null;
  const shrink = Math.max(width - need, 0) / fixed;
  return widths.map((w, i) => (i === flex ? Math.min(need, width) : w * shrink));
}

interface Sizes {
  s: number;
  body: number;
  small: number;
  pad: number;
  bold(size: number): TextStyle;
  regular(size: number): TextStyle;
}

/** The smallest type on a card, in points (docs/domain.md §5: 五号, 10.5 pt). */
export const MIN_CARD_TEXT = 10.5;

function sizes(m: Measure, s: number): Sizes {
  return {
    s,
    body: MIN_CARD_TEXT * s,
    small: MIN_CARD_TEXT * s,
    pad: 2.6 * s,
    bold: (size) => ({ font: m.fonts.bold, size, leading: size * PARAGRAPH_LEADING }),
    regular: (size) => ({ font: m.fonts.regular, size, leading: size * PARAGRAPH_LEADING }),
  };
}

const label = (text: string): Cell => ({ text, bold: true, align: 'center', fill: LABEL_FILL });

function titleBlock(m: Measure, ops: PageOps, width: number, z: Sizes): Block {
  const style = z.bold(15 * z.s);
  const lines = m.lines(CARD_TITLE, width, style);
  return {
    height: lines.length * lineAdvance(style),
    draw(x, y) {
      lines.forEach((line, i) =>
        ops.text(line, x, y + i * lineAdvance(style), style, { width, align: 'center' }),
      );
    },
  };
}

/** 户主, 所在网格, 住址: the part of the card that is the household's own. */
function infoBlock(
  m: Measure,
  ops: PageOps,
  card: CardContent,
  width: number,
  z: Sizes,
  force: boolean,
): Block | null {
  const place = `${card.township}${card.village}${card.group}` || '—';
  const address = [card.naturalVillage, card.address].filter(Boolean).join(' ') || '—';
  const head = card.head || '—';
  const widths = columnWidths(
    m,
    width,
    z.pad,
    [
      { texts: ['户主', '住址'], style: z.bold(z.body) },
      { texts: [head, '国国国国'], style: z.regular(z.body), cap: 8 },
      { texts: ['所在网格'], style: z.bold(z.body) },
      { texts: [place], style: z.regular(z.body) },
    ],
    3,
    8,
    force,
  );
  if (!widths) return null;
  return stack([
    row(
      m,
      ops,
      [label('户主'), { text: head }, label('所在网格'), { text: place }],
      widths,
      z.body,
      z.pad,
    ),
    row(m, ops, [label('住址'), { text: address, span: 3 }], widths, z.body, z.pad),
  ]);
}

/** The level table: one group of rows per level, 层级 and 网格 spanning its worker rows. */
function workersBlock(
  m: Measure,
  ops: PageOps,
  levels: CardContent['levels'],
  width: number,
  z: Sizes,
  force: boolean,
  dutyLines: number,
): Block | null {
  const headers = ['层级', '网格', '职务', '姓名', '联系电话', '主要职责'];
  const all = levels.flatMap((l) => l.workers);
  const widths = columnWidths(
    m,
    width,
    z.pad,
    [
      { texts: [headers[0]!, ...levels.map((l) => l.label)], style: z.bold(z.small) },
      { texts: [headers[1]!, ...levels.map((l) => l.grid)], style: z.regular(z.small), cap: 4 },
      { texts: [headers[2]!, ...all.map((w) => w.role)], style: z.bold(z.small) },
      { texts: [headers[3]!, ...all.map((w) => w.name)], style: z.regular(z.small), cap: 6 },
      { texts: [headers[4]!, ...all.map((w) => w.phone || '—')], style: z.regular(z.small) },
      { texts: [], style: z.regular(z.small) },
    ],
    5,
    10,
    force,
  );
  if (!widths) return null;
  const header = row(
    m,
    ops,
    headers.map((text) => ({ text, bold: true, align: 'center' as const, fill: HEADER_FILL })),
    widths,
    z.small,
    z.pad,
  );
  const rest = widths.slice(2);
  const leadWidth = widths[0]! + widths[1]!;
  const groups: Block[] = levels.map((level) => {
    const rows =
      level.workers.length > 0
        ? level.workers.map((w) =>
            row(
              m,
              ops,
              [
                { text: w.role, bold: true, align: 'center' },
                { text: w.name, align: 'center' },
                { text: w.phone || '—', align: 'center' },
                { text: w.duties || '—', maxLines: dutyLines },
              ],
              rest,
              z.small,
              z.pad,
            ),
          )
        : [row(m, ops, [{ text: '暂未配备', span: 4, align: 'center' }], rest, z.small, z.pad)];
    const lead = row(
      m,
      ops,
      [
        { text: level.label, bold: true, align: 'center' },
        { text: level.grid, align: 'center' },
      ],
      widths.slice(0, 2),
      z.small,
      z.pad,
    );
    // The level's rows stretch to the level cells' own height if those are taller.
    const inner = rows.reduce((sum, r) => sum + r.height, 0);
    if (lead.height > inner) rows.at(-1)!.stretch(rows.at(-1)!.height + lead.height - inner);
    const height = Math.max(inner, lead.height);
    lead.stretch(height);
    const body = stack(rows);
    return {
      height,
      draw(x, y) {
        lead.draw(x, y);
        body.draw(x + leadWidth, y);
      },
    };
  });
  return stack([header, ...groups]);
}

/** 帮扶责任人: name, unit and phone, or 暂无. */
function contactBlock(
  m: Measure,
  ops: PageOps,
  contact: CardContent['contact'],
  width: number,
  z: Sizes,
  force: boolean,
): Block | null {
  const cells: Cell[] = contact
    ? [
        label('帮扶责任人'),
        { text: contact.name, align: 'center' },
        label('工作单位'),
        { text: contact.unit || '—', maxLines: 2 },
        label('联系电话'),
        { text: contact.phone || '—', align: 'center' },
      ]
    : [label('帮扶责任人'), { text: '暂无', span: 5 }];
  const widths = columnWidths(
    m,
    width,
    z.pad,
    cells.map((c, i) => ({
      texts: [c.text],
      style: c.bold ? z.bold(z.body) : z.regular(z.body),
      cap: i === 1 ? 6 : undefined,
    })),
    contact ? 3 : 1,
    contact ? 6 : 2,
    force,
  );
  return widths && row(m, ops, cells, widths, z.body, z.pad);
}

/**
 * 遇到困难怎么办 and its numbered ways: one line each, or (`compact`, when the card is short of
 * room) the ways run on as one paragraph.
 */
function reportBlock(
  m: Measure,
  ops: PageOps,
  lines: readonly string[],
  width: number,
  z: Sizes,
  compact: boolean,
): Block {
  const heading = z.bold(z.body);
  const style = z.regular(z.small);
  const indent = 1.2 * z.small;
  const [intro = '', ...ways] = lines;
  const texts = compact ? [intro, ways.join('')] : lines;
  const paragraphs = texts.map((line, i) => m.lines(line, i === 0 ? width : width - indent, style));
  return {
    height: lineAdvance(heading) + paragraphs.flat().length * lineAdvance(style),
    draw(x, y) {
      ops.text('遇到困难怎么办', x, y, heading);
      let top = y + lineAdvance(heading);
      paragraphs.forEach((wrapped, i) => {
        for (const line of wrapped) {
          ops.text(line, i === 0 ? x : x + indent, top, style);
          top += lineAdvance(style);
        }
      });
    },
  };
}

/** 监督电话 and 发放日期 on one line (two when the box is too narrow). */
function footerBlock(m: Measure, ops: PageOps, card: CardContent, width: number, z: Sizes): Block {
  const style = z.bold(z.body);
  const phone = card.supervisionPhone
    ? `监督电话：${card.supervisionPhone}`
    : '监督电话：＿＿＿＿＿＿＿＿';
  const date = `发放日期：${chineseDate(card.issueDate)}`;
  const oneLine = m.width(`${phone}\u3000\u3000${date}`, style) <= width;
  return {
    height: lineAdvance(style) * (oneLine ? 1 : 2),
    draw(x, y) {
      ops.text(phone, x, y, style);
      ops.text(date, x, oneLine ? y : y + lineAdvance(style), style, { width, align: 'right' });
    },
  };
}

/**
 * The card's blocks at scale `s` (1 = the A5 card, type at 10.5 pt), for a box `width` points
 * wide, with each worker's duties on at most `dutyLines` lines and the ways to report run on
 * when `compact`; null when the short columns do not fit on one line at this scale (unless
 * `force`). The pieces every card of a grid shares (title, level table, report lines, footer)
 * are built once per scale and drawn as forms: placed on each page, kept once in the file.
 */
function planCard(
  m: Measure,
  ops: PageOps,
  card: CardContent,
  width: number,
  s: number,
  dutyLines: number,
  compact: boolean,
  force: boolean,
) {
  const z = sizes(m, s);
  const at = `${s}|${width}|${force}|${dutyLines}`;
  const lines = reportLines(card);
  const title = m.block(`title|${at}`, () => titleBlock(m, ops, width, z));
  const workers = m.block(`workers|${m.idOf(card.levels)}|${at}`, () =>
    workersBlock(m, ops, card.levels, width, z, force, dutyLines),
  );
  const report = m.block(`report|${at}|${compact}|${lines.join('\n')}`, () =>
    reportBlock(m, ops, lines, width, z, compact),
  );
  const footer = m.block(`footer|${at}|${card.supervisionPhone}|${card.issueDate}`, () =>
    footerBlock(m, ops, card, width, z),
  );
  const info = infoBlock(m, ops, card, width, z, force);
  const contact = contactBlock(m, ops, card.contact, width, z, force);
  if (!title || !workers || !report || !footer || !info || !contact) return null;
  return { blocks: [title, info, workers, contact, report], footer, gap: 4 * z.s };
}

/** Never below 1: at scale 1 every text is MIN_CARD_TEXT (10.5 pt). */
const MIN_SCALE = 1;

const STEP = 0.05;
const onGrid = (scale: number) => Math.round(scale / STEP) * STEP;

/**
 * Ways to make a card shorter at one scale, tried in turn: first the report's ways run on
 * (nothing is lost), then the duties are cut to one line (ending in "…"), then both.
 */
const SQUEEZES = [
  { dutyLines: 2, compact: false },
  { dutyLines: 2, compact: true },
  { dutyLines: 1, compact: false },
  { dutyLines: 1, compact: true },
] as const;

export type CardFit = NonNullable<ReturnType<typeof tryFit>>;

function tryFit(
  m: Measure,
  ops: PageOps,
  card: CardContent,
  box: Box,
  s: number,
  squeeze: (typeof SQUEEZES)[number],
  force: boolean,
) {
  // One frame line, 4 pt in from the box's edge at scale 1.
  const inner = insetBox(box, 6 * s + 2);
  const plan = planCard(m, ops, card, inner.width, s, squeeze.dutyLines, squeeze.compact, force);
  if (!plan) return null;
  const used =
    plan.blocks.reduce((sum, b) => sum + b.height, 0) +
    plan.footer.height +
    plan.blocks.length * plan.gap;
  return { plan, inner, used, box, scale: s };
}

/**
 * The largest scale (in steps of 0.05 from `maxScale` down to 1, never below: type stays at
 * 10.5 pt or more) at which the card fits `box`, trying at each the squeezes in turn; null when
 * it fits at none (unless `force`: the short columns then wrap, at scale 1). Heights grow about
 * linearly with the scale, so after a try that is too tall the next scale is estimated.
 */
export function fitCard(
  m: Measure,
  ops: PageOps,
  card: CardContent,
  box: Box,
  maxScale: number,
  force = false,
): CardFit | null {
  for (const squeeze of SQUEEZES) {
    for (let s = maxScale; ;) {
      const tried = tryFit(m, ops, card, box, s, squeeze, false);
      if (tried && tried.used <= tried.inner.height) return tried;
      if (s <= MIN_SCALE + 1e-9) break;
      const estimate = tried
        ? Math.floor((s * tried.inner.height) / tried.used / STEP + 1e-9) * STEP
        : s - STEP;
      s = Math.max(onGrid(Math.min(estimate, s - STEP)), MIN_SCALE);
    }
  }
  return force ? tryFit(m, ops, card, box, MIN_SCALE, SQUEEZES[3], true) : null;
}

/**
 * Draws a fitted card: its frame on the box's edge, the footer at the bottom and spare height
 * between the sections (up to a limit, then below them).
 */
export function drawCard(ops: PageOps, fit: CardFit): void {
  const { plan, inner, used, box } = fit;
  ops.rule(box, 1);
  const spare = Math.max(0, inner.height - used);
  const extra = Math.min(spare / plan.blocks.length, plan.gap * 3);
  let y = inner.y;
  const place = (block: Block, top: number) => {
    if (block.key) {
      ops.form(block.key, inner.x, top, inner.width, block.height, () => block.draw(0, 0));
    } else block.draw(inner.x, top);
  };
  plan.blocks.forEach((block, i) => {
    place(block, y);
    y += block.height + plan.gap + (i === 0 ? extra * 0.5 : extra);
  });
  place(plan.footer, inner.y + inner.height - plan.footer.height);
  ops.flush();
}

/** Largest scale per layout: the A4 card is the A5 design printed larger. */
const MAX_SCALE: Record<CardLayout, number> = { a4: 1.45, a5x2: 1 };

/** The A5 halves: thin margins and gutter, so the card keeps its 10.5 pt type. */
const HALVES = a4Halves(mm(6), mm(5));
const A4_CARD_BOX = insetBox(A4_PORTRAIT_PAGE, mm(12));

/**
 * The PDF of a batch of printed sheets drawn to the page's edge (no margins, no page numbers)
 * with the settings' print fonts, how it draws and how it measures — shared by the household
 * cards (明白纸) and the 申报政策明白纸 (policy/layout.ts).
 */
export function edgeToEdgePages(
  title: string,
  fonts?: PrintFonts,
): { pages: PdfPages; ops: PageOps; measure: Measure } {
  const pages = new PdfPages({
    pageNumbers: false,
    margins: { top: 0, right: 0, bottom: 0, left: 0 },
    title,
    author: '村级网格台账',
    fonts: fonts ? [fonts.title, fonts.body] : [],
  });
  const measure = new Measure(
    pages.doc,
    fonts ? { bold: fonts.title.name, regular: fonts.body.name } : undefined,
  );
  return { pages, ops: new PageOps(pages.doc), measure };
}

/**
 * A PDF of cards, added one at a time (a batch draws in chunks and yields between them):
 * A4 portrait sheets, one card per page or two per sheet with a cut line. In the A5 layout a
 * card too long for its half at 10.5 pt gets an A4 page of its own (the half left free before
 * it stays blank, keeping the print order). No page numbers: each card is cut out or posted
 * on its own.
 */
export class CardSheets {
  private readonly pages: PdfPages;
  private readonly ops: PageOps;
  private readonly measure: Measure;
  private count = 0;
  private pagesUsed = 0;
  private bottomFree = false;
  private tooLong = 0;

  /**
   * `fonts`: the settings' print fonts (resolvePrintFonts); the title font also sets the
   * labels and headings, the body font the rest. Default: the bundled Noto Sans SC.
   */
  constructor(
    readonly layout: CardLayout,
    title: string,
    fonts?: PrintFonts,
  ) {
    ({ pages: this.pages, ops: this.ops, measure: this.measure } = edgeToEdgePages(title, fonts));
  }

  /** Cards drawn so far. */
  get cards(): number {
    return this.count;
  }

  /** A4 sheets used so far. */
  get sheets(): number {
    return this.pagesUsed;
  }

  /** A5-layout cards too long for a half, printed on an A4 page of their own. */
  get fullPageCards(): number {
    return this.tooLong;
  }

  private newPage(): void {
    if (this.pagesUsed > 0) this.pages.addPage();
    this.pagesUsed++;
  }

  private fullPage(card: CardContent): void {
    this.newPage();
    this.bottomFree = false;
    const fit = fitCard(this.measure, this.ops, card, A4_CARD_BOX, MAX_SCALE.a4, true)!;
    drawCard(this.ops, fit);
  }

  add(card: CardContent): void {
    if (this.layout === 'a4') {
      this.fullPage(card);
    } else {
      const slot = this.bottomFree ? 1 : 0;
      const fit = fitCard(this.measure, this.ops, card, HALVES[slot], MAX_SCALE.a5x2);
      if (!fit) {
        this.tooLong++;
        this.fullPage(card);
      } else {
        if (slot === 0) {
          this.newPage();
          drawCutLine(this.pages.doc, A4.height / 2);
        }
        drawCard(this.ops, fit);
        this.bottomFree = slot === 0;
      }
    }
    this.count++;
  }

  finish(): Promise<Buffer> {
    return this.pages.finish();
  }
}
