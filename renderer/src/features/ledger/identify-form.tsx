import { Form, Select } from 'antd';
import dayjs from 'dayjs';
import {
  DISASTER_SUBTYPES,
  MAX_RISK_TYPES,
  MONITOR_CATEGORIES,
  RISK_TYPES,
} from '../../../../electron/api/roster-enums';
import { call } from '../../api/client';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { afterToday } from '../../components/dates';
import { FormDialog } from '../../components/form-dialog';
import { optionsOf } from '../../components/options';
import type { ProblemDialogProps } from './problem-dialog';

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
      <Form.Item
        name="monitorCategory"
        label="监测对象类别"
        rules={[{ required: true, message: '请选择监测对象类别' }]}
      >
        <Select aria-label="监测对象类别" options={optionsOf(MONITOR_CATEGORIES)} />
      </Form.Item>
      <Form.Item
        name="riskTypes"
        label={`风险类型（1 至 ${MAX_RISK_TYPES} 项）`}
        rules={[{ required: true, type: 'array', min: 1, message: '至少选择一项风险类型' }]}
      >
        <Select
          aria-label="风险类型"
          mode="multiple"
          maxCount={MAX_RISK_TYPES}
          options={optionsOf(RISK_TYPES)}
        />
      </Form.Item>
      {risks.includes('因自然灾害') && (
        <Form.Item name="disasterSubtype" label="自然灾害类型">
          <Select aria-label="自然灾害类型" allowClear options={optionsOf(DISASTER_SUBTYPES)} />
        </Form.Item>
      )}
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
