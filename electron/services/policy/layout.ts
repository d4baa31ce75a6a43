import type { CardLevel } from '../../api/cards-types';
import type { PolicySheetContent } from '../../api/policy-types';
import type { PrintFonts } from '../../documents/pdf/fonts';
import { A4, mm, type PdfPages } from '../../documents/pdf/page';
import type { PageOps } from '../../documents/pdf/page-ops';
import type { TextStyle } from '../../documents/pdf/text';
import { chineseDate, edgeToEdgePages, type Measure } from '../cards/layout';

/**
 * Drawing the 监测对象申报政策明白纸 (docs/domain.md §9 「Publicity」): one A4 portrait page per
 * household, read by elderly villagers, so the type is large — body 14 pt, never below 12 pt
 * (a page with many contacts steps down by half points until it fits; nothing is cut or moved
 * to a second page). Four parts in plain words: who may apply, how, what happens next, whom to
 * call; the household's 户主 and 所在组 at the top, never its ID numbers or its own phone.
 * Drawn with PageOps (explicit positions, no pdfkit text shaping: services/cards/layout.ts).
 */

export const POLICY_TITLE = '防止返贫监测对象申报政策明白纸';

const MARGIN_X = mm(16);
const MARGIN_TOP = mm(14);
const MARGIN_BOTTOM = mm(12);
const WIDTH = A4.width - 2 * MARGIN_X;
const BOTTOM = A4.height - MARGIN_BOTTOM;
/** Body sizes tried, largest first (docs/domain.md §9: readable by an elderly villager). */
const SIZES = [14, 13.5, 13, 12.5, 12] as const;
const LEADING = 1.45;
const BORDER = 0.7;

/** Contacts listed: the household's own grid (all its workers, as on the card) and the village's head. */
function contactRows(levels: readonly CardLevel[]): string[][] {
  const rows: string[][] = [];
  const own = levels.at(-1);
  const village = levels.find((l) => l.level === 'village' && l !== own);
  if (village?.workers[0]) {
    const w = village.workers[0];
    rows.push([`村（${village.grid}）`, w.role, w.name, w.phone]);
  }
  for (const w of own?.workers ?? []) {
    rows.push([`${own!.label}（${own!.grid}）`, w.role, w.name, w.phone]);
  }
  return rows;
}

/** The sheet's paragraphs, in the clerk's and the villager's words. */
export function sheetText(sheet: PolicySheetContent) {
  const incomeItem =
    sheet.incomeLine === null
      ? '家庭年人均纯收入低于或接近当年监测收入标准（以县里公布的为准）；'
      : `家庭年人均纯收入低于或接近 ${sheet.incomeYear} 年监测收入标准 ${sheet.incomeLine} 元；`;
  const w = sheet.reportWorker;
  const ways = [
    w
      ? `告诉网格员：${w.role} ${w.name}${w.phone ? `，电话 ${w.phone}` : ''}；`
      : '告诉本组网格员（见下面的联系人）；',
    `拨打 ${sheet.hotline} 防止返贫监测和乡村振兴咨询服务热线；`,
    `到${sheet.committee}填写申报表，自己申报（农户自主申报）；`,
    ...(sheet.appChannel ? [`用手机通过「${sheet.appChannel}」申报。`] : []),
  ];
  return {
    who: {
      intro: '有下面情况的家庭，都可以申报防止返贫监测对象：',
      kinds: [
        '脱贫不稳定户：脱贫户中收入不稳定、有返贫风险的；',
        '边缘易致贫户：一般农户中收入低、有致贫风险的；',
        '突发严重困难户：因病、因灾、因意外等，生活突然出现严重困难的。',
      ],
      conditionsIntro: '具体看这几条，符合一条就可以申报：',
      conditions: [
        incomeItem,
        '因务工就业不稳、产业失败等，家庭收入大幅减少；',
        '因病、因残、因意外事故、因自然灾害、孩子上学等，开支大幅增加；',
        '住房、饮水、孩子上学、看病就医出现困难。',
      ],
    },
    how: ways,
    howNote: '申报不收任何费用，也不用找人说情。',
    next: [
      `核实评议：村里 ${sheet.limits.verify}内上门核实，村民代表评议；`,
      `公示：在村公示栏公示不少于 ${sheet.limits.notice}，大家有意见可以提出；`,
      `审核审定：乡镇 ${sheet.limits.township}内审核，审定后纳入监测，落实帮扶措施；`,
      `从申报到办结，一般不超过 ${sheet.limits.total}。`,
    ],
  };
}

interface Styles {
  title: TextStyle;
  heading: TextStyle;
  body: TextStyle;
  bold: TextStyle;
  small: TextStyle;
}

function styles(m: Measure, size: number): Styles {
  const s = (font: string, pt: number): TextStyle => ({ font, size: pt, leading: pt * LEADING });
  return {
    title: s(m.fonts.bold, size + 8),
    heading: s(m.fonts.bold, size + 1.5),
    body: s(m.fonts.regular, size),
    bold: s(m.fonts.bold, size),
    small: s(m.fonts.regular, Math.max(size - 2, 10.5)),
  };
}

/**
 * Lays out one sheet at a size: `draw` false measures only. Returns the bottom reached.
 * Every piece is placed at an explicit y (STACK.md: pdfkit adds pages by itself otherwise).
 */
function layout(
  m: Measure,
  ops: PageOps,
  sheet: PolicySheetContent,
  size: number,
  draw: boolean,
): number {
  const st = styles(m, size);
  const text = sheetText(sheet);
  const adv = (style: TextStyle) => style.leading ?? style.size * LEADING;
  let y = MARGIN_TOP;
  const x = MARGIN_X;

  const line = (
    t: string,
    style: TextStyle,
    left = x,
    width = WIDTH,
    align?: 'center' | 'right',
  ) => {
    if (draw) ops.text(t, left, y, style, align ? { width, align } : {});
    y += adv(style);
  };
  const paragraph = (t: string, style: TextStyle, left = x, width = WIDTH) => {
    for (const l of m.lines(t, width, style)) line(l, style, left, width);
  };
  /** A numbered or bulleted item: the mark in the margin, the text hanging beside it. */
  const item = (mark: string, t: string, style: TextStyle) => {
    const indent = m.width('4. ', style) + 2;
    const top = y;
    if (draw) ops.text(mark, x + size, top, style);
    paragraph(t, style, x + size + indent, WIDTH - size - indent);
  };
  const heading = (t: string) => {
    y += size * 0.5;
    if (draw) ops.fill({ x, y, width: WIDTH, height: adv(st.heading) }, '#e8e8e8');
    line(t, st.heading, x + size * 0.4);
    y += size * 0.2;
  };

  line(POLICY_TITLE, st.title, x, WIDTH, 'center');
  y += size * 0.3;
  const who = `户主：${sheet.head || '＿＿＿＿'}\u3000\u3000所在组：${sheet.village}${sheet.group}`;
  paragraph(who, st.bold);
  if (draw) ops.rule({ x, y: y + 2, width: WIDTH, height: 0 }, BORDER);
  y += 4;

  heading('一、哪些家庭可以申报');
  paragraph(text.who.intro, st.body);
  text.who.kinds.forEach((k) => item('●', k, st.body));
  paragraph(text.who.conditionsIntro, st.body);
  text.who.conditions.forEach((c, i) => item(`${i + 1}.`, c, st.body));

  heading('二、怎么申报');
  text.how.forEach((h, i) => item(`${i + 1}.`, h, st.body));
  paragraph(text.howNote, st.bold);

  heading('三、申报以后怎么办');
  text.next.forEach((n, i) => item(`${i + 1}.`, n, st.body));

  heading('四、联系人');
  y += size * 0.2;
  const widths = [0.3, 0.2, 0.2, 0.3].map((f) => f * WIDTH);
  const rows = [['层级', '职务', '姓名', '电话'], ...contactRows(sheet.levels)];
  if (sheet.contact) {
    rows.push(['帮扶责任人', sheet.contact.unit || '—', sheet.contact.name, sheet.contact.phone]);
  }
  if (rows.length === 1) rows.push(['—', '—', '—', '—']);
  const pad = size * 0.35;
  rows.forEach((cells, r) => {
    const style = r === 0 ? st.bold : st.body;
    const laid = cells.map((c, i) => m.lines(c, widths[i]! - 2 * pad, style));
    const height = Math.max(...laid.map((l) => l.length)) * adv(style) + pad;
    let left = x;
    laid.forEach((lines, i) => {
      const box = { x: left, y, width: widths[i]!, height };
      if (draw) {
        if (r === 0) ops.fill(box, '#e8e8e8');
        lines.forEach((l, k) => ops.text(l, left + pad, y + pad / 2 + k * adv(style), style));
        ops.rule(box, BORDER);
      }
      left += widths[i]!;
    });
    y += height;
  });
  y += size * 0.5;
  const supervision = sheet.supervisionPhone || '＿＿＿＿＿＿＿＿';
  paragraph(`监督电话：${supervision}\u3000（办事不公、反映问题没人管，可以拨打）`, st.body);

  y += size * 0.6;
  line(`${sheet.committee}\u3000${chineseDate(sheet.issueDate)}`, st.body, x, WIDTH, 'right');
  return y;
}

/** A batch of sheets, one A4 page each, in the order added. */
export class PolicySheets {
  private readonly pages: PdfPages;
  private readonly ops: PageOps;
  private readonly measure: Measure;
  private count = 0;
  /** Sheets printed below 14 pt to fit (many contacts). */
  private smaller = 0;

  constructor(title: string, fonts?: PrintFonts) {
    ({ pages: this.pages, ops: this.ops, measure: this.measure } = edgeToEdgePages(title, fonts));
  }

  get sheets(): number {
    return this.count;
  }

  get reducedType(): number {
    return this.smaller;
  }

  add(sheet: PolicySheetContent): void {
    if (this.count > 0) this.pages.addPage();
    // The largest size that fits the page; the smallest in any case (a page never spills).
    const size =
      SIZES.find((s) => layout(this.measure, this.ops, sheet, s, false) <= BOTTOM) ?? SIZES.at(-1)!;
    if (size !== SIZES[0]) this.smaller++;
    layout(this.measure, this.ops, sheet, size, true);
    this.ops.flush();
    this.count++;
  }

  finish(): Promise<Buffer> {
    return this.pages.finish();
  }
}
