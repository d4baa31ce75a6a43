import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Form, Input, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api/client';
import { JobProgress } from '../../components/job-progress';
import { errorText } from '../../hooks/use-call';
import { RestoreFromBackup } from './restore-from-backup';
import { WorkspaceSetupCard } from './workspace-setup-card';

interface VillageForm {
  county: string;
  township: string;
  village: string;
  groups: string[];
}

const DEFAULT_GROUPS = ['第一村民小组', '第二村民小组', '第三村民小组'];

/** First run: build 县 → 乡镇 → 村 → its 村民小组, or load a demo village to try things out. */
export function FirstRunPage({ onDone }: { onDone: () => void }) {
  const [form] = Form.useForm<VillageForm>();
  const [busy, setBusy] = useState<'create' | 'demo' | null>(null);
  // 村级台账 (the default) or a 乡镇汇总库 (docs/domain.md §11), chosen once.
  const [mode, setMode] = useState<'village' | 'workspace'>('village');
  const [error, setError] = useState<string>();

  const run = async (kind: 'create' | 'demo', work: () => Promise<unknown>) => {
    setBusy(kind);
    setError(undefined);
    try {
      await work();
      onDone();
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(null);
    }
  };

  const create = (values: VillageForm) =>
    run('create', () =>
      call('setup.createVillage', { ...values, groups: values.groups.map((g) => g.trim()) }),
    );
  // The seed is a background job (a worker thread): followed, and stoppable, by this id.
  const [demoJob, setDemoJob] = useState<string>();
  const loadDemo = () => {
    const followJobId = crypto.randomUUID();
    setDemoJob(followJobId);
    return run('demo', () =>
      call('demo.seed', { size: 'village', seed: 1, followJobId }).finally(() =>
        setDemoJob(undefined),
      ),
    );
  };

  return (
    <div style={{ maxWidth: 640, margin: '48px auto', padding: '0 16px' }}>
      <Typography.Title level={2}>欢迎使用村级网格台账</Typography.Title>
      <Typography.Paragraph>
        第一次使用，请先建立本村的网格：所属的县、乡镇，本村名称和各村民小组。以后可以在「网格花名册」里增加、改名。换了新电脑的，请用下面的
        <Typography.Link
          onClick={() =>
            document.getElementById('restore-from-backup')?.scrollIntoView({ block: 'start' })
          }
        >
          「从备份恢复」
        </Typography.Link>
        。
      </Typography.Paragraph>
      <Segmented
        block
        style={{ marginBottom: 16 }}
        value={mode}
        onChange={(value) => setMode(value as 'village' | 'workspace')}
        disabled={busy !== null}
        options={[
          { value: 'village', label: '村级台账' },
          { value: 'workspace', label: '乡镇汇总库' },
        ]}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {mode === 'workspace' && (
        <WorkspaceSetupCard busy={busy !== null} run={(work) => run('create', work)} />
      )}
      {mode === 'village' && (
        <Card title="建立本村网格">
          <Form<VillageForm>
            form={form}
            name="first-run"
            layout="horizontal"
            labelCol={{ span: 6 }}
            wrapperCol={{ span: 16 }}
            initialValues={{ groups: DEFAULT_GROUPS }}
            onFinish={create}
            disabled={busy !== null}
          >
            <Form.Item
              label="县"
              name="county"
              rules={[{ required: true, whitespace: true, message: '请填写县名称' }]}
            >
              <Input placeholder="例如：石门县" maxLength={50} />
            </Form.Item>
            <Form.Item
              label="乡镇"
              name="township"
              rules={[{ required: true, whitespace: true, message: '请填写乡镇名称' }]}
            >
              <Input placeholder="例如：柳湾镇" maxLength={50} />
            </Form.Item>
            <Form.Item
              label="村"
              name="village"
              rules={[{ required: true, whitespace: true, message: '请填写村名称' }]}
            >
              <Input placeholder="例如：杨柳村" maxLength={50} />
            </Form.Item>
            <Form.List
              name="groups"
              rules={[
                {
                  validator: async (_, groups: string[] = []) => {
                    if (groups.length === 0) throw new Error('至少填写一个村民小组');
                    const names = groups.map((g) => g?.trim()).filter(Boolean);
                    if (new Set(names).size !== names.length)
                      throw new Error('村民小组名称不能重复');
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((field, index) => (
                    <Form.Item
                      key={field.key}
                      label={`村民小组 ${index + 1}`}
                      htmlFor={`first-run_groups_${field.name}`}
                      required
                    >
                      <Space.Compact style={{ width: '100%' }}>
                        <Form.Item
                          name={field.name}
                          noStyle
                          rules={[
                            {
                              required: true,
                              whitespace: true,
                              message: `请填写第 ${index + 1} 个村民小组的名称`,
                            },
                          ]}
                        >
                          <Input maxLength={50} />
                        </Form.Item>
                        <Button
                          aria-label={`删除村民小组 ${index + 1}`}
                          icon={<MinusCircleOutlined />}
                          onClick={() => remove(field.name)}
                          disabled={fields.length === 1}
                        />
                      </Space.Compact>
                    </Form.Item>
                  ))}
                  <Form.Item wrapperCol={{ offset: 6, span: 16 }}>
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} block>
                      增加村民小组
                    </Button>
                    <Form.ErrorList errors={errors} />
                  </Form.Item>
                </>
              )}
            </Form.List>
            <Form.Item wrapperCol={{ offset: 6, span: 16 }}>
              <Button type="primary" htmlType="submit" loading={busy === 'create'}>
                建立网格
              </Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      <Divider>或者</Divider>
      <RestoreFromBackup disabled={busy !== null} />
      <Divider>或者</Divider>
      {mode === 'village' && (
        <Card title="先看看演示数据">
          <Typography.Paragraph>
            载入一个虚构的演示村（约 10
            个村民小组），用来熟悉程序。演示数据只能载入到空的台账里，不会和真实数据混在一起。
          </Typography.Paragraph>
          <Button onClick={loadDemo} loading={busy === 'demo'} disabled={busy === 'create'}>
            载入演示数据
          </Button>
          <JobProgress jobId={demoJob} title="正在载入演示数据" />
        </Card>
      )}
    </div>
  );
}
