import { Form, Select } from 'antd';
import {
  DISASTER_SUBTYPES,
  MAX_RISK_TYPES,
  MONITOR_CATEGORIES,
  RISK_TYPES,
} from '../../../../electron/api/roster-enums';
import { optionsOf } from '../../components/options';

/**
 * What makes a household a 监测对象 (docs/domain.md §2, §3): its 监测对象类别, its 风险类型 (1 to
 * MAX_RISK_TYPES) and, when 因自然灾害 is among them, the 自然灾害类型 — the same fields in the
 * 拟纳入 proposal (proposal-form.tsx) and the 识别认定 (identify-form.tsx).
 * `risks`: the risk types chosen so far (the form's riskTypes, watched by the form).
 */
export function RiskTypeFields({ risks }: { risks: readonly string[] }) {
  return (
    <>
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
    </>
  );
}
