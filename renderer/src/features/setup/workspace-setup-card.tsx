import { Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api/client';

interface WorkspaceForm {
  kind: 'township' | 'county';
  county: string;
  township: string;
}

/**
 * First run of a 乡镇汇总库 (docs/domain.md §11): the township's (or county's) own names; its
 * villages come only from their 上报包 and stay read-only. Chosen once, never changed.
 */
export function WorkspaceSetupCard({
  run,
  busy,
}: {
  run: (work: () => Promise<unknown>) => Promise<void>;
  busy: boolean;
}) {
  const [form] = Form.useForm<WorkspaceForm>();
  const [kind, setKind] = useState<WorkspaceForm['kind']>('township');
  const create = (values: WorkspaceForm) =>
    run(() =>
      values.kind === 'county'
        ? call('setup.createWorkspace', { kind: 'county', county: values.county.trim() })
        : call('setup.createWorkspace', {
            kind: 'township',
            township: values.township.trim(),
            county: values.county?.trim() ?? '',
          }),
    );
  return (
    <Card title="建立乡镇汇总库">
      <Typography.Paragraph type="secondary">
        汇总库用来导入各村的上报包，查看全乡镇的月通报、迎检自查和名单；各村的数据在汇总库中只读，只能填写审核意见。建立后不能再改成村级台账，请在新的数据文件夹中使用。
      </Typography.Paragraph>
      <Form<WorkspaceForm>
        form={form}
        name="first-run-workspace"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 16 }}
        initialValues={{ kind: 'township' }}
        onValuesChange={(changed: Partial<WorkspaceForm>) => changed.kind && setKind(changed.kind)}
        onFinish={create}
        disabled={busy}
      >
        <Form.Item label="汇总范围" name="kind">
          <Radio.Group
            options={[
              { value: 'township', label: '乡镇汇总' },
              { value: 'county', label: '县级汇总' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="县"
          name="county"
          rules={[
            { required: kind === 'county', whitespace: true, message: '请填写县名称' },
            { max: 50, message: '县名称不能超过 50 个字' },
          ]}
          extra={kind === 'township' ? '可不填；填了则只接受本县的上报包' : undefined}
        >
          <Input placeholder="例如：石门县" maxLength={50} />
        </Form.Item>
        {kind === 'township' && (
          <Form.Item
            label="乡镇"
            name="township"
            rules={[{ required: true, whitespace: true, message: '请填写乡镇名称' }]}
          >
            <Input placeholder="例如：柳湾镇" maxLength={50} />
          </Form.Item>
        )}
        <Form.Item wrapperCol={{ offset: 6, span: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>
            建立汇总库
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
