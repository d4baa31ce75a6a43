/** The left navigation, in the order clerks use it. */
export const PAGES = [
  { key: 'roster', label: '网格花名册' },
  { key: 'ledger', label: '问题台账' },
  { key: 'visits', label: '走访记录' },
  { key: 'notices', label: '公示公告' },
  { key: 'cards', label: '明白纸' },
  { key: 'archive', label: '档案管理' },
  { key: 'reports', label: '统计报表' },
  { key: 'settings', label: '设置' },
] as const;

export type PageKey = (typeof PAGES)[number]['key'];

/** What will come on pages that are not built yet: one honest line, no sample data. */
export const COMING: Partial<Record<PageKey, string>> = {
  ledger: '这里将是问题登记台账：登记问题、核实评议到办结的处置流程、办结时限提醒、回访和导出。',
  visits: '这里将是走访记录：入户、电话、微信走访的登记，以及本月应走访和已逾期的农户名单。',
  notices: '这里将是公示公告：按数据生成各类公示，编辑正文、预览后打印张贴。',
  cards: '这里将是网格化管理明白纸：按网格或全村批量打印每户的联系卡。',
  archive: '这里将是档案管理：归档文件目录、档号与件号、归档章和移交包导出。',
  reports: '这里将是统计报表：月通报、排查表和网格员实绩评价。',
};

export function pageFromHash(hash: string): PageKey {
  const key = hash.replace(/^#\/?/, '');
  return PAGES.some((p) => p.key === key) ? (key as PageKey) : 'roster';
}
