import { GENERATED_DOCUMENT_KINDS } from '../../api/archive-types';
import { FIELD_LABELS, GRID_LEVEL_LABELS } from '../../api/labels';

/**
 * Screen words for the audit trail: the code words its rows are written with (entity, action,
 * snapshot field) → what a clerk reads in 操作记录. A code word nobody listed here never
 * reaches the screen: it shows as a plain 「其他记录 / 其他操作 / 其他字段」 instead, so a new
 * kind of entry neither breaks the view nor speaks English to the clerk.
 */

export const OTHER_ENTITY = '其他记录';
export const OTHER_ACTION = '其他操作';
export const OTHER_FIELD = '其他字段';

/** A word written in code (ASCII letters) rather than the clerk's language. */
const isCode = (text: string): boolean => /[A-Za-z]/.test(text);

/** 演示数据 sizes (demo.seed's `size`, the demo row's entity id). */
export const DEMO_SIZE_LABELS: Record<string, string> = {
  village: '一个村',
  township: '一个乡镇',
  county: '一个县',
};

export const ENTITY_LABELS: Record<string, string> = {
  household: '农户',
  member: '成员',
  measure: '帮扶措施',
  contact: '帮扶责任人',
  worker: '网格员',
  worker_role: '分工',
  worker_evaluation: '实绩评价',
  grid: '网格',
  problem: '问题登记',
  problem_step: '办理环节',
  policy_handout: '政策明白纸发放',
  problem_attachment: '附件',
  problem_ledger: '问题台账',
  visit: '走访',
  meeting: '月度会商',
  notice: '公示公告',
  document: '文件记录',
  archive_item: '归档文件',
  archive_year: '档案年度',
  archive_export: '档案移交包',
  archive_import: '导入的移交包',
  setting: '设置',
  roster: '花名册',
  demo: '演示数据',
  database: '数据库',
  backup: '备份',
  roster_search: '按号码查找',
  workspace: '汇总库',
  report_package: '上报包',
  report_import: '上报包导入',
  review_note: '审核意见',
  review_feedback: '审核反馈',
  bulletin: '乡镇通报',
  warning_batch: '部门预警名单',
};

export const ACTION_LABELS: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  reveal: '查看完整号码',
  'digit-search': '查找',
  'digit-search-refused': '查找被拒（超过每分钟次数）',
  end: '结束',
  archive: '撤销',
  move: '调整',
  income: '登记收入',
  'income-delete': '删除收入',
  eliminate: '标记风险消除',
  'revert-elimination': '回退风险消除',
  'elimination-reset': '重新认定，消除状态清空',
  identify: '识别认定',
  // The procedure after 核实评议 (docs/domain.md §3 「Order matters」).
  propose: '提出拟纳入/拟消除',
  decide: '作出认定/消除决定',
  resolve: '办结',
  reopen: '重新办理',
  'follow-up': '回访',
  photo: '更换照片',
  'import-create': '导入（新增）',
  'import-update': '导入（更新）',
  import: '导入',
  export: '导出',
  seal: '封存',
  unseal: '解除封存',
  renumber: '重新编件号',
  generate: '生成文件',
  print_cards: '打印明白纸',
  issue: '发布',
  seed: '载入演示数据',
  restore: '恢复',
  backup: '备份',
};

/** Per-entity words where the common one would mislead (a grid's 名称 vs a member's 姓名). */
const ENTITY_FIELD_LABELS: Record<string, Record<string, string>> = {
  member: { name: '姓名' },
  contact: { name: '姓名', phone: '电话', unit: '单位' },
  worker: { name: '姓名', phone: '电话', note: '备注' },
  grid: { name: '名称', parentId: '上级网格', code: '网格代码' },
  measure: { status: '措施状态' },
  problem: { status: '办理状态' },
  problem_step: { date: '日期', endDate: '公示结束日期' },
  worker_role: { gridId: '网格', workerId: '网格员' },
  // 审核意见 (docs/domain.md §11): written in the 乡镇汇总库, received in the village.
  review_note: {
    village: '村',
    record: '记录',
    subject: '审核对象',
    note: '审核意见',
    author: '审核人',
    notes: '意见条数',
    newlySent: '首次发出条数',
  },
  // The import's snapshot, and the table's own columns (one name for both).
  review_feedback: {
    township: '乡镇',
    village: '村',
    added: '新收到的意见（条）',
    already: '已收到过（条）',
    missing: '本村找不到的记录（条）',
    noteId: '乡镇的意见编号',
    recordId: '记录编号',
    subject: '审核对象',
    note: '审核意见',
    author: '审核人',
    notedAt: '审核日期',
  },
  // The review_notes table's columns (the snapshot test checks every column has a word).
  review_notes: {
    villageKey: '村的标识',
    sourceId: '村里的记录编号',
    subject: '审核对象',
    note: '审核意见',
    author: '审核人',
    sentAt: '发给村里的时间',
  },
  // The §11 tables' columns (docs/domain.md §11: packages, imports, 通报, 预警名单).
  report_villages: {
    villageKey: '村的标识',
    villageCode: '村网格代码',
    townshipName: '乡镇',
    countyName: '县',
    packageCreatedAt: '上报数据截至',
    packageSha256: '上报包校验码',
    schemaVersion: '数据结构版本',
    appVersion: '程序版本',
    counts: '各表条数',
    figures: '村报月通报数据',
    selfCheck: '村报自查汇总',
    importedAt: '导入时间',
    importedBy: '导入人',
  },
  report_imports: {
    villageKey: '村的标识',
    packageCreatedAt: '上报数据截至',
    packageSha256: '上报包校验码',
    message: '导入结果说明',
    importedBy: '导入人',
  },
  report_ids: { villageId: '上报村', sourceId: '村里的记录编号', localId: '汇总库的记录编号' },
  bulletins: { sections: '通报正文', issuedAt: '印发时间', issuedBy: '印发人' },
  warning_batches: {
    department: '预警部门',
    importedBy: '导入人',
    rowCount: '名单行数',
    matched: '已匹配（户）',
    unmatched: '未匹配（行）',
    duplicates: '重复（行）',
  },
  warning_rows: {
    batchId: '预警名单',
    rowNumber: '行号',
    warningType: '预警类型',
    warningDate: '预警日期',
    department: '预警部门',
    checkDue: '核查期限',
  },
  archive_item: { date: '文件日期', category: '归档类别', note: '备注' },
  archive_year: { items: '件数', pages: '页数' },
  meeting: { place: '会商地点', date: '会商日期' },
  household: { members: '成员', measures: '帮扶措施', contacts: '帮扶责任人' },
  setting: { title: '标题字体', body: '正文字体', name: '名称' },
  printFonts: { title: '标题字体', body: '正文字体' },
  // The 数据库 rows: a password set or changed, a backup restored.
  database: {
    from: '恢复所用的备份',
    safetyBackup: '恢复前的数据备份',
    backups: '随之更新的备份份数',
  },
  // The demo seed's counts: grids by level, then what it made.
  demo: {
    members: '人数',
    households: '户数',
    measures: '帮扶措施条数',
    problems: '问题登记条数',
    visits: '走访次数',
    meetings: '月度会商次数',
    workers: '网格员人数',
    grids: '网格数',
    handouts: '申报政策明白纸发放户数',
    incomes: '当年收入条数',
    grants: '低保、特困供养享受日期人数',
  },
  grids: GRID_LEVEL_LABELS,
  // A 明白纸 batch's scope.
  scope: { householdIds: '选中的农户（户）', changedOnly: '只打印有变化的', gridId: '网格' },
  archiveKinds: { kind: '文件种类', category: '归档类别' },
  notices: { issuerCode: '发文机关代字', healthMeasures: '健康类措施' },
  deadlines: { notice: '公示天数', township: '乡镇审核时限', verify: '核实评议时限' },
  // archive.fileGenerated's input: what was generated.
  input: { kind: '文件类型', gridId: '网格', meetingId: '会商', year: '年度', month: '月份' },
  archive_import: { label: '名称', items: '件数' },
  archive_export: { items: '件数', files: '文件数' },
  roster: { rows: '行数' },
  problem_ledger: { rows: '行数', filter: '筛选条件' },
  roster_search: {
    query: '查找的号码',
    hits: '找到人数',
    memberIds: '找到的成员',
    workerIds: '找到的网格员',
  },
};

/** Snapshot fields that are not input fields (so not in FIELD_LABELS). */
const SNAPSHOT_LABELS: Record<string, string> = {
  // The procedure (docs/domain.md §3): proposal, decision, 补录 and the order rules broken.
  proposal: '拟办结果',
  proposalDate: '提出日期',
  proposalCategory: '拟纳入监测类别',
  proposalRisks: '拟纳入风险类型',
  proposalMethod: '消除方式',
  decision: '决定',
  decisionDate: '决定日期',
  backfillReason: '补录原因',
  outOfOrder: '顺序不符（补录）',
  phoneMasked: '联系电话',
  idMasked: '身份证号',
  grid: '包保网格',
  incomes: '收入',
  measures: '帮扶措施',
  contacts: '帮扶责任人',
  noLabourSupport: '整户无劳动能力兜底保障户',
  developmentalAid: '已实施开发式帮扶',
  relocated: '易地搬迁',
  housingUnsafe: '住房出现安全问题',
  schoolDropout: '义务教育阶段失学辍学',
  waterUnsafe: '饮水出现安全问题',
  noMedicalInsurance: '未参加基本医疗保险',
  eliminationStatus: '风险消除状态',
  eliminationMethod: '消除方式',
  eliminationDate: '消除日期',
  basicMedicalInsurance: '基本医保',
  seriousIllnessInsurance: '大病保险',
  pensionInsurance: '养老保险',
  minimumLiving: '低保',
  extremePoverty: '特困供养',
  minimumLivingSince: '低保享受起始日期',
  extremePovertySince: '特困供养起始日期',
  wageIncome: '工资性收入',
  businessIncome: '生产经营性收入',
  propertyIncome: '财产性收入',
  transferIncome: '转移性收入',
  businessCost: '生产经营性支出',
  perCapitaNetIncome: '家庭人均纯收入',
  compliantOutOfPocket: '合规自付支出',
  developmental: '开发式',
  photo: '照片',
  photoFile: '照片',
  archivedAt: '撤销时间',
  dueDate: '办结时限',
  archivalCode: '档号',
  itemNo: '件号',
  retention: '保管期限',
  responsible: '责任者',
  docNo: '文号',
  secrecy: '密级',
  pages: '页数',
  title: '题名',
  documentId: '来源文件',
  handedDate: '发放日期',
  handedBy: '发放人',
  how: '归档方式',
  size: '文件大小',
  sha256: '文件校验值',
  file: '文件',
  storedFile: '保存的文件',
  previous: '认定前',
  renumbered: '后面重新编号的件数',
  sealedAt: '封存时间',
  sealedBy: '封存人',
  items: '件数',
  backups: '备份份数',
  kind: '类型',
  number: '编号',
  issueDate: '发布日期',
  periodStart: '公示开始',
  periodEnd: '公示结束',
  sourceNoticeId: '原公示',
  layout: '版式',
  scope: '范围',
  households: '户数',
  rows: '行数',
  head: '户主身份证号',
  docDate: '文件日期',
  folder: '文件夹',
  zipFile: '压缩包',
  files: '文件数',
  label: '名称',
  sourceName: '来源',
  ok: '校验通过',
  score: '得分',
  grade: '等级',
  meetingId: '会商',
  // Settings, whose rows hold one key each.
  deadlines: '处置时限',
  holidays: '节假日',
  workdays: '调休上班日',
  supervisionPhone: '监督电话',
  selfReportApp: '申报小程序',
  decisionLevel: '审定层级',
  eliminationNoticeDays: '风险消除公示天数',
  printFonts: '打印字体',
  archive: '档案设置',
  operators: '操作员名单',
  backupKeep: '保留备份份数',
  digitSearchesPerMinute: '每分钟按号码查找次数',
  verify: '核实评议',
  notice: '公示天数',
  township: '乡镇审核',
  total: '办结时限',
  days: '天数',
  workingDays: '按工作日计算',
  codePreset: '档号格式',
  customPattern: '自定义档号格式',
  classCode: '门类代码',
  orgCode: '机构（问题）代码',
  orgName: '机构（问题）名称',
  categories: '归档类别',
  body: '正文字体',
  archiveKinds: '各类文件的归档类别',
  notices: '公示公告设置',
  issuerCode: '发文机关代字',
  healthMeasures: '健康类措施',
  // The demo seed and generated documents.
  seed: '随机种子',
  monitored: '监测对象户数',
  problems: '问题登记',
  visits: '走访',
  meetings: '月度会商',
  workers: '网格员',
  grids: '网格',
  archiveItems: '归档文件件数',
  input: '生成内容',
  filter: '筛选条件',
  overdue: '只看逾期',
  safetyBackup: '恢复前的数据备份',
  changedOnly: '只打印有变化的',
  householdIds: '选中的农户',
  // Columns of records the trail snapshots whole.
  originalName: '原文件名',
  serial: '流水号',
  issuer: '发文机关',
  dataFrom: '数据起始日期',
  dataTo: '数据截止日期',
  printedAt: '打印时间',
  exportedAt: '移交时间',
  itemCount: '件数',
  fileCount: '文件数',
  importId: '导入的移交包',
  seq: '顺序号',
  removedAt: '删除时间',
  fondsCode: '全宗号',
  reason: '原因',
};

/**
 * The Chinese label of a field of an entity's snapshot (or of a key inside an object field:
 * `entity` is then the field, e.g. 'grids' → 'group' → 村民小组). A key nobody labelled shows
 * as 其他字段, never as its code word; a key already in Chinese shows as it is.
 */
export function fieldLabel(entity: string, field: string): string {
  const label =
    ENTITY_FIELD_LABELS[entity]?.[field] ?? SNAPSHOT_LABELS[field] ?? FIELD_LABELS[field];
  if (label !== undefined) return label;
  return isCode(field) ? OTHER_FIELD : field;
}

export function entityLabel(entity: string): string {
  return ENTITY_LABELS[entity] ?? (isCode(entity) ? OTHER_ENTITY : entity);
}

/** Some rows are written with the action already in words ('设置密码', '恢复备份'). */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? (isCode(action) ? OTHER_ACTION : action);
}

/**
 * Fields that say nothing to a clerk in a new or deleted record's list (keys, sort order,
 * search helpers, file hashes). In a change they still show when they are all that changed
 * except the technical ones, which never show.
 */
export const TECHNICAL_FIELDS = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'nameInitials',
  'sortOrder',
  'idKey',
  'idRev',
  'phoneRev',
  'gridHistory',
  'elimination',
  'contentHash',
  'sourceKey',
  'tableJson',
  'checkJson',
]);
export const QUIET_ON_CREATE = new Set(['storedFile', 'sha256', 'file', 'developmental']);

/** Coded values stored in English that the clerk knows by their Chinese names. */
export const VALUE_LABELS: Record<string, Record<string, string>> = {
  level: GRID_LEVEL_LABELS,
  size: DEMO_SIZE_LABELS,
  // A generated document's kind (archive.fileGenerated); other kinds are stored in Chinese.
  kind: GENERATED_DOCUMENT_KINDS,
  healthMeasures: { generic: '显示为健康帮扶', omit: '不列出' },
  format: { pdf: 'PDF', xlsx: 'XLSX' },
  retention: { Y: '永久', D30: '30 年', D10: '10 年' },
  layout: { a4: 'A4 一户一张', a5x2: 'A4 纸两张 A5' },
  codePreset: { custom: '自定义' },
  title: {
    'noto-sans': '思源黑体',
    simhei: '黑体',
    simsun: '宋体',
    simfang: '仿宋',
    kaiti: '楷体',
  },
  body: { 'noto-sans': '思源黑体', simhei: '黑体', simsun: '宋体', simfang: '仿宋', kaiti: '楷体' },
};
