import { Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import {
  EDUCATION_LEVELS,
  HEALTH_STATUSES,
  LABOUR_SKILLS,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
} from '../../../../electron/api/roster-enums';
import { optionsOf } from '../../components/options';

const INSURANCE = [
  ['basicMedicalInsurance', '基本医保'],
  ['seriousIllnessInsurance', '大病保险'],
  ['pensionInsurance', '养老保险'],
  ['minimumLiving', '低保'],
  ['extremePoverty', '特困供养'],
] as const;

/**
 * The fields of one member (docs/domain.md §2). `prefix` places them inside a Form.List row;
 * `label` prefixes each accessible name (成员 1 姓名 …). `full` adds the less used fields.
 */
export function MemberFields({
  prefix,
  label,
  full,
  idPlaceholder,
}: {
  prefix: NamePath[];
  label: string;
  full: boolean;
  idPlaceholder?: string;
}) {
  const at = (name: string) => [...prefix, name] as NamePath;
  const aria = (name: string) => `${label}${name}`;
  return (
    <>
      <Row gutter={8}>
        <Col span={5}>
          <Form.Item
            label="姓名"
            name={at('name')}
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
          >
            <Input aria-label={aria('姓名')} maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={3}>
          <Form.Item
            label="性别"
            name={at('sex')}
            rules={[{ required: true, message: '请选择性别' }]}
          >
            <Select aria-label={aria('性别')} options={optionsOf(SEXES)} />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item label="身份证号" name={at('idNumber')} extra="18 位；残疾人证号 20 或 22 位">
            <Input aria-label={aria('身份证号')} maxLength={22} placeholder={idPlaceholder} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item
            label="与户主关系"
            name={at('relation')}
            rules={[{ required: true, message: '请选择与户主关系' }]}
          >
            <Select aria-label={aria('与户主关系')} options={optionsOf(RELATIONS)} />
          </Form.Item>
        </Col>
        <Col span={5}>
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
                <Select allowClear options={optionsOf(EDUCATION_LEVELS)} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label="在校生状况" name={at('schoolStatus')}>
                <Select allowClear options={optionsOf(SCHOOL_STATUSES)} />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
      {full && (
        <Row gutter={8}>
          <Col span={4}>
            <Form.Item label="民族" name={at('ethnicity')}>
              <Input maxLength={20} />
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
