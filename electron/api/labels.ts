/** Screen words for input fields, used to name the field in validation messages. */
export const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  parentId: '上级网格',
  level: '层级',
  name: '名称',
  code: '代码',
  sortOrder: '排序',
  county: '县名称',
  township: '乡镇名称',
  village: '村名称',
  groups: '村民小组',
  size: '规模',
  seed: '随机种子',
  villageName: '村名称',
  fondsCode: '全宗号',
  householdCap: '每个村组网格户数上限',
  incomeLines: '监测收入标准',
  year: '年度',
  amount: '金额',
  entity: '对象类型',
  entityId: '对象编号',
  limit: '条数',
  operator: '操作人',
};

export const GRID_LEVEL_LABELS = {
  county: '县',
  township: '乡镇',
  village: '村',
  group: '村民小组',
} as const;
