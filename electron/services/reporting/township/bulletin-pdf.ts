import type { Bulletin, TownshipMonthly } from '../../../api/township-outputs-types';
import { chineseDate } from '../../../documents/pdf/gbt9704';
import { FONT_BOLD } from '../../../documents/pdf/fonts';
import { PdfPages } from '../../../documents/pdf/page';
import { drawTable, tableLeadHeight } from '../../../documents/pdf/table';
import { lineHeight } from '../../../documents/pdf/text';
import { sectionTable } from '../../reports/monthly-pdf';
import type { ReportSection } from '../../reports/monthly-tables';
import { townshipScopeLine, townshipSections } from './tables';

/**
 * The written 通报 as a PDF (docs/domain.md §11): A4 portrait, the title, the number line
 * (〔2026〕第1号, or 「草稿」 before it is issued), the scope line, 一、基本情况 / 二、存在问题 /
 * 三、下步工作 with the clerk's text, the tables per village and the rankings (headers repeated
 * on every page, a heading never alone at a page foot), the issuer and date, page numbers
 * 「— n —」. Only counts, rates and village names: no person appears.
 */

const HEADING = { font: FONT_BOLD, size: 14 } as const;
const BODY = { size: 12 } as const;
const INDENT = '\u3000\u3000';
const SECTION_TITLES = ['一、基本情况', '二、存在问题', '三、下步工作'] as const;

export function numberLine(bulletin: Bulletin): string {
  return bulletin.number ?? '（草稿，正式印发时编号）';
}

function drawSection(pages: PdfPages, section: ReportSection, heading: string): void {
  const table = sectionTable(section, section.columns.length > 8 ? 8 : 10);
  pages.ensureSpace(lineHeight(HEADING.size) + 4 + tableLeadHeight(pages, table));
  pages.text(heading, { font: FONT_BOLD, size: 12 });
  pages.skip(4);
  drawTable(pages, table);
}

export async function bulletinPdf(bulletin: Bulletin, monthly: TownshipMonthly): Promise<Buffer> {
  const pages = new PdfPages({ title: bulletin.title, author: monthly.placeName });
  pages.title(bulletin.title, 20);
  pages.text(numberLine(bulletin), { size: 13, align: 'center' });
  pages.skip(6);
  pages.text(townshipScopeLine(monthly), { size: 9 });
  pages.skip(10);

  const texts = [bulletin.sections.basic, bulletin.sections.problems, bulletin.sections.nextSteps];
  SECTION_TITLES.forEach((title, i) => {
    pages.ensureSpace(lineHeight(HEADING.size) + 2 * lineHeight(BODY.size));
    pages.text(title, HEADING);
    pages.skip(2);
    for (const paragraph of texts[i]!.split('\n')
      .map((p) => p.trim())
      .filter(Boolean)) {
      pages.text(`${INDENT}${paragraph}`, BODY);
    }
    pages.skip(10);
  });

  townshipSections(monthly).forEach((section, i) => {
    drawSection(pages, section, `附表 ${i + 1}  ${section.heading}`);
    pages.skip(12);
  });

  pages.ensureSpace(3 * lineHeight(BODY.size));
  pages.skip(12);
  pages.text(`${monthly.placeName}`, { ...BODY, align: 'right' });
  const day = bulletin.issuedAt ?? monthly.generatedAt.slice(0, 10);
  pages.text(chineseDate(day), { ...BODY, align: 'right' });
  return pages.finish();
}
