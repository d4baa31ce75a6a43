import { App, Col, Form, Input, Radio, Row } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { ProblemCategory, ProblemSource } from '../../../../electron/api/ledger-enums';
import type { ProblemDetail } from '../../../../electron/api/ledger-types';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import { GridTreeSelect } from '../../components/grid-tree-select';
import {
  HouseholdPicker,
  useHouseholdGrid,
  usePickedHousehold,
  type PickedHousehold,
} from '../../components/household-picker';
import {
  confirmOtherWorker,
  needsWorkerConfirm,
  useDefaultWorker,
  useWorkerDirectory,
  WorkerSelect,
} from '../../components/worker-select';
import type { ProblemDialogProps } from './problem-dialog';
import {
  ProblemCategoryField,
  ProblemDescriptionField,
  ProblemSourceField,
} from './problem-fields';

interface Values {
  kind: 'household' | 'clue';
  householdId?: number | null;
  personName?: string;
  place?: string;
  gridId?: number;
  workerId: number;
  category: ProblemCategory;
  source: ProblemSource;
  /** What was typed until it is normalized (DateInput); sent as 'YYYY-MM-DD'. */
  registeredDate: string;
  description: string;
  measureTaken?: string;
  responsiblePerson?: string;
  note?: string;
}

function initialValues(
  problem: ProblemDetail | null,
  household: PickedHousehold | null,
): Partial<Values> {
  if (!problem) {
    return {
      kind: 'household',
      householdId: household?.id,
      source: '网格员排查',
      registeredDate: dayjs().format('YYYY-MM-DD'),
    };
  }
  return {
    kind: problem.householdId ? 'household' : 'clue',
    householdId: problem.householdId,
    personName: problem.personName,
    place: problem.place,
    gridId: problem.householdId ? undefined : problem.gridId,
    workerId: problem.workerId,
    category: problem.category,
    source: problem.source,
    registeredDate: problem.registeredDate,
    description: problem.description,
    measureTaken: problem.measureTaken,
    responsiblePerson: problem.responsiblePerson,
    note: problem.note,
  };
}

/**
 * 登记问题 (or 修改): for a household found by name, or for a clue not yet tied to one
 * (反映人, 地点 and the grid where it was found). A household's problem is filed under the
 * household's own grid by the service. Every field of the problem can be corrected here.
 *
 * The right worker by default (issue 12 item 5): picking a household (or opening the form
 * from one) fills the worker its grid gives (defaultWorkerFor), unless the clerk chose one;
 * the picker lists that grid's workers first; a worker with no role over the household's
 * grid is asked about before saving.
 */
export function ProblemForm({
  problem,
  household: startWith = null,
  onClose,
  onSaved,
}: Omit<ProblemDialogProps, 'problem'> & {
  problem: ProblemDetail | null;
  /** A new problem for this household (登记问题 from the household's page). */
  household?: PickedHousehold | null;
}) {
  const [form] = Form.useForm<Values>();
  const { modal } = App.useApp();
  const kind =
    Form.useWatch('kind', form) ?? (problem && !problem.householdId ? 'clue' : 'household');
  const clueGrid = Form.useWatch('gridId', form);
  const [household, setHousehold] = useState<PickedHousehold | null>(
    problem?.householdId
      ? {
          id: problem.householdId,
          headName: problem.headName ?? '',
          gridName: problem.gridName,
          gridId: problem.gridId,
        }
      : startWith,
  );
  const householdGrid = useHouseholdGrid(kind === 'household' ? household : null);
  const gridId = kind === 'household' ? householdGrid : (clueGrid ?? null);
  // Only the workers over this grid (workers.forGrid), never the county's whole list.
  const directory = useWorkerDirectory(gridId);

  const saved = problem ? { workerId: problem.workerId, gridId: problem.gridId } : null;
  useDefaultWorker(form, directory, gridId, saved);
  const beforeSave = async (v: Values) => {
    const name = await needsWorkerConfirm(directory, v.workerId, gridId, saved);
    return name === null ? true : confirmOtherWorker(modal.confirm, name);
  };

  const save = (v: Values) => {
    const who =
      v.kind === 'household'
        ? { householdId: v.householdId!, gridId: null, personName: v.personName ?? '' }
        : { householdId: null, gridId: v.gridId!, personName: v.personName ?? '' };
    const common = {
      ...who,
      workerId: v.workerId,
      place: v.place ?? '',
      category: v.category,
      source: v.source,
      description: v.description,
      registeredDate: dateValue(v.registeredDate)!,
      note: v.note ?? '',
    };
    return problem
      ? call('problems.update', {
          id: problem.id,
          ...common,
          measureTaken: v.measureTaken ?? '',
          responsiblePerson: v.responsiblePerson ?? '',
        })
      : call('problems.create', common);
  };

  return (
    <FormDialog
      form={form}
      name="problem"
      width={760}
      title={problem ? '修改问题' : '登记问题'}
      okText={problem ? '保存修改' : '登记'}
      initialValues={initialValues(problem, startWith)}
      beforeSave={beforeSave}
      save={save}
      success={problem ? '问题已修改' : '问题已登记'}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item name="kind" label="问题属于">
        <Radio.Group
          options={[
            { value: 'household', label: '花名册中的农户' },
            { value: 'clue', label: '线索（还没有对应的农户）' },
          ]}
        />
      </Form.Item>
      {kind === 'household' ? (
        <Form.Item
          name="householdId"
          label={household ? `农户（${household.gridName}）` : '农户'}
          rules={[{ required: true, message: '请查找并选择农户' }]}
        >
          <HouseholdPicker ariaLabel="查找农户" initial={household} onPicked={setHousehold} />
        </Form.Item>
      ) : (
        <Row gutter={8}>
          <Col span={6}>
            <Form.Item
              name="personName"
              label="反映人"
              rules={[{ required: true, whitespace: true, message: '请填写反映人' }]}
            >
              <Input aria-label="反映人" maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="place" label="地点">
              <Input aria-label="地点" maxLength={100} placeholder="例如：三组 老村部旁" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="gridId"
              label="所在网格"
              rules={[{ required: true, message: '请选择线索所在的网格' }]}
            >
              <GridTreeSelect
                activeOnly
                allowClear={false}
                placeholder="选择网格"
                width="100%"
                ariaLabel="所在网格"
              />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Row gutter={8}>
        <Col span={8}>
          <Form.Item
            name="workerId"
            label="登记网格员"
            rules={[{ required: true, message: '请选择登记的网格员' }]}
          >
            <WorkerSelect
              allowClear={false}
              placeholder="选择网格员"
              width="100%"
              preferGridId={gridId}
              directory={directory}
              ariaLabel="登记网格员"
            />
          </Form.Item>
        </Col>
        <Col span={5}>
          <ProblemCategoryField label="类别" />
        </Col>
        <Col span={6}>
          <ProblemSourceField label="来源" />
        </Col>
        <Col span={5}>
          <Form.Item
            name="registeredDate"
            label="登记日期"
            required
            rules={[dateRule('登记日期', { required: true, notAfterToday: true })]}
          >
            <DateInput aria-label="登记日期" disabledDate={afterToday} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <ProblemDescriptionField rows={3} showCount />
      {problem && (
        <Row gutter={8}>
          <Col span={16}>
            <Form.Item name="measureTaken" label="处置措施">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="responsiblePerson" label="责任人">
              <Input aria-label="责任人" maxLength={30} />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item name="note" label="备注">
        <Input aria-label="备注" maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}

/**
 * 登记问题 for one household, opened by its id ('#/ledger?register=12', e.g. from the
 * household's page): the form starts with the household and its grid's worker filled in.
 */
export function ProblemFormForHousehold({
  householdId,
  onClose,
  onSaved,
}: {
  householdId: number;
  onClose: () => void;
  onSaved: (problem: ProblemDetail) => void;
}) {
  const { household, loading } = usePickedHousehold(householdId);
  if (loading) return null;
  return <ProblemForm problem={null} household={household} onClose={onClose} onSaved={onSaved} />;
}
