import { Alert, Col, Form, Input, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import type { MeetingDetail } from '../../../../electron/api/visits-types';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { useCall } from '../../hooks/use-call';

interface Values {
  gridId: number;
  /** As typed until normalized (DateInput). */
  date: string;
  place?: string;
  host?: string;
  recorder?: string;
  attendees?: string;
  topics?: string;
  decisions?: string;
  problemIds?: number[];
}

/**
 * 月度会商记录 (一月一会商、一月一研判): who met, what was discussed and decided, and the
 * ledger problems it dealt with (picked from the meeting grid's open problems).
 */
export function MeetingForm({
  meetingId,
  onClose,
  onSaved,
}: {
  meetingId: number | null;
  onClose: () => void;
  onSaved: (meeting: MeetingDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const existing = useCall('meetings.get', meetingId === null ? null : { id: meetingId });
  const gridId = Form.useWatch('gridId', form);
  const problems = useCall('problems.list', gridId ? { gridId, limit: 1000 } : null);

  useEffect(() => {
    const m = existing.data;
    if (!m) return;
    form.setFieldsValue({
      gridId: m.gridId,
      date: m.date,
      place: m.place,
      host: m.host,
      recorder: m.recorder,
      attendees: m.attendees,
      topics: m.topics,
      decisions: m.decisions,
      problemIds: m.problems.map((p) => p.id),
    });
  }, [existing.data, form]);

  const problemOptions = useMemo(() => {
    const options = new Map<number, { value: number; label: string }>();
    for (const p of existing.data?.problems ?? []) {
      options.set(p.id, {
        value: p.id,
        label: `${p.registeredDate} ${p.headName} ${p.category}（${p.status}）：${p.description}`,
      });
    }
    for (const p of problems.data?.rows ?? []) {
      options.set(p.id, {
        value: p.id,
        label: `${p.registeredDate} ${p.headName ?? p.personName} ${p.category}（${p.status}）：${p.description}`,
      });
    }
    return [...options.values()];
  }, [existing.data, problems.data]);

  return (
    <FormDialog
      form={form}
      name="meeting"
      width={800}
      title={meetingId ? '修改会商记录' : '新增会商记录'}
      header={existing.error && <Alert type="error" showIcon title={existing.error.message} />}
      loading={meetingId !== null && existing.loading && !existing.data}
      initialValues={{ date: dayjs().format('YYYY-MM-DD'), problemIds: [] }}
      save={(v) =>
        call('meetings.save', {
          ...(meetingId ? { id: meetingId } : {}),
          gridId: v.gridId,
          date: dateValue(v.date)!,
          place: v.place ?? '',
          host: v.host ?? '',
          recorder: v.recorder ?? '',
          attendees: v.attendees ?? '',
          topics: v.topics ?? '',
          decisions: v.decisions ?? '',
          problemIds: v.problemIds ?? [],
        })
      }
      success="会商记录已保存"
      onSaved={onSaved}
      onClose={onClose}
    >
      <Row gutter={8}>
        <Col span={8}>
          <Form.Item
            name="gridId"
            label="会商网格"
            rules={[{ required: true, message: '请选择网格' }]}
          >
            <GridTreeSelect
              activeOnly
              allowClear={false}
              placeholder="选择网格"
              width="100%"
              ariaLabel="会商网格"
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name="date"
            label="会商日期"
            required
            rules={[dateRule('会商日期', { required: true, notAfterToday: true })]}
          >
            <DateInput aria-label="会商日期" disabledDate={afterToday} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="place" label="会商地点">
            <Input maxLength={100} placeholder="例如：村委会会议室" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={8}>
        <Col span={6}>
          <Form.Item name="host" label="主持人">
            <Input maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="recorder" label="记录人">
            <Input maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="attendees" label="参会人员">
            <Input maxLength={500} placeholder="姓名之间用顿号隔开" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="topics" label="会商议题">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="decisions" label="会商决定">
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
      <Form.Item
        name="problemIds"
        label="研判的问题"
        extra={gridId ? '从这个网格的问题台账中选择' : '先选择会商网格'}
      >
        <Select
          aria-label="研判的问题"
          mode="multiple"
          allowClear
          loading={problems.loading}
          options={problemOptions}
          showSearch={{ optionFilterProp: 'label' }}
          maxCount={200}
          notFoundContent="这个网格没有登记问题"
        />
      </Form.Item>
    </FormDialog>
  );
}
