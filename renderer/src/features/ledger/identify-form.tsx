import { DatePicker, Form, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ProblemDetail } from '../../../../electron/api/ledger-types';
import {
  DISASTER_SUBTYPES,
  MAX_RISK_TYPES,
  MONITOR_CATEGORIES,
  RISK_TYPES,
} from '../../../../electron/api/roster-enums';
import { call } from '../../api/client';
import { afterToday, isoDay } from '../../components/dates';
import { useAction } from '../../hooks/use-action';

interface Values {
  monitorCategory: (typeof MONITOR_CATEGORIES)[number];
  riskTypes: (typeof RISK_TYPES)[number][];
  disasterSubtype?: (typeof DISASTER_SUBTYPES)[number];
  identifiedDate: Dayjs;
}

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/**
 * 识别认定: the problem's household becomes a monitoring object (category, risk types,
 * date). The service records it on the 县级审定 step and in the household's record.
 */
export function IdentifyForm({
  problem,
  onClose,
  onSaved,
}: {
  problem: ProblemDetail;
  onClose: () => void;
  onSaved: (problem: ProblemDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { run, busy } = useAction();
  const risks = Form.useWatch('riskTypes', form) ?? [];
  const submit = async () => {
    const v = await form.validateFields();
    const saved = await run(
      () =>
        call('problems.identify', {
          problemId: problem.id,
          monitorCategory: v.monitorCategory,
          riskTypes: v.riskTypes,
          disasterSubtype: v.riskTypes.includes('因自然灾害') ? (v.disasterSubtype ?? null) : null,
          identifiedDate: isoDay(v.identifiedDate)!,
        }),
      '已识别认定为监测对象',
    );
    if (saved) onSaved(saved);
  };
  return (
    <Modal
      open
      title={`识别认定：${problem.headName ?? ''}户`}
      okText="识别认定"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="identify"
        layout="vertical"
        initialValues={{ identifiedDate: dayjs(), riskTypes: [] }}
      >
        <Form.Item
          name="monitorCategory"
          label="监测对象类别"
          rules={[{ required: true, message: '请选择监测对象类别' }]}
        >
          <Select aria-label="监测对象类别" options={options(MONITOR_CATEGORIES)} />
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
            options={options(RISK_TYPES)}
          />
        </Form.Item>
        {risks.includes('因自然灾害') && (
          <Form.Item name="disasterSubtype" label="自然灾害类型">
            <Select aria-label="自然灾害类型" allowClear options={options(DISASTER_SUBTYPES)} />
          </Form.Item>
        )}
        <Form.Item
          name="identifiedDate"
          label="识别认定日期"
          rules={[{ required: true, message: '请选择识别认定日期' }]}
          extra="风险消除须在识别认定 6 个月以后。"
        >
          <DatePicker disabledDate={afterToday} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
