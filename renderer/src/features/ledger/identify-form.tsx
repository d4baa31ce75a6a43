import { Form } from 'antd';
import dayjs from 'dayjs';
import type {
  DISASTER_SUBTYPES,
  MONITOR_CATEGORIES,
  RISK_TYPES,
} from '../../../../electron/api/roster-enums';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import type { ProblemDialogProps } from './problem-dialog';
import { RiskTypeFields } from './risk-type-fields';

interface Values {
  monitorCategory: (typeof MONITOR_CATEGORIES)[number];
  riskTypes: (typeof RISK_TYPES)[number][];
  disasterSubtype?: (typeof DISASTER_SUBTYPES)[number];
  /** As typed until normalized (DateInput). */
  identifiedDate: string;
}

/**
 * 识别认定: the problem's household becomes a monitoring object (category, risk types,
 * date). The service records it on the 县级审定 step and in the household's record.
 */
export function IdentifyForm({ problem, onClose, onSaved }: ProblemDialogProps) {
  const [form] = Form.useForm<Values>();
  const risks = Form.useWatch('riskTypes', form) ?? [];
  return (
    <FormDialog
      form={form}
      name="identify"
      title={`识别认定：${problem.headName ?? ''}户`}
      okText="识别认定"
      initialValues={{ identifiedDate: dayjs().format('YYYY-MM-DD'), riskTypes: [] }}
      save={(v) =>
        call('problems.identify', {
          problemId: problem.id,
          monitorCategory: v.monitorCategory,
          riskTypes: v.riskTypes,
          disasterSubtype: v.riskTypes.includes('因自然灾害') ? (v.disasterSubtype ?? null) : null,
          identifiedDate: dateValue(v.identifiedDate)!,
        })
      }
      success="已识别认定为监测对象"
      onSaved={onSaved}
      onClose={onClose}
    >
      <RiskTypeFields risks={risks} />
      <Form.Item
        name="identifiedDate"
        label="识别认定日期"
        required
        rules={[dateRule('识别认定日期', { required: true, notAfterToday: true })]}
        extra="风险消除须在识别认定 6 个月以后。"
      >
        <DateInput aria-label="识别认定日期" disabledDate={afterToday} />
      </Form.Item>
    </FormDialog>
  );
}
