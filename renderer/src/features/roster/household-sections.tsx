import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
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
  MEASURE_CATEGORIES,
  MEASURE_STATUSES,
} from '../../../../electron/api/roster-enums';
import type {
  HouseholdDetail,
  MeasureView,
  MemberView,
} from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { MaskedValue } from '../../components/masked-value';
import { optionsOf } from '../../components/options';
import { useAction } from '../../hooks/use-action';
import { MemberForm } from './member-form';

interface SectionProps {
  household: HouseholdDetail;
  onChanged: () => void;
}
const day = (value?: dayjs.Dayjs | null) => (value ? value.format('YYYY-MM-DD') : null);

export function MembersSection({ household, onChanged }: SectionProps) {
  const [editing, setEditing] = useState<MemberView | null | 'new'>(null);
  const { confirmDelete } = useAction();
  const remove = (m: MemberView) =>
    confirmDelete({
      title: `删除成员「${m.name}」？`,
      remove: () => call('members.remove', { id: m.id }),
      success: '已删除',
      onDone: () => onChanged(),
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
        scroll={{ x: 1000 }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '关系', dataIndex: 'relation', width: 70 },
          { title: '性别', dataIndex: 'sex', width: 60 },
          {
            title: '身份证号',
            width: 230,
            render: (_, m) => <MaskedValue masked={m.idMasked} field="member.idNumber" id={m.id} />,
          },
          { title: '出生日期', dataIndex: 'birthDate', width: 110 },
          { title: '健康状况', dataIndex: 'health', width: 100 },
          { title: '劳动技能', dataIndex: 'labourSkill', width: 140 },
          {
            title: '务工',
            width: 150,
            render: (_, m) => (m.workPlace ? `${m.workPlace} ${m.workMonths} 个月` : ''),
          },
          {
            title: '',
            width: 90,
            fixed: 'right',
            render: (_, m) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={`修改${m.name}`}
                  onClick={() => setEditing(m)}
                />
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除${m.name}`}
                  onClick={() => remove(m)}
                />
              </Space>
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
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

export function MeasuresSection({ household, onChanged }: SectionProps) {
  const [editing, setEditing] = useState<MeasureView | null | 'new'>(null);
  const [form] = Form.useForm();
  const open = (m: MeasureView | 'new') => {
    form.setFieldsValue(
      m === 'new'
        ? { category: undefined, content: '', status: '计划', plannedDate: dayjs(), doneDate: null }
        : {
            ...m,
            plannedDate: m.plannedDate ? dayjs(m.plannedDate) : null,
            doneDate: m.doneDate ? dayjs(m.doneDate) : null,
          },
    );
    setEditing(m);
  };
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
        onRow={(m) => ({ onClick: () => open(m), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: '类别',
            dataIndex: 'category',
            width: 140,
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
        ]}
      />
      <FormDialog
        form={form}
        open={editing !== null}
        title="帮扶措施"
        save={(v) =>
          call('measures.save', {
            id: editing !== 'new' && editing ? editing.id : undefined,
            householdId: household.id,
            category: v.category,
            content: v.content,
            status: v.status,
            plannedDate: day(v.plannedDate),
            doneDate: day(v.doneDate),
          })
        }
        success="帮扶措施已保存"
        onSaved={() => {
          setEditing(null);
          onChanged();
        }}
        onClose={() => setEditing(null)}
      >
        <Form.Item label="类别" name="category" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={optionsOf(MEASURE_CATEGORIES)} />
        </Form.Item>
        <Form.Item
          label="措施内容"
          name="content"
          rules={[{ required: true, whitespace: true, message: '请填写措施内容' }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Space>
          <Form.Item label="计划日期" name="plannedDate">
            <DatePicker />
          </Form.Item>
          <Form.Item label="完成日期" name="doneDate">
            <DatePicker />
          </Form.Item>
          <Form.Item label="状态" name="status" rules={[{ required: true }]}>
            <Select style={{ width: 110 }} options={optionsOf(MEASURE_STATUSES)} />
          </Form.Item>
        </Space>
      </FormDialog>
    </Card>
  );
}

export function EliminationSection({ household, onChanged }: SectionProps) {
  const { modal } = App.useApp();
  const [form] = Form.useForm();
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
        if (
          await run(
            () => call('elimination.revert', { householdId: household.id, reason }),
            '已回退',
          )
        )
          onChanged();
        else throw new Error('未回退');
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
          <Button
            type="primary"
            onClick={() => {
              form.setFieldsValue({ method: '稳定消除', date: dayjs() });
              setMarking(true);
            }}
          >
            标注风险消除
          </Button>
        ) : (
          <Typography.Text type="secondary">
            暂不能标注：{household.elimination.reason}
          </Typography.Text>
        )}
      </Space>
      <FormDialog
        form={form}
        open={marking}
        title="标注风险消除"
        okText="确定"
        save={(v) =>
          call('elimination.mark', {
            householdId: household.id,
            method: v.method,
            date: day(v.date)!,
          })
        }
        success="已标注风险消除"
        onSaved={() => {
          setMarking(false);
          onChanged();
        }}
        onClose={() => setMarking(false)}
      >
        <Form.Item label="消除方式" name="method" rules={[{ required: true }]}>
          <Select options={optionsOf(ELIMINATION_METHODS)} />
        </Form.Item>
        <Form.Item label="消除日期" name="date" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
      </FormDialog>
    </Card>
  );
}

export function ContactsSection({ household, onChanged }: SectionProps) {
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  return (
    <Card
      size="small"
      title="帮扶责任人"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ startDate: dayjs() });
            setOpen(true);
          }}
        >
          更换/新增
        </Button>
      }
    >
      <Table
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
        ]}
      />
      <FormDialog
        form={form}
        open={open}
        title="帮扶责任人"
        save={(v) =>
          call('contacts.assign', {
            householdId: household.id,
            name: v.name,
            unit: v.unit ?? '',
            phone: v.phone ?? '',
            startDate: day(v.startDate)!,
          })
        }
        success="帮扶责任人已保存"
        onSaved={() => {
          setOpen(false);
          onChanged();
        }}
        onClose={() => setOpen(false)}
      >
        <Form.Item
          label="姓名"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label="工作单位" name="unit">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label="电话" name="phone">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          label="开始日期"
          name="startDate"
          rules={[{ required: true }]}
          extra="现任帮扶责任人在这一天结束。"
        >
          <DatePicker />
        </Form.Item>
      </FormDialog>
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

export function IncomesSection({ household, onChanged }: SectionProps) {
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  return (
    <Card
      size="small"
      title="年度收入（元）"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ year: new Date().getFullYear() - 1 });
            setOpen(true);
          }}
        >
          填写年度收入
        </Button>
      }
    >
      <Table
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={household.incomes}
        locale={{ emptyText: '还没有收入数据' }}
        scroll={{ x: 900 }}
        columns={[
          { title: '年度', dataIndex: 'year', width: 70 },
          ...INCOME_FIELDS.map(([key, title]) => ({
            title,
            dataIndex: key,
            align: 'right' as const,
          })),
        ]}
      />
      <FormDialog
        form={form}
        open={open}
        title="年度收入"
        save={(v) => call('incomes.save', { householdId: household.id, ...v })}
        success="收入已保存"
        onSaved={() => {
          setOpen(false);
          onChanged();
        }}
        onClose={() => setOpen(false)}
      >
        <Form.Item label="年度" name="year" rules={[{ required: true }]}>
          <InputNumber min={2015} max={2100} precision={0} />
        </Form.Item>
        {INCOME_FIELDS.map(([key, title]) => (
          <Form.Item key={key} label={title} name={key}>
            <InputNumber style={{ width: 200 }} suffix="元" />
          </Form.Item>
        ))}
      </FormDialog>
    </Card>
  );
}
