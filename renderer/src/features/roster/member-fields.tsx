import { Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { parseIdNumber } from '../../../../electron/api/id-number';
import { normalizeIdNumber } from '../../../../electron/api/normalize';
import {
  EDUCATION_LEVELS,
  HEALTH_STATUSES,
  LABOUR_SKILLS,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
} from '../../../../electron/api/roster-enums';
import { idNumber } from '../../../../electron/api/roster-schemas';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { optionsOf } from '../../components/options';

const INSURANCE = [
  ['basicMedicalInsurance', '基本医保'],
  ['seriousIllnessInsurance', '大病保险'],
  ['pensionInsurance', '养老保险'],
  ['minimumLiving', '低保'],
  ['extremePoverty', '特困供养'],
] as const;

/** The date each support flag was granted (optional; the self-check asks for it later). */
const SINCE = [
  ['minimumLiving', 'minimumLivingSince', '低保享受起始日期'],
  ['extremePoverty', 'extremePovertySince', '特困供养起始日期'],
] as const;

/**
 * The ID field's rule: the service's own schema (roster-schemas idNumber), so the message under
 * the field is the one the service would give (身份证号校验位不对，请核对是否抄错).
 */
const idRule = {
  validator: async (_: unknown, value: string | undefined | null) => {
    if (!value || !value.trim()) return;
    const result = idNumber.safeParse(value);
    if (!result.success) throw new Error(result.error.issues[0]?.message ?? '身份证号不对');
  },
};

/** Sex and birth date read from a typed ID, once it is a valid one (docs/domain.md §2). */
export function idFacts(value: string | undefined | null) {
  if (!value) return undefined;
  const parsed = parseIdNumber(normalizeIdNumber(value).slice(0, 18));
  return parsed.ok ? parsed.info : undefined;
}

/**
 * The fields of one member (docs/domain.md §2). `prefix` places them inside a Form.List row,
 * `path` is where that row is in the whole form (['members', 1], or ['m'] for one member);
 * `label` prefixes each accessible name (成员 1 姓名 …). `full` adds the less used fields.
 * A valid ID fills 性别 and 出生日期; without an ID (and none stored: `hasStoredId`) the birth
 * date is required; with a stored ID kept as it is, the birth date comes from it and its field
 * is disabled.
 */
export function MemberFields({
  prefix,
  path,
  label,
  full,
  idPlaceholder,
  hasStoredId = false,
}: {
  prefix: NamePath[];
  path: (string | number)[];
  label: string;
  full: boolean;
  /** Editing a member with a stored ID: what the field says about it (现为 532529…). */
  idPlaceholder?: string;
  hasStoredId?: boolean;
}) {
  const form = Form.useFormInstance();
  const at = (name: string) => [...prefix, name] as NamePath;
  const absolute = (name: string) => [...path, name];
  const aria = (name: string) => `${label}${name}`;
  const typedId = Form.useWatch(absolute('idNumber'), form) as string | undefined;
  const fromId = idFacts(typedId);
  // Editing a member whose ID stays: the birth date is the ID's own (the service keeps it) and
  // is not shown — beside the masked ID it would give the hidden digits back (issue 14).
  const keptId = hasStoredId && !typedId?.trim();
  // The granted dates show only with their flag (docs/domain.md §2).
  const living = Form.useWatch(absolute('minimumLiving'), form) as boolean | undefined;
  const poverty = Form.useWatch(absolute('extremePoverty'), form) as boolean | undefined;
  const fillFromId = (value: string) => {
    const facts = idFacts(value);
    if (!facts) return;
    form.setFieldValue(absolute('sex'), facts.sex);
    form.setFieldValue(absolute('birthDate'), facts.birthDate);
    void form.validateFields([absolute('sex'), absolute('birthDate')]).catch(() => undefined);
  };
  return (
    <>
      <Row gutter={8}>
        <Col span={4}>
          <Form.Item
            label="姓名"
            name={at('name')}
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
          >
            <Input aria-label={aria('姓名')} maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            label="身份证号"
            name={at('idNumber')}
            rules={[idRule]}
            validateDebounce={300}
            extra={idPlaceholder ?? '填对后自动带出性别和出生日期'}
          >
            <Input
              aria-label={aria('身份证号')}
              maxLength={30}
              placeholder={idPlaceholder ? '不改请留空' : '18 位；残疾人证号 20 或 22 位'}
              onChange={(event) => fillFromId(event.target.value)}
            />
          </Form.Item>
        </Col>
        <Col span={3}>
          <Form.Item
            label="性别"
            name={at('sex')}
            dependencies={[absolute('idNumber')]}
            rules={[
              { required: true, message: '请选择性别' },
              {
                validator: async (_, value: string | undefined) => {
                  if (fromId && value && value !== fromId.sex)
                    throw new Error(`与身份证号不一致（第 17 位表示${fromId.sex}性）`);
                },
              },
            ]}
          >
            <Select aria-label={aria('性别')} options={optionsOf(SEXES)} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item
            label="出生日期"
            name={at('birthDate')}
            dependencies={[absolute('idNumber')]}
            rules={[
              dateRule('出生日期', {
                required: !hasStoredId && !typedId?.trim(),
                notAfterToday: true,
              }),
              {
                validator: async (_, value: string | undefined | null) => {
                  const typed = dateValue(value);
                  if (fromId && typed && typed !== fromId.birthDate)
                    throw new Error(`与身份证号中的 ${fromId.birthDate} 不一致`);
                },
              },
            ]}
            extra={
              keptId
                ? '由已登记的身份证号得出'
                : !hasStoredId && !typedId?.trim()
                  ? '没有身份证号时必填'
                  : undefined
            }
          >
            <DateInput
              aria-label={aria('出生日期')}
              style={{ width: '100%' }}
              disabled={keptId}
              placeholder={keptId ? '随身份证号' : undefined}
            />
          </Form.Item>
        </Col>
        <Col span={3}>
          <Form.Item
            label="与户主关系"
            name={at('relation')}
            rules={[{ required: true, message: '请选择与户主关系' }]}
          >
            <Select aria-label={aria('与户主关系')} options={optionsOf(RELATIONS)} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item label="健康状况" name={at('health')}>
            <Select aria-label={aria('健康状况')} options={optionsOf(HEALTH_STATUSES)} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={8}>
        <Col span={6}>
          <Form.Item label="劳动技能" name={at('labourSkill')}>
            <Select aria-label={aria('劳动技能')} allowClear options={optionsOf(LABOUR_SKILLS)} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="务工地点" name={at('workPlace')}>
            <Input aria-label={aria('务工地点')} maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item label="务工时长（月）" name={at('workMonths')}>
            <InputNumber aria-label={aria('务工时长')} min={1} max={12} precision={0} />
          </Form.Item>
        </Col>
        {full && (
          <>
            <Col span={4}>
              <Form.Item label="文化程度" name={at('education')}>
                <Select
                  aria-label={aria('文化程度')}
                  allowClear
                  options={optionsOf(EDUCATION_LEVELS)}
                />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label="在校生状况" name={at('schoolStatus')}>
                <Select
                  aria-label={aria('在校生状况')}
                  allowClear
                  options={optionsOf(SCHOOL_STATUSES)}
                />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
      {full && (
        <Row gutter={8}>
          <Col span={4}>
            <Form.Item label="民族" name={at('ethnicity')}>
              <Input aria-label={aria('民族')} maxLength={20} />
            </Form.Item>
          </Col>
          {INSURANCE.map(([name, text]) => (
            <Col key={name} span={4}>
              <Form.Item name={at(name)} valuePropName="checked" label=" ">
                <Checkbox>{text}</Checkbox>
              </Form.Item>
            </Col>
          ))}
        </Row>
      )}
      {full && (living || poverty) && (
        <Row gutter={8}>
          {SINCE.filter(([flag]) => (flag === 'minimumLiving' ? living : poverty)).map(
            ([flag, name, text]) => (
              <Col key={flag} span={6}>
                <Form.Item
                  label={text}
                  name={at(name)}
                  rules={[dateRule(text, { notAfterToday: true })]}
                  extra="可不填；新享受的当月要排查是否纳入监测"
                >
                  <DateInput aria-label={aria(text)} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ),
          )}
        </Row>
      )}
    </>
  );
}

/** Form values → member input: empty strings become absent, so optional fields stay optional. */
export function cleanMember<T extends Record<string, unknown>>(member: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(member)) {
    if (value === '' || value === undefined || value === null) continue;
    result[key] = typeof value === 'string' ? value.trim() : value;
  }
  return result as T;
}
