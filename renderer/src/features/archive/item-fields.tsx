import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { RetentionCode, SecrecyLevel } from '../../../../electron/api/archive-types';
import type { Settings } from '../../../../electron/api/types';
import { DateInput, dateRule } from '../../components/date-input';
import { HouseholdPicker, type PickedHousehold } from '../../components/household-picker';
import { RETENTION_OPTIONS, SECRECY_OPTIONS } from './archive-format';

/** The catalogue fields a filer gives or corrects (DA/T 22-2015; docs/domain.md §6). */
export interface ItemValues {
  title: string;
  responsible?: string;
  docNo?: string;
  /** A DateInput's text: 'YYYY-MM-DD' once it parses (2026/3/1 too), else as typed. */
  date: string;
  year?: number;
  secrecy?: SecrecyLevel;
  note?: string;
  category: string;
  retention: RetentionCode;
  householdId?: number | null;
}

/** The category named 一户一档 (one file per household) in the settings' list, if kept. */
export const HOUSEHOLD_CATEGORY = '一户一档';

/**
 * The fields of one 归档文件 in the upload and edit dialogs. For a new item (`newItem`),
 * choosing a 类别 sets its default 保管期限 from the settings and picking a household (一户一档)
 * chooses that category when the list has it; when editing, 保管期限 changes only by hand,
 * since a new one moves the item to another sequence (new 件号 and 档号).
 */
export function ItemFields({
  categories,
  householdInitial,
  defaultResponsible,
  newItem,
  locked = {},
}: {
  categories: Settings['archive']['categories'];
  householdInitial?: PickedHousehold | null;
  defaultResponsible: string;
  newItem: boolean;
  /**
   * Fields an item keeps (docs/domain.md §6), with why: a generated kind's category and
   * retention come from the settings; a handed-over item's 年度 and 保管期限 keep its 档号.
   */
  locked?: { category?: string; number?: string };
}) {
  const form = Form.useFormInstance<ItemValues>();
  const retentionOf = (name: string) => categories.find((c) => c.name === name)?.retention;
  const pickCategory = (name: string) => {
    if (!newItem) return;
    const retention = retentionOf(name);
    if (retention) form.setFieldValue('retention', retention);
  };
  return (
    <>
      <Form.Item
        label="题名"
        name="title"
        rules={[{ required: true, whitespace: true, message: '请填写题名' }]}
        extra="文件自己的标题照抄；没有标题、由归档人拟写的题名加方括号，如 [杨柳村2025年民主评议记录]。"
      >
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label="日期"
            name="date"
            required
            rules={[dateRule('日期', { required: true })]}
            extra="目录中写作 8 位数字，如 20250420"
          >
            <DateInput aria-label="日期" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="年度" name="year" extra={locked.number ?? '不填则取文件日期的年份'}>
            <InputNumber
              min={1949}
              max={2100}
              precision={0}
              style={{ width: '100%' }}
              disabled={locked.number !== undefined}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label="类别"
            name="category"
            rules={[{ required: true, message: '请选择类别' }]}
            extra={locked.category}
          >
            <Select
              disabled={locked.category !== undefined}
              options={categories.map((c) => ({ value: c.name, label: c.name }))}
              onChange={pickCategory}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label="保管期限"
            name="retention"
            rules={[{ required: true, message: '请选择保管期限' }]}
          >
            <Select
              options={RETENTION_OPTIONS}
              disabled={locked.category !== undefined || locked.number !== undefined}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="责任者" name="responsible">
            <Input maxLength={60} placeholder={`不填则为“${defaultResponsible}”`} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="文号" name="docNo">
            <Input maxLength={60} placeholder="没有文号不填" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="密级" name="secrecy">
            <Select options={SECRECY_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="备注" name="note">
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label="一户一档（农户）"
        name="householdId"
        extra="一户一档的材料选所属农户；其他文件不选。"
      >
        <HouseholdPicker
          ariaLabel="一户一档农户"
          initial={householdInitial ?? null}
          onPicked={(household) => {
            if (newItem && household && retentionOf(HOUSEHOLD_CATEGORY)) {
              form.setFieldValue('category', HOUSEHOLD_CATEGORY);
              pickCategory(HOUSEHOLD_CATEGORY);
            }
          }}
        />
      </Form.Item>
    </>
  );
}
