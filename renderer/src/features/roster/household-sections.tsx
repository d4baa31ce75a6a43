import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  ELIMINATION_METHODS,
  HEAD_RELATION,
  MEASURE_CATEGORIES,
  MEASURE_STATUSES,
  RELATIONS,
} from '../../../../electron/api/roster-enums';
import type {
  ContactView,
  HouseholdDetail,
  IncomeView,
  MeasureView,
  MemberView,
} from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { formatNumber, NOWRAP } from '../../components/format';
import { FormDialog } from '../../components/form-dialog';
import { MaskedValue } from '../../components/masked-value';
import { optionsOf } from '../../components/options';
import { useAction } from '../../hooks/use-action';
import { MemberForm } from './member-form';

type MeasureCategory = (typeof MEASURE_CATEGORIES)[number];
type MeasureStatus = (typeof MEASURE_STATUSES)[number];

interface SectionProps {
  household: HouseholdDetail;
}
/** Today as a DateInput value (the clerk may type over it). */
const todayIso = () => dayjs().format('YYYY-MM-DD');

/** Short words for a member's insurance and support flags, shown only when set. */
const MEMBER_FLAGS = [
  ['basicMedicalInsurance', '医保'],
  ['seriousIllnessInsurance', '大病'],
  ['pensionInsurance', '养老'],
  ['minimumLiving', '低保'],
  ['extremePoverty', '特困'],
] as const;

/**
 * 出生日期 of a member without an ID (with the age), or the age alone: a member with an ID gets
 * no birth date from the service (it would complete the masked ID, docs/domain.md §7).
 */
function birthCell(m: MemberView): string {
  const age = m.age !== null ? `${m.age} 岁` : '';
  if (m.birthDate) return age ? `${m.birthDate}（${age}）` : m.birthDate;
  return age || '—';
}

const WRAP = { whiteSpace: 'normal', wordBreak: 'break-all' } as const;

/**
 * 家庭成员: every value readable at 1366×768 without a horizontal scroll (docs/domain.md §2
 * fields, narrow columns that wrap), each row with 修改, 设为户主 (not for the head) and 删除.
 */
export function MembersSection({ household }: SectionProps) {
  const [editing, setEditing] = useState<MemberView | null | 'new'>(null);
  const [newHead, setNewHead] = useState<MemberView | null>(null);
  const { confirmDelete } = useAction();
  const remove = (m: MemberView) =>
    confirmDelete({
      title: `删除成员「${m.name}」？`,
      remove: () => call('members.remove', { id: m.id }),
      success: '已删除',
    });
  return (
    <Card
      size="small"
      title={`家庭成员（${household.members.length} 人）`}
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          增加成员
        </Button>
      }
    >
      <Table<MemberView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={household.members}
        tableLayout="fixed"
        columns={[
          {
            title: '姓名',
            width: 88,
            onCell: () => ({ style: WRAP }),
            render: (_, m) => (
              <>
                <div>{m.name}</div>
                <Typography.Text type="secondary">
                  {m.relation} · {m.sex}
                </Typography.Text>
              </>
            ),
          },
          {
            title: '身份证号 / 年龄',
            width: 178,
            render: (_, m) => (
              <>
                <MaskedValue masked={m.idMasked} field="member.idNumber" id={m.id} />
                {/* Beside a masked ID only the age: the birth date is the masked digits. */}
                <div>{birthCell(m)}</div>
              </>
            ),
          },
          {
            title: '健康 / 劳动技能',
            width: 112,
            onCell: () => ({ style: WRAP }),
            render: (_, m) => (
              <>
                <div>{m.health}</div>
                <div>{m.labourSkill ?? '—'}</div>
              </>
            ),
          },
          {
            title: '民族 / 文化',
            width: 96,
            onCell: () => ({ style: WRAP }),
            render: (_, m) => (
              <>
                <div>{m.ethnicity}</div>
                <div>{m.education ?? '—'}</div>
                {m.schoolStatus && m.schoolStatus !== '非在校生' && (
                  <div>在校：{m.schoolStatus}</div>
                )}
              </>
            ),
          },
          {
            title: '务工',
            width: 88,
            onCell: () => ({ style: WRAP }),
            render: (_, m) => (m.workPlace ? `${m.workPlace}，${m.workMonths} 个月` : '—'),
          },
          {
            title: '保障',
            render: (_, m) => (
              <Space size={[2, 2]} wrap>
                {MEMBER_FLAGS.filter(([key]) => m[key]).map(([key, text]) => (
                  <Tag key={key} style={{ marginInlineEnd: 0 }}>
                    {text}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: '',
            width: 76,
            render: (_, m) => (
              <>
                <Space size={0}>
                  <Button
                    size="small"
                    type="text"
                    icon={<EditOutlined />}
                    aria-label={`修改${m.name}`}
                    title="修改"
                    onClick={() => setEditing(m)}
                  />
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`删除${m.name}`}
                    title="删除"
                    onClick={() => remove(m)}
                  />
                </Space>
                {m.relation !== HEAD_RELATION && (
                  <Button
                    size="small"
                    type="link"
                    style={{ paddingInline: 0 }}
                    onClick={() => setNewHead(m)}
                    aria-label={`把${m.name}设为户主`}
                  >
                    设为户主
                  </Button>
                )}
              </>
            ),
          },
        ]}
      />
      {editing !== null && (
        <MemberForm
          householdId={household.id}
          member={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
          }}
        />
      )}
      {newHead && (
        <SetHeadForm
          household={household}
          member={newHead}
          onClose={() => setNewHead(null)}
          onDone={() => {
            setNewHead(null);
          }}
        />
      )}
    </Card>
  );
}

/**
 * 设为户主: the member becomes 本人 and the former head takes the relation chosen here, in one
 * step, so the household never has two heads or none (docs/domain.md §2).
 */
function SetHeadForm({
  household,
  member,
  onClose,
  onDone,
}: {
  household: HouseholdDetail;
  member: MemberView;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ formerHeadRelation: string }>();
  const head = household.members.find((m) => m.relation === HEAD_RELATION);
  return (
    <FormDialog
      form={form}
      title={`把「${member.name}」设为户主`}
      okText="设为户主"
      save={(v) =>
        call('members.setHead', { id: member.id, formerHeadRelation: v.formerHeadRelation })
      }
      success={`户主已改为「${member.name}」`}
      onSaved={() => onDone()}
      onClose={onClose}
    >
      <Typography.Paragraph>
        「{member.name}」的与户主关系改为「本人」。
        {head ? `原户主「${head.name}」与新户主是什么关系？` : ''}
      </Typography.Paragraph>
      {head && (
        <Form.Item
          label={`「${head.name}」与新户主的关系`}
          name="formerHeadRelation"
          rules={[{ required: true, message: '请选择原户主与新户主的关系' }]}
        >
          <Select
            aria-label="原户主与新户主的关系"
            options={optionsOf(RELATIONS.filter((r) => r !== HEAD_RELATION))}
          />
        </Form.Item>
      )}
    </FormDialog>
  );
}

type MeasureValues = {
  category?: string;
  content?: string;
  status?: string;
  plannedDate?: string | null;
  doneDate?: string | null;
};

export function MeasuresSection({ household }: SectionProps) {
  const [editing, setEditing] = useState<MeasureView | null | 'new'>(null);
  const [removing, setRemoving] = useState<MeasureView | null>(null);
  const [form] = Form.useForm<MeasureValues>();
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const open = (m: MeasureView | 'new') => setEditing(m);
  return (
    <Card
      size="small"
      title="帮扶措施"
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => open('new')}>
          增加措施
        </Button>
      }
    >
      <Table<MeasureView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={household.measures}
        locale={{ emptyText: '还没有帮扶措施' }}
        columns={[
          {
            title: '类别',
            dataIndex: 'category',
            width: 150,
            render: (c: string, m) => (
              <Space size={4}>
                {c}
                {m.developmental && <Tag color="green">开发式</Tag>}
              </Space>
            ),
          },
          { title: '内容', dataIndex: 'content' },
          { title: '计划日期', dataIndex: 'plannedDate', width: 110 },
          { title: '完成日期', dataIndex: 'doneDate', width: 110 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 80,
            render: (s: string) => <Tag color={s === '已完成' ? 'green' : 'blue'}>{s}</Tag>,
          },
          {
            title: '',
            width: 80,
            render: (_, m) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={`修改措施「${m.content}」`}
                  title="修改"
                  onClick={() => open(m)}
                />
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除措施「${m.content}」`}
                  title="删除"
                  onClick={() => setRemoving(m)}
                />
              </Space>
            ),
          },
        ]}
      />
      {editing !== null && (
        <FormDialog
          form={form}
          title={editing === 'new' ? '增加帮扶措施' : '修改帮扶措施'}
          initialValues={
            editing === 'new'
              ? { content: '', status: '计划', plannedDate: todayIso() }
              : {
                  category: editing.category,
                  content: editing.content,
                  status: editing.status,
                  plannedDate: editing.plannedDate,
                  doneDate: editing.doneDate,
                }
          }
          save={(v) =>
            call('measures.save', {
              id: editing !== 'new' && editing ? editing.id : undefined,
              householdId: household.id,
              category: v.category as MeasureCategory,
              content: v.content ?? '',
              status: v.status as MeasureStatus,
              plannedDate: dateValue(v.plannedDate) ?? null,
              doneDate: dateValue(v.doneDate) ?? null,
            })
          }
          success="帮扶措施已保存"
          onSaved={() => {
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        >
          <Form.Item
            label="类别"
            name="category"
            rules={[{ required: true, message: '请选择类别' }]}
          >
            <Select aria-label="措施类别" options={optionsOf(MEASURE_CATEGORIES)} />
          </Form.Item>
          <Form.Item
            label="措施内容"
            name="content"
            rules={[{ required: true, whitespace: true, message: '请填写措施内容' }]}
          >
            <Input.TextArea aria-label="措施内容" rows={2} maxLength={500} />
          </Form.Item>
          <Space align="start">
            <Form.Item label="计划日期" name="plannedDate" rules={[dateRule('计划日期')]}>
              <DateInput aria-label="计划日期" />
            </Form.Item>
            <Form.Item label="完成日期" name="doneDate" rules={[dateRule('完成日期')]}>
              <DateInput aria-label="完成日期" />
            </Form.Item>
            <Form.Item label="状态" name="status" rules={[{ required: true }]}>
              <Select
                aria-label="措施状态"
                style={{ width: 110 }}
                options={optionsOf(MEASURE_STATUSES)}
              />
            </Form.Item>
          </Space>
        </FormDialog>
      )}
      {removing && (
        <FormDialog
          form={reasonForm}
          title={`删除帮扶措施「${removing.category}」`}
          okText="删除"
          save={(v) => call('measures.remove', { id: removing.id, reason: v.reason })}
          success="帮扶措施已删除"
          onSaved={() => {
            setRemoving(null);
          }}
          onClose={() => setRemoving(null)}
        >
          <Typography.Paragraph>
            {removing.content}
            {removing.plannedDate ? `（计划 ${removing.plannedDate}）` : ''}
          </Typography.Paragraph>
          <Form.Item
            label="删除原因"
            name="reason"
            rules={[{ required: true, whitespace: true, message: '请填写删除原因' }]}
            extra="原因会和删除的措施一起记入修改记录。"
          >
            <Input.TextArea aria-label="删除原因" rows={2} maxLength={200} />
          </Form.Item>
        </FormDialog>
      )}
    </Card>
  );
}

export function EliminationSection({ household }: SectionProps) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ method: string; date: string }>();
  const [marking, setMarking] = useState(false);
  const { run } = useAction();
  if (!household.monitorCategory) return null;
  const revert = () => {
    let reason = '';
    modal.confirm({
      title: '回退风险消除',
      content: (
        <Input.TextArea
          rows={2}
          placeholder="回退原因（必填，会记入操作记录）"
          onChange={(e) => (reason = e.target.value)}
        />
      ),
      okText: '回退',
      cancelText: '取消',
      onOk: async () => {
        const reverted = await run(
          () => call('elimination.revert', { householdId: household.id, reason }),
          '已回退',
        );
        // Keeps the dialog open when the revert was refused.
        if (!reverted) throw new Error('未回退');
      },
    });
  };
  return (
    <Card size="small" title="风险消除">
      <Space direction="vertical">
        <Space>
          <Tag color={household.eliminationStatus === '已消除' ? 'green' : 'red'}>
            {household.eliminationStatus}
          </Tag>
          {household.eliminationMethod && (
            <span>
              {household.eliminationMethod}，{household.eliminationDate}
            </span>
          )}
          <span>识别认定日期：{household.identifiedDate ?? '—'}</span>
        </Space>
        {household.eliminationStatus === '已消除' ? (
          <Button onClick={revert}>回退</Button>
        ) : household.elimination.allowed ? (
          <Button type="primary" onClick={() => setMarking(true)}>
            标注风险消除
          </Button>
        ) : (
          <Typography.Text type="secondary">
            暂不能标注：{household.elimination.reason}
          </Typography.Text>
        )}
      </Space>
      {marking && (
        <FormDialog
          form={form}
          title="标注风险消除"
          okText="确定"
          initialValues={{ method: '稳定消除', date: todayIso() }}
          save={(v) =>
            call('elimination.mark', {
              householdId: household.id,
              method: v.method as (typeof ELIMINATION_METHODS)[number],
              date: dateValue(v.date)!,
            })
          }
          success="已标注风险消除"
          onSaved={() => {
            setMarking(false);
          }}
          onClose={() => setMarking(false)}
        >
          <Form.Item label="消除方式" name="method" rules={[{ required: true }]}>
            <Select aria-label="消除方式" options={optionsOf(ELIMINATION_METHODS)} />
          </Form.Item>
          <Form.Item
            label="消除日期"
            name="date"
            rules={[dateRule('消除日期', { required: true, notAfterToday: true })]}
          >
            <DateInput aria-label="消除日期" />
          </Form.Item>
        </FormDialog>
      )}
    </Card>
  );
}

type ContactValues = {
  name: string;
  unit?: string;
  phone?: string;
  clearPhone?: boolean;
  startDate: string;
};

/**
 * 帮扶责任人: a new one (更换/新增, which ends the current one that day), 修改 one (name, unit,
 * phone, start date; the phone kept unless a new one is typed) and 结束 one on a typed date.
 */
export function ContactsSection({ household }: SectionProps) {
  const [form] = Form.useForm<ContactValues>();
  const [endForm] = Form.useForm<{ endDate: string }>();
  const [editing, setEditing] = useState<ContactView | 'new' | null>(null);
  const [ending, setEnding] = useState<ContactView | null>(null);
  const contact = editing !== 'new' ? editing : null;
  const clearPhone = Form.useWatch('clearPhone', form) ?? false;
  const save = (v: ContactValues) => {
    const fields = {
      name: v.name,
      unit: v.unit?.trim() ?? '',
      phone: v.clearPhone ? '' : (v.phone?.trim() ?? ''),
      startDate: dateValue(v.startDate)!,
    };
    if (!contact) return call('contacts.assign', { householdId: household.id, ...fields });
    const keepPhone = !fields.phone && !v.clearPhone && contact.phoneMasked !== '';
    return call('contacts.update', { id: contact.id, ...fields, keepPhone });
  };
  return (
    <Card
      size="small"
      title="帮扶责任人"
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          更换/新增
        </Button>
      }
    >
      <Table<ContactView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={household.contacts}
        locale={{ emptyText: '没有帮扶责任人' }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '单位', dataIndex: 'unit' },
          {
            title: '电话',
            width: 170,
            render: (_, c) => (
              <MaskedValue masked={c.phoneMasked} field="contact.phone" id={c.id} />
            ),
          },
          { title: '起止', width: 210, render: (_, c) => `${c.startDate} 至 ${c.endDate ?? '今'}` },
          {
            title: '',
            width: 110,
            render: (_, c) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={`修改帮扶责任人${c.name}`}
                  title="修改"
                  onClick={() => setEditing(c)}
                />
                {!c.endDate && (
                  <Button
                    size="small"
                    type="link"
                    aria-label={`结束帮扶责任人${c.name}`}
                    onClick={() => setEnding(c)}
                  >
                    结束
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing !== null && (
        <FormDialog
          form={form}
          title={contact ? `修改帮扶责任人「${contact.name}」` : '更换/新增帮扶责任人'}
          initialValues={
            contact
              ? { name: contact.name, unit: contact.unit, startDate: contact.startDate }
              : { startDate: todayIso() }
          }
          save={save}
          success="帮扶责任人已保存"
          onSaved={() => {
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        >
          <Form.Item
            label="姓名"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
          >
            <Input aria-label="帮扶责任人姓名" maxLength={30} />
          </Form.Item>
          <Form.Item label="工作单位" name="unit">
            <Input aria-label="帮扶责任人单位" maxLength={60} />
          </Form.Item>
          <Form.Item
            label="电话"
            name="phone"
            extra={
              contact?.phoneMasked
                ? `现在是 ${contact.phoneMasked}；不改就留空，要改就填新号码`
                : undefined
            }
          >
            <Input aria-label="帮扶责任人电话" maxLength={20} disabled={clearPhone} />
          </Form.Item>
          {contact?.phoneMasked && (
            <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -12 }}>
              <Checkbox>删除电话号码</Checkbox>
            </Form.Item>
          )}
          <Form.Item
            label="开始日期"
            name="startDate"
            rules={[dateRule('开始日期', { required: true, notAfterToday: true })]}
            extra={contact ? undefined : '现任帮扶责任人在这一天结束。'}
          >
            <DateInput aria-label="帮扶开始日期" />
          </Form.Item>
        </FormDialog>
      )}
      {ending && (
        <FormDialog
          form={endForm}
          title={`结束帮扶责任人「${ending.name}」`}
          okText="结束"
          initialValues={{ endDate: todayIso() }}
          save={(v) => call('contacts.end', { id: ending.id, endDate: dateValue(v.endDate)! })}
          success="已结束"
          onSaved={() => {
            setEnding(null);
          }}
          onClose={() => setEnding(null)}
        >
          <Typography.Paragraph>自 {ending.startDate} 起帮扶。</Typography.Paragraph>
          <Form.Item
            label="结束日期"
            name="endDate"
            rules={[dateRule('结束日期', { required: true, notAfterToday: true })]}
          >
            <DateInput aria-label="帮扶结束日期" />
          </Form.Item>
        </FormDialog>
      )}
    </Card>
  );
}

const INCOME_FIELDS = [
  ['wageIncome', '工资性收入'],
  ['businessIncome', '生产经营性收入'],
  ['propertyIncome', '财产性收入'],
  ['transferIncome', '转移性收入'],
  ['businessCost', '生产经营性支出'],
  ['perCapitaNetIncome', '家庭人均纯收入'],
  ['compliantOutOfPocket', '合规自付支出'],
] as const;

/** 年度收入: a year's figures entered, corrected (修改 opens that year) or deleted (asked first). */
export function IncomesSection({ household }: SectionProps) {
  const [form] = Form.useForm<Partial<IncomeView>>();
  const [editing, setEditing] = useState<IncomeView | 'new' | null>(null);
  const { confirmDelete } = useAction();
  const income = editing !== 'new' ? editing : null;
  const remove = (i: IncomeView) =>
    confirmDelete({
      title: `删除 ${i.year} 年的收入？`,
      content: '这一年的各项收入都会删除（修改记录里会保留删除前的数字）。',
      remove: () => call('incomes.remove', { householdId: household.id, year: i.year }),
      success: '已删除',
    });
  return (
    <Card
      size="small"
      title="年度收入（元）"
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          填写年度收入
        </Button>
      }
    >
      <Table<IncomeView>
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={household.incomes}
        locale={{ emptyText: '还没有收入数据' }}
        tableLayout="fixed"
        columns={[
          { title: '年度', dataIndex: 'year', width: 60 },
          ...INCOME_FIELDS.map(([key, title]) => ({
            title,
            dataIndex: key,
            align: 'right' as const,
            onHeaderCell: () => ({ style: { whiteSpace: 'normal' as const } }),
            render: (value: number | null) => <span style={NOWRAP}>{formatNumber(value)}</span>,
          })),
          {
            title: '',
            width: 80,
            render: (_, i) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={`修改${i.year}年收入`}
                  title="修改"
                  onClick={() => setEditing(i)}
                />
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除${i.year}年收入`}
                  title="删除"
                  onClick={() => remove(i)}
                />
              </Space>
            ),
          },
        ]}
      />
      {editing !== null && (
        <FormDialog
          form={form}
          title={income ? `修改 ${income.year} 年收入` : '填写年度收入'}
          initialValues={income ?? { year: new Date().getFullYear() - 1 }}
          save={(v) =>
            call('incomes.save', {
              householdId: household.id,
              year: income?.year ?? v.year!,
              ...Object.fromEntries(INCOME_FIELDS.map(([key]) => [key, v[key] ?? null])),
            })
          }
          success="收入已保存"
          onSaved={() => {
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        >
          <Form.Item
            label="年度"
            name="year"
            rules={[{ required: true, message: '请填写年度' }]}
            extra={income ? undefined : '已填过的年度会被这次填写的数字替换。'}
          >
            <InputNumber
              aria-label="年度"
              min={2015}
              max={2100}
              precision={0}
              disabled={!!income}
            />
          </Form.Item>
          {INCOME_FIELDS.map(([key, title]) => (
            <Form.Item key={key} label={title} name={key}>
              <InputNumber aria-label={title} style={{ width: 200 }} suffix="元" />
            </Form.Item>
          ))}
        </FormDialog>
      )}
    </Card>
  );
}
