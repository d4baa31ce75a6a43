import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, Row, Select } from 'antd';
import type dayjs from 'dayjs';
import {
  HOUSEHOLD_TYPES,
  MAX_RISK_TYPES,
  MONITOR_CATEGORIES,
  RISK_TYPES,
} from '../../../../electron/api/roster-enums';
import type { HouseholdCreateInput, MemberInput } from '../../../../electron/api/roster-schemas';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { optionsOf } from '../../components/options';
import { cleanMember, MemberFields } from './member-fields';

interface Values {
  householdType: (typeof HOUSEHOLD_TYPES)[number];
  address?: string;
  naturalVillage?: string;
  phone?: string;
  monitorCategory?: (typeof MONITOR_CATEGORIES)[number];
  identifiedDate?: dayjs.Dayjs;
  riskTypes?: (typeof RISK_TYPES)[number][];
  noLabourSupport?: boolean;
  relocated?: boolean;
  members: MemberInput[];
}

const FLAGS = [
  ['noLabourSupport', '整户无劳动能力兜底保障户'],
  ['relocated', '易地搬迁户'],
  ['housingUnsafe', '住房出现安全问题'],
  ['waterUnsafe', '饮水出现安全问题'],
] as const;

/** 新增农户: the household and all its members, saved together or not at all. */
export function HouseholdForm({
  gridId,
  gridName,
  onClose,
  onCreated,
}: {
  gridId: number;
  gridName: string;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const [form] = Form.useForm<Values>();
  const save = (values: Values) => {
    const input: HouseholdCreateInput = {
      ...cleanMember({
        householdType: values.householdType,
        address: values.address,
        naturalVillage: values.naturalVillage,
        phone: values.phone,
        monitorCategory: values.monitorCategory,
        identifiedDate: values.identifiedDate?.format('YYYY-MM-DD'),
      }),
      ...Object.fromEntries(
        FLAGS.map(([name]) => [
          name,
          Boolean((values as unknown as Record<string, boolean>)[name]),
        ]),
      ),
      risks: (values.riskTypes ?? []).map((riskType) => ({ riskType })),
      gridId,
      members: values.members.map((m) => cleanMember(m)),
    } as HouseholdCreateInput;
    return call('households.create', input);
  };
  return (
    <FormDialog
      form={form}
      width={1000}
      title={`新增农户（${gridName}）`}
      okText="保存农户"
      initialValues={{
        householdType: '一般农户',
        members: [{ relation: '本人', health: '健康' }],
      }}
      save={save}
      success="农户已保存"
      onSaved={(created) => onCreated(created.id)}
      onClose={onClose}
    >
      <Row gutter={8}>
        <Col span={5}>
          <Form.Item label="户类型" name="householdType" rules={[{ required: true }]}>
            <Select aria-label="户类型" options={optionsOf(HOUSEHOLD_TYPES)} />
          </Form.Item>
        </Col>
        <Col span={9}>
          <Form.Item label="住址" name="address">
            <Input aria-label="住址" maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item label="自然村" name="naturalVillage">
            <Input maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="联系电话" name="phone">
            <Input aria-label="联系电话" maxLength={20} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={8}>
        <Col span={6}>
          <Form.Item label="监测对象类别" name="monitorCategory">
            <Select allowClear placeholder="不是监测对象" options={optionsOf(MONITOR_CATEGORIES)} />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item label="识别认定日期" name="identifiedDate">
            <DatePicker />
          </Form.Item>
        </Col>
        <Col span={13}>
          <Form.Item
            label={`风险类型（最多 ${MAX_RISK_TYPES} 项）`}
            name="riskTypes"
            rules={[
              {
                type: 'array',
                max: MAX_RISK_TYPES,
                message: `风险类型最多 ${MAX_RISK_TYPES} 项`,
              },
            ]}
          >
            <Select mode="multiple" maxCount={MAX_RISK_TYPES} options={optionsOf(RISK_TYPES)} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={8}>
        {FLAGS.map(([name, text]) => (
          <Col key={name} span={6}>
            <Form.Item name={name} valuePropName="checked">
              <Checkbox>{text}</Checkbox>
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Divider titlePlacement="left">家庭成员（第一位一般是户主，关系选「本人」）</Divider>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                title={`成员 ${index + 1}`}
                style={{ marginBottom: 8 }}
                extra={
                  fields.length > 1 && (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={`删除成员 ${index + 1}`}
                    />
                  )
                }
              >
                <MemberFields prefix={[field.name]} label={`成员 ${index + 1} `} full={false} />
              </Card>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ health: '健康' })}
              block
            >
              增加成员
            </Button>
          </>
        )}
      </Form.List>
    </FormDialog>
  );
}
