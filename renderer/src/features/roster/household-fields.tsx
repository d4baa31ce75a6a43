import { Checkbox, Col, Form, Input, Row, Select } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import {
  DISASTER_SUBTYPES,
  HOUSEHOLD_TYPES,
  MAX_RISK_TYPES,
  MONITOR_CATEGORIES,
  RISK_TYPES,
} from '../../../../electron/api/roster-enums';
import type { HouseholdDetail } from '../../../../electron/api/roster-types';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { optionsOf } from '../../components/options';

const DISASTER = '因自然灾害';

/** The yes/no fields of a household, as the import template names them (docs/domain.md §2). */
export const HOUSEHOLD_FLAGS = [
  ['noLabourSupport', '整户无劳动能力兜底保障户'],
  ['developmentalAid', '已实施开发式帮扶'],
  ['relocated', '易地搬迁户'],
  ['housingUnsafe', '住房出现安全问题'],
  ['schoolDropout', '义务教育阶段失学辍学'],
  ['waterUnsafe', '饮水出现安全问题'],
  ['noMedicalInsurance', '未参加基本医疗保险'],
] as const;
type Flag = (typeof HOUSEHOLD_FLAGS)[number][0];

/** The household's own fields in a form (新增农户 and 修改农户 share them). */
export type HouseholdFieldValues = {
  householdNo?: string;
  householdType: (typeof HOUSEHOLD_TYPES)[number];
  address?: string;
  naturalVillage?: string;
  phone?: string;
  /** 修改农户 only: remove the stored phone. */
  clearPhone?: boolean;
  monitorCategory?: (typeof MONITOR_CATEGORIES)[number] | null;
  identifiedDate?: string | null;
  riskTypes?: (typeof RISK_TYPES)[number][];
  disasterSubtype?: (typeof DISASTER_SUBTYPES)[number] | null;
  note?: string;
} & Partial<Record<Flag, boolean>>;

/** Form values → the API's household fields (households.create / households.update). */
export function householdFieldsInput(values: HouseholdFieldValues) {
  const risks = (values.riskTypes ?? []).map((riskType) => ({
    riskType,
    disasterSubtype: riskType === DISASTER ? (values.disasterSubtype ?? null) : null,
  }));
  return {
    householdNo: values.householdNo?.trim() || null,
    householdType: values.householdType,
    address: values.address?.trim() ?? '',
    naturalVillage: values.naturalVillage?.trim() ?? '',
    phone: values.clearPhone ? '' : (values.phone?.trim() ?? ''),
    monitorCategory: values.monitorCategory ?? null,
    identifiedDate: dateValue(values.identifiedDate) ?? null,
    ...(Object.fromEntries(
      HOUSEHOLD_FLAGS.map(([name]) => [name, Boolean(values[name])]),
    ) as Record<Flag, boolean>),
    risks,
    note: values.note?.trim() ?? '',
  };
}

/** A saved household → the form's values (the phone stays empty: it is only known masked). */
export function householdFieldValues(h: HouseholdDetail): HouseholdFieldValues {
  return {
    householdNo: h.householdNo ?? undefined,
    householdType: h.householdType as HouseholdFieldValues['householdType'],
    address: h.address,
    naturalVillage: h.naturalVillage,
    monitorCategory: h.monitorCategory as HouseholdFieldValues['monitorCategory'],
    identifiedDate: h.identifiedDate,
    riskTypes: h.risks.map((r) => r.riskType as (typeof RISK_TYPES)[number]),
    disasterSubtype: (h.risks.find((r) => r.riskType === DISASTER)?.disasterSubtype ??
      null) as HouseholdFieldValues['disasterSubtype'],
    note: h.note,
    ...Object.fromEntries(HOUSEHOLD_FLAGS.map(([name]) => [name, h[name]])),
  };
}

/**
 * Where a service's household field error sits in this form: a risk's sub-type under
 * 自然灾害类型, the risk list under 风险类型; anything else by its own name.
 */
export function householdFieldPath(path: (string | number)[]): NamePath | null {
  if (path[0] === 'risks')
    return path.at(-1) === 'disasterSubtype' ? ['disasterSubtype'] : ['riskTypes'];
  if (path[0] === 'keepPhone') return null;
  return path;
}

/**
 * The household's fields: 户编号, 户类型, 住址, 自然村, 联系电话, 监测对象类别 and 识别认定日期,
 * 风险类型 with the 自然灾害 sub-type, the yes/no flags and 备注. `phoneMasked`: editing a saved
 * household, whose phone is shown masked and kept unless a new one is typed.
 */
export function HouseholdFields({ phoneMasked }: { phoneMasked?: string }) {
  const form = Form.useFormInstance<HouseholdFieldValues>();
  const riskTypes = Form.useWatch('riskTypes', form) ?? [];
  const clearPhone = Form.useWatch('clearPhone', form) ?? false;
  const editing = phoneMasked !== undefined;
  return (
    <>
      <Row gutter={8}>
        <Col span={5}>
          <Form.Item
            label="户编号"
            name="householdNo"
            rules={[{ pattern: /^[0-9A-Za-z-]*$/, message: '户编号只能包含数字和字母' }]}
          >
            <Input aria-label="户编号" maxLength={40} placeholder="可不填" />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item label="户类型" name="householdType" rules={[{ required: true }]}>
            <Select aria-label="户类型" options={optionsOf(HOUSEHOLD_TYPES)} />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item label="自然村" name="naturalVillage">
            <Input aria-label="自然村" maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item
            label="联系电话"
            name="phone"
            extra={
              editing && phoneMasked
                ? `现在是 ${phoneMasked}；不改就留空，要改就填新号码`
                : '手机号或座机，如 0871-1234567'
            }
          >
            <Input aria-label="联系电话" maxLength={20} disabled={clearPhone} />
          </Form.Item>
          {editing && phoneMasked && (
            <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -16 }}>
              <Checkbox>删除联系电话</Checkbox>
            </Form.Item>
          )}
        </Col>
      </Row>
      <Form.Item label="住址" name="address">
        <Input aria-label="住址" maxLength={100} />
      </Form.Item>
      <Row gutter={8}>
        <Col span={6}>
          <Form.Item label="监测对象类别" name="monitorCategory">
            <Select
              aria-label="监测对象类别"
              allowClear
              placeholder="不是监测对象"
              options={optionsOf(MONITOR_CATEGORIES)}
            />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item
            label="识别认定日期"
            name="identifiedDate"
            dependencies={['monitorCategory']}
            rules={[
              dateRule('识别认定日期', { notAfterToday: true }),
              ({ getFieldValue }) => ({
                validator: async (_, value: string | null | undefined) => {
                  const monitored = Boolean(getFieldValue('monitorCategory'));
                  if (monitored && !value) throw new Error('监测对象请填写识别认定日期');
                  if (!monitored && value)
                    throw new Error('填写了识别认定日期，请选择监测对象类别');
                },
              }),
            ]}
          >
            <DateInput aria-label="识别认定日期" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={riskTypes.includes(DISASTER) ? 8 : 13}>
          <Form.Item
            label={`风险类型（最多 ${MAX_RISK_TYPES} 项）`}
            name="riskTypes"
            rules={[
              { type: 'array', max: MAX_RISK_TYPES, message: `风险类型最多 ${MAX_RISK_TYPES} 项` },
            ]}
          >
            <Select
              aria-label="风险类型"
              mode="multiple"
              maxCount={MAX_RISK_TYPES}
              options={optionsOf(RISK_TYPES)}
            />
          </Form.Item>
        </Col>
        {riskTypes.includes(DISASTER) && (
          <Col span={5}>
            <Form.Item label="自然灾害类型" name="disasterSubtype">
              <Select
                aria-label="自然灾害类型"
                allowClear
                placeholder="洪涝、地质…"
                options={optionsOf(DISASTER_SUBTYPES)}
              />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Row gutter={8}>
        {HOUSEHOLD_FLAGS.map(([name, text]) => (
          <Col key={name} span={6}>
            <Form.Item name={name} valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{text}</Checkbox>
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item label="备注" name="note">
        <Input.TextArea aria-label="备注" rows={editing ? 2 : 1} maxLength={500} />
      </Form.Item>
    </>
  );
}
