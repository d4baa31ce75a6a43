import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Select,
  InputNumber,
  Space,
  Spin,
  Tabs,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { FontChoice } from '../../../../electron/api/schemas';
import type { Settings } from '../../../../electron/api/types';
import { call } from '../../api/client';
import { DateListField } from '../../components/date-list-field';
import { ArchiveSettingsCard } from '../archive/archive-settings-card';
import { BackupTab } from './backup-tab';
import { DiagnosticsTab } from './diagnostics-tab';
import { OperatorsTab } from './operators-tab';
import { PasswordTab } from './password-tab';
import { errorText, useCall } from '../../hooks/use-call';

/**
 * The time limits of the problem workflow (docs/domain.md §3; defaults from one township's rule
 * book: 核实评议 2 days, 公示 ≥ 5 days, 乡镇审核 3 working days, 办结 15 days).
 */
const DEADLINES = [
  { key: 'verify', label: '核实评议', extra: '登记后几天内完成核实和民主评议' },
  { key: 'notice', label: '公示天数', extra: '村内公示至少几天（含第一天和最后一天）' },
  { key: 'township', label: '乡镇审核', extra: '公示结束后几天内完成乡镇审核' },
  { key: 'total', label: '办结时限', extra: '从登记到办结不超过几天（台账的「办结时限」）' },
] as const;

/** The print fonts: the bundled one, and the Windows system fonts where the PC has them. */
const FONT_OPTIONS = [
  { value: 'noto-sans', label: '思源黑体（内置，任何电脑都有）' },
  { value: 'simfang', label: '仿宋（Windows）' },
  { value: 'simsun', label: '宋体（Windows）' },
  { value: 'simhei', label: '黑体（Windows）' },
  { value: 'kaiti', label: '楷体（Windows）' },
] satisfies { value: FontChoice; label: string }[];

/** 设置: the village's values; operators and the audit trail; backups; password; diagnostics. */
export function SettingsPage() {
  return (
    <>
      <Typography.Title level={3}>设置</Typography.Title>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'general', label: '基本设置', children: <GeneralSettings /> },
          { key: 'operators', label: '操作员与操作记录', children: <OperatorsTab /> },
          { key: 'backup', label: '备份与恢复', children: <BackupTab /> },
          { key: 'password', label: '数据库密码', children: <PasswordTab /> },
          { key: 'diagnostics', label: '诊断信息', children: <DiagnosticsTab /> },
        ]}
      />
    </>
  );
}

/** The village's own values, and where its data lives. */
function GeneralSettings() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Settings>();
  const settings = useCall('settings.get');
  const info = useCall('app.info');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [form, settings.data]);

  const save = async (values: Settings) => {
    setSaving(true);
    setError(undefined);
    try {
      const saved = await call('settings.update', {
        ...values,
        incomeLines: (values.incomeLines ?? []).filter((line) => line?.year && line?.amount),
      });
      form.setFieldsValue(saved);
      // The shell's village name reads again through the query cache.
      message.success('设置已保存');
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setSaving(false);
    }
  };

  if (settings.loading && !settings.data) return <Spin />;

  return (
    <>
      {(error ?? settings.error) && (
        <Alert
          type="error"
          showIcon
          title={error ?? settings.error?.message}
          style={{ marginBottom: 16, maxWidth: 720 }}
        />
      )}
      <Form<Settings>
        form={form}
        name="settings"
        labelCol={{ span: 8 }}
        wrapperCol={{ span: 14 }}
        onFinish={save}
      >
        <Card title="本村信息" style={{ maxWidth: 720, marginBottom: 16 }}>
          <Form.Item label="村名称" name="villageName">
            <Input maxLength={50} placeholder="例如：杨柳村" />
          </Form.Item>
          <Form.Item
            label="全宗号"
            name="fondsCode"
            extra="档案馆给本村档案的编号，如 Z109；用于档号。"
          >
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item
            label="每个村组网格户数上限"
            name="householdCap"
            rules={[{ required: true, message: '请填写户数上限' }]}
            extra="超过上限的村组网格会在花名册中标出。"
          >
            <InputNumber min={1} max={2000} precision={0} suffix="户" />
          </Form.Item>
          <Form.Item label="监测收入标准" extra="各省每年公布，按年度填写（元/人·年）。">
            <Form.List name="incomeLines">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, index) => (
                    <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item
                        name={[field.name, 'year']}
                        rules={[{ required: true, message: '请填写年度' }]}
                      >
                        <InputNumber
                          aria-label={`年度 ${index + 1}`}
                          min={2015}
                          max={2100}
                          precision={0}
                          suffix="年"
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'amount']}
                        rules={[{ required: true, message: '请填写金额' }]}
                      >
                        <InputNumber
                          aria-label={`标准 ${index + 1}`}
                          min={1}
                          max={1000000}
                          suffix="元"
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        aria-label={`删除第 ${index + 1} 条收入标准`}
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ year: new Date().getFullYear() })}
                  >
                    增加一年
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>
        </Card>
        <Card title="处置时限与工作日" style={{ maxWidth: 720, marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">
            问题台账按这里的时限计算各环节的期限和「办结时限」，逾期的问题标红。
            按工作日计算时，跳过周六、周日和下面的节假日，调休上班日照常计算。
          </Typography.Paragraph>
          {DEADLINES.map((d) => (
            <Form.Item key={d.key} label={d.label} extra={d.extra} required>
              <Space align="baseline">
                <Form.Item
                  noStyle
                  name={['deadlines', d.key, 'days']}
                  rules={[{ required: true, message: `请填写${d.label}天数` }]}
                >
                  <InputNumber
                    aria-label={`${d.label}天数`}
                    min={1}
                    max={90}
                    precision={0}
                    suffix="天"
                  />
                </Form.Item>
                <Form.Item
                  noStyle
                  name={['deadlines', d.key, 'workingDays']}
                  valuePropName="checked"
                >
                  <Checkbox aria-label={`${d.label}按工作日计算`}>按工作日计算</Checkbox>
                </Form.Item>
              </Space>
            </Form.Item>
          ))}
          <Form.Item
            label="节假日"
            name="holidays"
            extra="法定节假日放假的日子（不含周末），每年按国务院办公厅的放假通知添加。"
          >
            <DateListField label="节假日" />
          </Form.Item>
          <Form.Item label="调休上班日" name="workdays" extra="因调休需要上班的周六、周日。">
            <DateListField label="调休上班日" />
          </Form.Item>
        </Card>
        <Card title="公示与打印" style={{ maxWidth: 720, marginBottom: 16 }}>
          <Form.Item
            label="监督电话"
            name="supervisionPhone"
            extra="印在每户明白纸和各类公示上，如乡镇纪委或县防返贫监测热线。"
          >
            <Input maxLength={40} placeholder="例如：0871-1234567" />
          </Form.Item>
          <Form.Item
            label="申报小程序"
            name="selfReportApp"
            extra="村里如有农户自主申报的手机应用或小程序，填它的名称，印在申报政策明白纸上；没有就空着。"
          >
            <Input maxLength={40} placeholder="例如：防返贫监测申报小程序" />
          </Form.Item>
          <Form.Item
            label="审定层级"
            name="decisionLevel"
            extra="谁作认定、消除的决定：按 2023 年乡镇规程由乡镇审定、报县级备案；有的县由县级审定。只改变台账上这一步的名称。"
          >
            <Select
              aria-label="审定层级"
              style={{ width: 240 }}
              options={[
                { value: 'township', label: '乡镇审定（县级备案）' },
                { value: 'county', label: '县级审定' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="风险消除公示天数"
            name="eliminationNoticeDays"
            rules={[{ required: true, message: '请填写风险消除公示天数' }]}
            extra="其他公示不少于 5 天；有的县要求风险消除公示 7 天。"
          >
            <InputNumber min={5} max={30} precision={0} suffix="天" />
          </Form.Item>
          <Form.Item
            label="发文机关代字"
            name={['notices', 'issuerCode']}
            extra="印在公示编号前，如「杨柳村委发」印成「杨柳村委发〔2026〕3号」；不填则印「〔2026〕3号」。"
          >
            <Input aria-label="发文机关代字" maxLength={20} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item
            label="健康类帮扶措施"
            name={['notices', 'healthMeasures']}
            extra="帮扶措施公示不印措施的具体内容；健康类措施统一写「健康帮扶」，或者干脆不列出。"
          >
            <Select
              aria-label="健康类帮扶措施"
              style={{ width: 240 }}
              options={[
                { value: 'generic', label: '显示为「健康帮扶」' },
                { value: 'omit', label: '不列出' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="标题字体"
            name={['printFonts', 'title']}
            extra="用于明白纸等打印件。公示公告按公文格式自动选用方正小标宋简体、华文中宋或宋体，都没有时才用这里选的字体。"
          >
            <Select aria-label="标题字体" options={FONT_OPTIONS} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item
            label="正文字体"
            name={['printFonts', 'body']}
            extra="用于明白纸等打印件。公示公告自动选用仿宋_GB2312或仿宋，都没有时才用这里选的字体；电脑上没有所选字体时改用内置的思源黑体。"
          >
            <Select aria-label="正文字体" options={FONT_OPTIONS} style={{ width: 240 }} />
          </Form.Item>
        </Card>
        <ArchiveSettingsCard form={form} />
        <Card title="个人信息保护" style={{ maxWidth: 720, marginBottom: 16 }}>
          <Form.Item
            label="每分钟按号码查找次数"
            name="digitSearchesPerMinute"
            rules={[{ required: true, message: '请填写每分钟按号码查找次数' }]}
            extra="按身份证号或电话（后 4 位或完整号码）查找，每次都记入操作记录；一分钟内超过这个次数就暂停，防止有人逐位试出隐藏的号码。按姓名查找不受限制。"
          >
            <InputNumber
              aria-label="每分钟按号码查找次数"
              min={1}
              max={300}
              precision={0}
              suffix="次"
            />
          </Form.Item>
        </Card>
        <Form.Item wrapperCol={{ span: 24 }} style={{ maxWidth: 720 }}>
          <Button type="primary" htmlType="submit" loading={saving}>
            保存设置
          </Button>
        </Form.Item>
      </Form>
      <Card title="数据位置" style={{ maxWidth: 720 }}>
        {info.data && (
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'dir', label: '数据文件夹', children: info.data.dataDir },
              { key: 'db', label: '数据库文件', children: info.data.databaseFile },
              { key: 'schema', label: '数据库结构版本', children: info.data.schemaVersion },
              { key: 'version', label: '程序版本', children: info.data.version },
            ]}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          备份到 U 盘、从备份恢复，请到「备份与恢复」。附件、照片和归档文件在数据文件夹里，
          换电脑时请关闭程序后把整个数据文件夹复制过去。
        </Typography.Paragraph>
      </Card>
    </>
  );
}
