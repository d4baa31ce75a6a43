import { Alert, Breadcrumb, Button, Card, Descriptions, Space, Spin, Tag, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { GRID_LEVEL_LABELS } from '../../../../electron/api/labels';
import type { GridNode } from '../../../../electron/api/types';
import { call } from '../../api/client';
import { openPage } from '../../app/navigation';
import { HistoryButton } from '../../components/history-button';
import { MaskedValue } from '../../components/masked-value';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { HouseholdEditForm } from './household-edit-form';
import {
  ContactsSection,
  EliminationSection,
  IncomesSection,
  MeasuresSection,
  MembersSection,
} from './household-sections';
import { PolicyHandoutsLine } from '../cards/policy-handouts-line';
import { ReviewFeedback } from '../ledger/review-feedback';

const yes = (value: boolean) => (value ? '是' : '否');

/** One household: its data, members, risks, measures, 帮扶责任人, incomes and 风险消除. */
export function HouseholdView({
  householdId,
  onDeleted,
}: {
  householdId: number;
  onDeleted: () => void;
}) {
  const detail = useCall('households.get', { id: householdId });
  const tree = useCall('grids.tree', {});
  const [moveTo, setMoveTo] = useState<number>();
  const [editing, setEditing] = useState(false);
  const { run, confirmDelete } = useAction();
  const groupOptions = useMemo(() => {
    const convert = (list: GridNode[]): object[] =>
      list.map((n) => ({
        value: n.id,
        title: `${n.name}（${GRID_LEVEL_LABELS[n.level]}）`,
        disabled: n.children.length > 0,
        children: convert(n.children),
      }));
    return convert(tree.data ?? []);
  }, [tree.data]);

  const h = detail.data;
  if (detail.error) return <Alert type="error" title={detail.error.message} />;
  if (!h) return <Spin />;
  const head = h.members.find((m) => m.relation === '本人');

  const remove = () =>
    confirmDelete({
      title: `删除「${head?.name ?? ''}」户？`,
      content: '将删除这户和全部成员、措施、收入记录（操作记录会保留）。',
      remove: () => call('households.delete', { id: h.id }),
      success: '已删除',
      onDone: () => onDeleted(),
    });
  const move = async () => {
    if (moveTo)
      await run(() => call('households.move', { id: h.id, gridId: moveTo }), '已调整网格');
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>{head?.name ?? '（未登记户主）'}户</span>
            <Tag>{h.householdType}</Tag>
            {h.monitorCategory && <Tag color="orange">{h.monitorCategory}</Tag>}
          </Space>
        }
        extra={
          <Space>
            {/* 登记问题 for this household: the ledger's form with the household and its grid
                worker filled in (issue 12 item 5). */}
            <Button size="small" onClick={() => openPage('ledger', { register: h.id })}>
              登记问题
            </Button>
            <HistoryButton entity="household" id={h.id} title={`${head?.name ?? ''}户`} />
            <Button type="primary" size="small" onClick={() => setEditing(true)}>
              修改农户
            </Button>
            <Button danger size="small" onClick={remove}>
              删除农户
            </Button>
          </Space>
        }
      >
        {h.grid && (
          <Breadcrumb
            style={{ marginBottom: 12 }}
            items={h.grid.path.map((name) => ({ title: name }))}
          />
        )}
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'no', label: '户编号', children: h.householdNo ?? '—' },
            { key: 'addr', label: '住址', children: h.address || '—' },
            { key: 'nv', label: '自然村', children: h.naturalVillage || '—' },
            {
              key: 'mon',
              label: '监测对象',
              children: h.monitorCategory
                ? `${h.monitorCategory}（${h.identifiedDate ?? '—'} 认定）`
                : '否',
            },
            {
              key: 'phone',
              label: '联系电话',
              children: <MaskedValue masked={h.phoneMasked} field="household.phone" id={h.id} />,
            },
            {
              key: 'risks',
              label: '风险类型',
              children:
                h.risks
                  .map((r) => r.riskType + (r.disasterSubtype ? `（${r.disasterSubtype}）` : ''))
                  .join('、') || '—',
            },
            { key: 'nl', label: '整户无劳动能力兜底保障户', children: yes(h.noLabourSupport) },
            { key: 'dev', label: '已实施开发式帮扶', children: yes(h.developmentalAid) },
            { key: 'rel', label: '易地搬迁', children: yes(h.relocated) },
            {
              key: 'flags',
              label: '其他风险',
              children:
                [
                  h.housingUnsafe && '住房安全',
                  h.schoolDropout && '义务教育失学辍学',
                  h.waterUnsafe && '饮水安全',
                  h.noMedicalInsurance && '未参加基本医保',
                ]
                  .filter(Boolean)
                  .join('、') || '无',
            },
            { key: 'note', label: '备注', span: 3, children: h.note || '—' },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <span>调整包保网格：</span>
          <TreeSelect
            style={{ width: 260 }}
            treeData={groupOptions}
            value={moveTo}
            onChange={setMoveTo}
            placeholder="选择新的村民小组"
            treeDefaultExpandAll
          />
          <Button onClick={move} disabled={!moveTo}>
            调整
          </Button>
        </Space>
        {h.gridHistory.length > 1 && (
          <div style={{ marginTop: 8, color: '#888' }}>
            网格变动：
            {h.gridHistory
              .map((g) => `${g.gridName}（${g.startDate} 至 ${g.endDate ?? '今'}）`)
              .join('；')}
          </div>
        )}
        <PolicyHandoutsLine householdId={h.id} />
      </Card>
      {editing && (
        <HouseholdEditForm
          household={h}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      )}
      <ReviewFeedback entity="household" id={h.id} />
      <MembersSection household={h} />
      <EliminationSection household={h} />
      <MeasuresSection household={h} />
      <ContactsSection household={h} />
      <IncomesSection household={h} />
    </Space>
  );
}
