import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Typography,
  type FormInstance,
} from 'antd';
import { useEffect, useState } from 'react';
import { RETENTION_LABELS } from '../../../../electron/api/archive-types';
import type { Settings } from '../../../../electron/api/types';
import { call } from '../../api/client';
import { errorText } from '../../hooks/use-call';
import { RETENTION_OPTIONS } from './archive-format';

type Preset = Settings['archive']['codePreset'];

const PRESETS: { value: Preset; label: string }[] = [
  { value: 'DA/T 22-2015', label: 'DA/T 22-2015' },
  { value: 'DA/T 13-2022', label: 'DA/T 13-2022' },
  { value: 'custom', label: '自定义' },
];

const PATTERN_HELP =
  '可用 {全宗号} {门类} {年度} {保管期限} {机构} {件号}，必须有 {年度} 和 {件号}；' +
  '档号也是导出文件的文件名，不能有空格和 \\ / : * ? " < > |。';

/**
 * The 档号 the chosen format gives for a sample item, asked of the service (archive.
 * codeExample) a moment after typing stops: the service is the one that checks a custom
 * pattern, so its refusal is shown as is. The sample uses the saved 全宗号, 门类 and 机构.
 */
function useCodeExample(preset: Preset | undefined, pattern: string | undefined) {
  const [shown, setShown] = useState<{ example?: string; problem?: string }>({});
  useEffect(() => {
    if (!preset) return;
    let live = true;
    const timer = setTimeout(() => {
      call('archive.codeExample', {
        codePreset: preset,
        ...(preset === 'custom' ? { customPattern: pattern ?? '' } : {}),
      }).then(
        (result) => live && setShown({ example: result.example }),
        (reason: unknown) => live && setShown({ problem: errorText(reason) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [preset, pattern]);
  return shown;
}

/**
 * 档案 settings (docs/domain.md §6): the 档号 format (the two standards' presets or a custom
 * pattern, with a live example), 门类代码, 机构（问题）代码 and 名称, and the categories with
 * their default 保管期限. Fields of the settings page's one form, saved with it.
 */
export function ArchiveSettingsCard({ form }: { form: FormInstance<Settings> }) {
  const preset = Form.useWatch(['archive', 'codePreset'], form);
  const pattern = Form.useWatch(['archive', 'customPattern'], form);
  const { example, problem } = useCodeExample(preset, pattern);
  const categories = Form.useWatch(['archive', 'categories'], form) as
    Settings['archive']['categories'] | undefined;
  const categoryOptions = (categories ?? [])
    .filter((c) => c?.name)
    .map((c) => ({
      value: c.name,
      label: `${c.name}（${c.retention ? RETENTION_LABELS[c.retention] : ''}）`,
    }));

  return (
    <Card title="档案" style={{ maxWidth: 720, marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">
        {'归档文件按 DA/T 22-2015《归档文件整理规则》以件为单位整理。' +
          '档号由全宗号、门类、年度、保管期限、机构（问题）代码和 4 位件号组成；' +
          '已归档文件的档号不会因改格式而改变。'}
      </Typography.Paragraph>
      <Form.Item label="档号格式" name={['archive', 'codePreset']}>
        <Radio.Group aria-label="档号格式" options={PRESETS} />
      </Form.Item>
      {/* Hidden, not removed: the form still sends the kept pattern with the other fields. */}
      <Form.Item
        label="自定义格式"
        name={['archive', 'customPattern']}
        hidden={preset !== 'custom'}
        extra={PATTERN_HELP}
      >
        <Input maxLength={80} placeholder="{全宗号}-{门类}·{年度}-{保管期限}-{机构}-{件号}" />
      </Form.Item>
      <Form.Item label="档号示例" extra="全宗号、门类代码和机构代码按已保存的设置。">
        {problem ? (
          <Typography.Text type="danger" aria-label="档号示例">
            {problem}
          </Typography.Text>
        ) : (
          <Typography.Text strong aria-label="档号示例">
            {example ?? ''}
          </Typography.Text>
        )}
      </Form.Item>
      <Form.Item
        label="门类代码"
        name={['archive', 'classCode']}
        rules={[{ required: true, message: '请填写门类代码' }]}
        extra="文书档案为 WS。"
      >
        <Input maxLength={4} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item
        label="机构（问题）代码"
        name={['archive', 'orgCode']}
        rules={[{ required: true, message: '请填写机构（问题）代码' }]}
        extra="大写字母或数字，如 FFP（防返贫监测）、BGS（办公室）。"
      >
        <Input maxLength={8} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item
        label="机构（问题）名称"
        name={['archive', 'orgName']}
        rules={[{ required: true, whitespace: true, message: '请填写机构（问题）名称' }]}
      >
        <Input maxLength={30} style={{ width: 240 }} />
      </Form.Item>
      <Form.Item
        label="归档类别"
        extra="每类的保管期限。上传的扫描件归档时可以另选；程序生成的文件按下面的对应表。"
      >
        <Form.List name={['archive', 'categories']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: '请填写类别名称' }]}
                  >
                    <Input aria-label={`类别 ${index + 1}`} maxLength={20} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'retention']}
                    rules={[{ required: true, message: '请选择保管期限' }]}
                  >
                    <Select
                      aria-label={`类别 ${index + 1} 保管期限`}
                      options={RETENTION_OPTIONS}
                      style={{ width: 130 }}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label={`删除第 ${index + 1} 个类别`}
                    icon={<MinusCircleOutlined />}
                    disabled={fields.length <= 1}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', retention: 'D30' })}
              >
                增加类别
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item
        label="各类文件的归档类别"
        extra="程序生成的公示、明白纸、台账、月通报、会商记录都按这张表归类，保管期限随类别：同一种文件不会归入两个保管期限。上传的扫描件以此为默认。改动只影响以后归档的文件。"
      >
        <Form.List name="archiveKinds">
          {(fields) =>
            fields.map((field) => (
              <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item name={[field.name, 'kind']} hidden>
                  <Input />
                </Form.Item>
                <Typography.Text style={{ display: 'inline-block', width: 170 }}>
                  {form.getFieldValue(['archiveKinds', field.name, 'kind']) as string}
                </Typography.Text>
                <Form.Item
                  name={[field.name, 'category']}
                  rules={[{ required: true, message: '请选择归档类别' }]}
                >
                  <Select
                    aria-label={`${form.getFieldValue(['archiveKinds', field.name, 'kind']) as string} 的归档类别`}
                    options={categoryOptions}
                    style={{ width: 200 }}
                  />
                </Form.Item>
              </Space>
            ))
          }
        </Form.List>
      </Form.Item>
    </Card>
  );
}
