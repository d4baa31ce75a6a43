import { FONT_BOLD } from '../../documents/pdf/fonts';
import { PdfPages } from '../../documents/pdf/page';
import { drawTable } from '../../documents/pdf/table';
import type { MonthlyReport } from '../../api/reports-types';
import { breakdownSections, scopeLine, summarySection } from './monthly-tables';

/**
 * The 月通报 as a PDF: A4 portrait, the title "<村名> <YYYY年M月> 防返贫动态监测月通报", the
 * scope line, the key figures, then each breakdown as a table, page numbers "— n —". The font
 * is embedded as a subset. Only counts and rates: no names, ID numbers or phones.
 */
export async function monthlyPdf(report: MonthlyReport): Promise<Buffer> {
  const pages = new PdfPages({ title: report.title, author: report.placeName });
  pages.title(report.title, 18);
  pages.text(scopeLine(report), { size: 10 });
  pages.skip(8);

  const sections = [summarySection(report), ...breakdownSections(report)];
  sections.forEach((section, i) => {
    // A heading is kept with the first rows of its table.
    pages.ensureSpace(14 * 1.45 + 60);
    pages.text(i === 0 ? section.heading : `附表 ${i}  ${section.heading}`, {
      font: FONT_BOLD,
      size: 13,
    });
    pages.skip(4);
    drawTable(pages, {
      columns: section.columns.map((c) => ({
        header: c.header,
        width: c.width,
        align: c.align ?? 'left',
      })),
      rows: section.rows,
      fontSize: section.columns.length > 6 ? 8.5 : 10,
      boldRows: new Set(section.boldRows),
    });
    pages.skip(12);
  });
  return pages.finish();
}
