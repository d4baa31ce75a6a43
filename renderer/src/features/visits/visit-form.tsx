import { Alert, App, Checkbox, Col, Divider, Form, Input, Radio, Row } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { ProblemCategory, ProblemSource } from '../../../../electron/api/ledger-enums';
import { VISIT_WAYS, type VisitView, type VisitWay } from '../../../../electron/api/visits-types';
import { call } from '../../api/client';
import { openPage } from '../../app/navigation';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import {
  HouseholdPicker,
  useHouseholdGrid,
  type PickedHousehold,
} from '../../components/household-picker';
import {
  confirmOtherWorker,
  needsWorkerConfirm,
  useDefaultWorker,
  useWorkerDirectory,
  WorkerSelect,
} from '../../components/worker-select';
import { optionsOf } from '../../components/options';
import {
  ProblemCategoryField,
  ProblemDescriptionField,
  ProblemSourceField,
} from '../ledger/problem-fields';

interface Values {
  householdId: number;
  workerId: number;
  /** As typed until normalized (DateInput); sent as 'YYYY-MM-DD'. */
  date: string;
  way: VisitWay;
  findings?: string;
  needsFollowUp?: boolean;
  category?: ProblemCategory;
  source?: ProblemSource;
  description?: string;
}

/**
 * 走访登记 (or 修改). 需要跟进 shows the problem's fields: the visit and its problem are
 * written together (one transaction in the service), the problem filed under the visit's
 * household, worker and date.
 *
 * The household's grid gives the worker by default (from a due-list row at once, from a
 * household picked here once its grid is known; useDefaultWorker), the picker lists that
 * grid's workers first, and a worker with no role over the grid is asked about first.
 */
export function VisitForm({
  visit,
  household,
  onClose,
  onSaved,
}: {
  visit: VisitView | null;
  /** A household to start with (from the due list). */
  household?: PickedHousehold | null;
  onClose: () => void;
  onSaved: (visit: VisitView) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { modal } = App.useApp();
  const needsFollowUp = Form.useWatch('needsFollowUp', form) ?? false;
  const [initial] = useState<PickedHousehold | null>(
    visit
      ? {
          id: visit.householdId,
          headName: visit.headName,
          gridName: visit.gridName,
          gridId: visit.gridId,
        }
      : (household ?? null),
  );
  const [picked, setPicked] = useState<PickedHousehold | null>(initial);
  const hasProblem = visit?.problemId != null;
  const gridId = useHouseholdGrid(picked);
  // Only the workers over this grid (workers.forGrid), never the county's whole list.
  const directory = useWorkerDirectory(gridId);
  const saved = visit ? { workerId: visit.workerId, gridId: visit.gridId } : null;
  useDefaultWorker(form, directory, gridId, saved);
  const beforeSave = async (v: Values) => {
    const name = await needsWorkerConfirm(directory, v.workerId, gridId, saved);
    return name === null ? true : confirmOtherWorker(modal.confirm, name);
  };

  // The problem to register with the visit: only when 需要跟进 and none was registered yet.
  const followUpOf = (v: Values) =>
    v.needsFollowUp && !hasProblem
      ? { category: v.category!, source: v.source!, description: v.description! }
      : undefined;
  const save = (v: Values) => {
    const input = {
      householdId: v.householdId,
      workerId: v.workerId,
      date: dateValue(v.date)!,
      way: v.way,
      findings: v.findings ?? '',
      followUp: followUpOf(v),
    };
    return visit ? call('visits.update', { id: visit.id, ...input }) : call('visits.create', input);
  };

  return (
    <FormDialog
      form={form}
      name="visit"
      width={720}
      title={visit ? '修改走访记录' : '登记走访'}
      initialValues={{
        householdId: initial?.id,
        workerId: visit?.workerId,
        date: visit ? visit.date : dayjs().format('YYYY-MM-DD'),
        way: visit?.way ?? '入户',
        findings: visit?.findings ?? '',
        needsFollowUp: false,
        source: '网格员排查',
      }}
      beforeSave={beforeSave}
      save={save}
      success={(v) =>
        visit ? '走访已修改' : followUpOf(v) ? '走访已登记，问题已登记到问题台账' : '走访已登记'
      }
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        name="householdId"
        label="走访农户"
        rules={[{ required: true, message: '请查找并选择农户' }]}
      >
        <HouseholdPicker ariaLabel="走访农户" initial={initial} onPicked={setPicked} />
      </Form.Item>
      <Row gutter={8}>
        <Col span={9}>
          <Form.Item
            name="workerId"
            label="走访网格员"
            rules={[{ required: true, message: '请选择走访的网格员' }]}
          >
            <WorkerSelect
              allowClear={false}
              placeholder="选择网格员"
              width="100%"
              preferGridId={gridId}
              directory={directory}
              ariaLabel="走访网格员"
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name="date"
            label="走访日期"
            required
            rules={[dateRule('走访日期', { required: true, notAfterToday: true })]}
          >
            <DateInput aria-label="走访日期" disabledDate={afterToday} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={9}>
          <Form.Item name="way" label="走访方式" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={optionsOf(VISIT_WAYS)} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="findings" label="走访情况">
        <Input.TextArea
          aria-label="走访情况"
          rows={3}
          maxLength={2000}
          placeholder="家庭收入、就业、就医、就学、住房、饮水等情况"
        />
      </Form.Item>
      {hasProblem ? (
        <Alert
          type="info"
          showIcon
          title="这次走访已登记了跟进问题"
          action={
            <a onClick={() => openPage('ledger', { problem: visit!.problemId! })}>到问题台账查看</a>
          }
        />
      ) : (
        <Form.Item name="needsFollowUp" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>需要跟进（同时登记到问题台账）</Checkbox>
        </Form.Item>
      )}
      {needsFollowUp && !hasProblem && (
        <>
          <Divider titlePlacement="left" style={{ margin: '8px 0' }}>
            跟进问题
          </Divider>
          <Row gutter={8}>
            <Col span={8}>
              <ProblemCategoryField label="问题类别" />
            </Col>
            <Col span={8}>
              <ProblemSourceField label="问题来源" />
            </Col>
          </Row>
          <ProblemDescriptionField rows={2} />
        </>
      )}
    </FormDialog>
  );
}
