import ExcelJS from 'exceljs';
import type { FilePayload } from '../../../api/roster-io-types';
import type { ServiceContext } from '../../context';
import {
  reportSheetOptions,
  safeFileName,
  titleRow,
  workbookBuffer,
  writeTable,
} from '../../reports/xlsx-kit';
import { bulletinPdf } from './bulletin-pdf';
import { getBulletin, issuedFigures } from './bulletins';
import { proposalList, WORKER_LIST_COLUMNS, workerList } from './lists';
import { townshipMonthly } from './monthly';
import { townshipWorkbook } from './monthly-xlsx';
import { townshipSelfCheck, VILLAGE_ONLY_CHECKS } from './self-check';
import { rollUp } from './villages';

/**
 * The township outputs as files (docs/domain.md §11), run as background jobs in a worker
 * (jobs/tasks.ts 'township-export'): a county's lists have tens of thousands of rows.
 */

export const INTERNAL_NOTE = '内部资料，报送县级，不得公开';

export type TownshipFileInput =
  | { what: 'monthly'; month: string }
  | { what: 'bulletin'; id: number; format: 'xlsx' | 'pdf' }
  | { what: 'selfCheck' }
  | { what: 'workerList' }
  | { what: 'proposals' };

const newBook = (ctx: ServiceContext) => {
  const book = new ExcelJS.Workbook();
  book.creator = '村级网格台账';
  book.created = ctx.now();
  return book;
};

async function workerListFile(ctx: ServiceContext): Promise<FilePayload> {
  const { workspace } = rollUp(ctx, '网格员名单报送');
  const rows = workerList(ctx);
  const book = newBook(ctx);
  const sheet = book.addWorksheet('网格员名单', reportSheetOptions('landscape', 3));
  const columns = WORKER_LIST_COLUMNS.map((header) => ({
    header,
    width: header === '电话' ? 14 : header === '出生年份' ? 8 : 10,
  }));
  titleRow(sheet, 1, `${workspace.name}网格员名单`, columns.length, { size: 16, bold: true });
  titleRow(sheet, 2, `${INTERNAL_NOTE}。共 ${rows.length} 人次（现任网格职务）。`, columns.length, {
    size: 10,
    align: 'left',
  });
  writeTable(
    sheet,
    3,
    columns,
    rows.map((r) => [
      r.township,
      r.village,
      r.group,
      r.name,
      r.sex,
      r.birthYear,
      r.post,
      r.role,
      r.phone,
    ]),
  );
  return {
    fileName: safeFileName(`网格员名单-${workspace.name}.xlsx`),
    data: await workbookBuffer(book),
  };
}

async function proposalsFile(ctx: ServiceContext): Promise<FilePayload> {
  const { workspace } = rollUp(ctx, '拟纳入、拟消除名单');
  const list = proposalList(ctx);
  const book = newBook(ctx);
  const parts = [
    { sheet: '拟纳入监测对象名单', rows: list.include, kind: '监测类别' },
    { sheet: '拟消除风险名单', rows: list.eliminate, kind: '消除方式' },
  ];
  for (const part of parts) {
    const columns = [
      { header: '序号', width: 6 },
      { header: '村', width: 10 },
      { header: '组', width: 8 },
      { header: '户主', width: 8 },
      { header: '人口', width: 6, align: 'right' as const },
      { header: part.kind, width: 12 },
      { header: '风险类型', width: 16 },
      { header: '拟办日期', width: 12 },
      { header: '公示开始', width: 12 },
      { header: '公示结束', width: 12 },
    ];
    const sheet = book.addWorksheet(part.sheet, reportSheetOptions('landscape', 3));
    titleRow(sheet, 1, `${workspace.name}${part.sheet}`, columns.length, { size: 16, bold: true });
    titleRow(
      sheet,
      2,
      `内部资料，供审定使用，不得公开。共 ${part.rows.length} 户（尚未审定）。`,
      columns.length,
      {
        size: 10,
        align: 'left',
      },
    );
    writeTable(
      sheet,
      3,
      columns,
      part.rows.map((r, i) => [
        i + 1,
        r.village,
        r.group,
        r.head,
        r.people,
        r.categoryOrMethod,
        r.riskTypes,
        r.proposalDate,
        r.noticeFrom ?? '',
        r.noticeTo ?? '',
      ]),
    );
  }
  return {
    fileName: safeFileName(`拟纳入拟消除名单-${workspace.name}.xlsx`),
    data: await workbookBuffer(book),
  };
}

async function selfCheckFile(ctx: ServiceContext): Promise<FilePayload> {
  const report = townshipSelfCheck(ctx);
  const book = newBook(ctx);
  const columns = [
    { header: '分组', width: 10 },
    { header: '检查项', width: 26 },
    ...report.villages.map((v) => ({ header: v.village, width: 8, align: 'right' as const })),
    { header: '合计', width: 8, align: 'right' as const },
    { header: '村报合计', width: 8, align: 'right' as const },
  ];
  const sheet = book.addWorksheet('各村迎检自查', reportSheetOptions('landscape', 3));
  titleRow(sheet, 1, `${report.placeName}各村迎检自查汇总`, columns.length, {
    size: 16,
    bold: true,
  });
  titleRow(
    sheet,
    2,
    `检查期间：${report.from} 至 ${report.to}；生成日期：${report.asOf}。单元格为本库重算数，括号内为村上报数；「仅村级可查」的项目只列村上报数。`,
    columns.length,
    { size: 10, align: 'left' },
  );
  const cell = (mine: number | null, theirs: number | null, villageOnly: boolean) =>
    villageOnly
      ? `仅村级可查（${theirs ?? '—'}）`
      : theirs === null || theirs === mine
        ? (mine ?? 0)
        : `${mine ?? 0}（${theirs}）`;
  const rows = report.items.map((item) => [
    item.group,
    item.title,
    ...report.villages.map((_, i) =>
      cell(
        item.counts[i] ?? null,
        item.packageCounts[i] ?? null,
        VILLAGE_ONLY_CHECKS.has(item.code),
      ),
    ),
    item.villageOnly ? '' : item.total,
    item.packageTotal,
  ]);
  rows.push([
    '合计',
    '',
    ...report.villages.map((v) =>
      v.total === v.packageTotal ? v.total : `${v.total}（${v.packageTotal}）`,
    ),
    report.total,
    report.villages.reduce((n, v) => n + v.packageTotal, 0),
  ]);
  writeTable(sheet, 3, columns, rows, new Set([rows.length - 1]));
  return {
    fileName: safeFileName(`各村迎检自查汇总-${report.placeName}-${report.asOf}.xlsx`),
    data: await workbookBuffer(book),
  };
}

export async function townshipFile(
  ctx: ServiceContext,
  input: TownshipFileInput,
): Promise<FilePayload> {
  switch (input.what) {
    case 'monthly': {
      // The PDF of the 月通报 across villages is the written 通报 (bulletin) with these tables.
      const monthly = townshipMonthly(ctx, input);
      return {
        fileName: safeFileName(`月通报-${monthly.placeName}-分村-${input.month}.xlsx`),
        data: await townshipWorkbook(monthly),
      };
    }
    case 'bulletin': {
      const bulletin = getBulletin(ctx, input.id);
      const monthly =
        issuedFigures(ctx, input.id) ?? townshipMonthly(ctx, { month: bulletin.month });
      const name = `${bulletin.number ?? '草稿'}-${bulletin.title}-${bulletin.month}.${input.format}`;
      return {
        fileName: safeFileName(name),
        data:
          input.format === 'pdf'
            ? await bulletinPdf(bulletin, monthly)
            : await townshipWorkbook(monthly, bulletin),
      };
    }
    case 'selfCheck':
      return selfCheckFile(ctx);
    case 'workerList':
      return workerListFile(ctx);
    case 'proposals':
      return proposalsFile(ctx);
  }
}
