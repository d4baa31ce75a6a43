import { Alert, Form, Input } from 'antd';
import dayjs from 'dayjs';
import { NOTICE_STEP, type ProblemStep } from '../../../../electron/api/ledger-enums';
import type { ProblemDetail, WorkflowItem } from '../../../../electron/api/ledger-types';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import { useCall } from '../../hooks/use-call';
import { useBackfill, type BackfillValues } from './backfill-fields';

/** Dates are what was typed until normalized (DateInput); sent as 'YYYY-MM-DD'. */
interface Values extends BackfillValues {
  date: string;
  endDate?: string | null;
  person?: string;
  outcome?: string;
}

const OUTCOME_HINTS: Partial<Record<ProblemStep, string>> = {
  发现报告: '例如：已报告网格长和村两委',
  核实评议: '例如：经入户核实、民主评议，同意纳入监测',
  村内公示: '例如：公示期内无异议',
  乡镇审核: '例如：乡镇审核通过',
  县级审定: '例如：县级审定同意，结果已在村内公告',
  部门落实: '例如：已派单至医保局、人社局',
  镇村落实: '例如：已告知农户，帮扶措施已公示',
};

/**
 * 登记 (or 修改) one step of the workflow. 村内公示 has a first and a last day; left empty,
 * the last day is the earliest the notice rule allows (docs/domain.md §3: 公示 ≥ 5 days).
 */
export function StepForm({
  problemId,
  item,
  label = item.step,
  onClose,
  onSaved,
}: {
  problemId: number;
  item: WorkflowItem;
  /** The step's name on screen (县级审定 reads as the decision level, docs/domain.md §3). */
  label?: string;
  onClose: () => void;
  onSaved: (problem: ProblemDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const settings = useCall('settings.get');
  const notice = item.step === NOTICE_STEP;
  const rule = settings.data?.deadlines.notice;
  const record = item.record;
  const dateLabel = notice ? '公示开始日期' : '办理日期';
  const backfill = useBackfill(record?.backfillReason);

  return (
    <FormDialog
      form={form}
      name="step"
      title={`${record ? '修改' : '登记'}「${label}」`}
      header={
        item.dueDate &&
        !record && (
          <Alert
            style={{ marginBottom: 12 }}
            type={item.overdueDays !== null ? 'error' : 'info'}
            showIcon
            title={
              item.overdueDays !== null
                ? `时限 ${item.dueDate}，已超过 ${item.overdueDays} 天`
                : `请在 ${item.dueDate} 前办理`
            }
          />
        )
      }
      initialValues={{
        date: record ? record.date : dayjs().format('YYYY-MM-DD'),
        endDate: record?.endDate ?? undefined,
        person: record?.person ?? '',
        outcome: record?.outcome ?? '',
        ...backfill.initialValues,
      }}
      save={(v) =>
        backfill.guard(() =>
          call('problems.saveStep', {
            problemId,
            step: item.step,
            date: dateValue(v.date)!,
            endDate: notice ? (dateValue(v.endDate) ?? null) : null,
            person: v.person ?? '',
            outcome: v.outcome ?? '',
            backfillReason: backfill.reason(v),
          }),
        )
      }
      success={`「${label}」已保存`}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        name="date"
        label={dateLabel}
        required
        rules={[dateRule(dateLabel, { required: true, notAfterToday: true })]}
      >
        <DateInput aria-label={dateLabel} disabledDate={afterToday} />
      </Form.Item>
      {notice && (
        <Form.Item
          name="endDate"
          label="公示结束日期"
          rules={[dateRule('公示结束日期')]}
          extra={
            rule
              ? `公示不少于 ${rule.days} ${rule.workingDays ? '个工作日' : '天'}（含首尾两天）；不填则按最短公示期计算。`
              : undefined
          }
        >
          <DateInput aria-label="公示结束日期" />
        </Form.Item>
      )}
      <Form.Item name="person" label="经办人">
        <Input aria-label="经办人" maxLength={30} />
      </Form.Item>
      <Form.Item name="outcome" label="办理结果">
        <Input.TextArea rows={3} maxLength={1000} placeholder={OUTCOME_HINTS[item.step]} />
      </Form.Item>
      {backfill.fields}
    </FormDialog>
  );
}
