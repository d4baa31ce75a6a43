import { FONT_BOLD } from '../../documents/pdf/fonts';
import { PdfPages } from '../../documents/pdf/page';
import { drawTable, tableLeadHeight, type TableOptions } from '../../documents/pdf/table';
import { lineHeight } from '../../documents/pdf/text';
import type { MonthlyReport } from '../../api/reports-types';
import {
  breakdownSections,
  cellText,
  scopeLine,
  summarySection,
  type ReportSection,
} from './monthly-tables';

/**
 * The 月通报 as a PDF: A4 portrait, the title "<村名> <YYYY年M月> 防返贫动态监测月通报", the
 * scope line, the key figures, then each breakdown as a table, and at the end the lines the
 * village signs: 填报人, 审核人, 填报日期 and the unit's name with room for its seal (（盖章）).
 * Page numbers "— n —"; the font is embedded as a subset. Only counts and rates: no names, ID
 * numbers or phones.
 *
 * Nothing is left alone at a page foot: a table's heading goes with the table's header and
 * first two rows, a section row of the key figures (一、农户覆盖 …) with the two rows under it,
 * and the signature block with the last two rows of the last table.
 */

const HEADING = { font: FONT_BOLD, size: 13 } as const;
const HEADING_GAP = 4;
const SECTION_GAP = 12;
const SIGN = { size: 12 } as const;
/** Blank lines that 填报人/审核人 and the seal are given to write and stamp in. */
const SIGN_GAP = 18;
const SEAL_ROOM = 36;
const BLANK = '＿＿＿＿＿＿＿＿';
/** Four ideographic spaces between 填报人 and 审核人. */
const GAP = '\u3000'.repeat(4);

function signatureLines(report: MonthlyReport): { text: string; align: 'left' | 'right' }[] {
  return [
    { text: `填报人：${BLANK}${GAP}审核人：${BLANK}`, align: 'left' },
    { text: '填报日期：＿＿＿＿年＿＿月＿＿日', align: 'left' },
    { text: `填报单位：${report.placeName}（盖章）`, align: 'right' },
  ];
}

/** The signature block's height, from the gap above it to the room left for the seal. */
function signatureHeight(lines: number): number {
  return SECTION_GAP + lines * lineHeight(SIGN.size) + (lines - 1) * SIGN_GAP + SEAL_ROOM;
}

/** A report section (monthly-tables.ts) as a PDF table: its columns, cells and bold rows. */
export function sectionTable(section: ReportSection, fontSize: number): TableOptions {
  return {
    columns: section.columns.map((c) => ({
      header: c.header,
      width: c.width,
      align: c.align ?? 'left',
    })),
    rows: section.rows.map((row) => row.map(cellText)),
    fontSize,
    boldRows: new Set(section.boldRows),
  };
}

export async function monthlyPdf(report: MonthlyReport): Promise<Buffer> {
  const pages = new PdfPages({ title: report.title, author: report.placeName });
  pages.title(report.title, 18);
  pages.text(scopeLine(report), { size: 10 });
  pages.skip(8);

  const signature = signatureLines(report);
  const sections = [summarySection(report), ...breakdownSections(report)];
  sections.forEach((section, i) => {
    const last = i === sections.length - 1;
    const table: TableOptions = {
      ...sectionTable(section, section.columns.length > 6 ? 8.5 : 10),
      // The section rows of the key figures (bold, other cells empty) go with what follows.
      keepWithNext: new Set(
        section.boldRows.filter((r) => section.rows[r]?.slice(1).every((c) => c === '')),
      ),
      ...(last ? { trailer: signatureHeight(signature.length) } : {}),
    };
    // The heading goes with the table's header and its first two rows.
    pages.ensureSpace(lineHeight(HEADING.size) + HEADING_GAP + tableLeadHeight(pages, table));
    pages.text(i === 0 ? section.heading : `附表 ${i}  ${section.heading}`, HEADING);
    pages.skip(HEADING_GAP);
    drawTable(pages, table);
    if (!last) pages.skip(SECTION_GAP);
  });

  // drawTable kept room for the whole block under the last table's final rows.
  pages.ensureSpace(signatureHeight(signature.length));
  pages.skip(SECTION_GAP);
  signature.forEach((line, i) => {
    if (i > 0) pages.skip(SIGN_GAP);
    pages.text(line.text, { ...SIGN, align: line.align });
  });
  return pages.finish();
}
