import { CloudUploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Input, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  REPORT_PACKAGE_PRIVACY,
  type ReportPackageFile,
} from '../../../../electron/api/report-package-contract';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { isoMonth } from '../../components/dates';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { JobProgress } from '../../components/job-progress';
import { useAction } from '../../hooks/use-action';
import { isRollUpWorkspace, useWorkspace } from '../../hooks/use-workspace';

interface Values {
  month: Dayjs;
  villageGridId?: number;
  password?: string;
  confirm?: string;
}

/**
 * 上报包 (docs/domain.md §11): the village's month as one file for the township — the records,
 * the 月通报 figures, the self-check counts and the proposals. Internal: it holds IDs and phones
 * in full, said here in words. Optional password (entered twice; never stored). Not offered in a
 * 乡镇汇总库, which has no village data of its own to report.
 */
export function ReportPackageTab() {
  const workspace = useWorkspace();
  const [form] = Form.useForm<Values>();
  const { run, busy } = useAction();
  const [jobId, setJobId] = useState<string>();
  const [done, setDone] = useState<ReportPackageFile>();

  if (isRollUpWorkspace(workspace)) {
    return (
      <Alert
        type="info"
        showIcon
        title="乡镇汇总库不生成上报包：上报包由各村在自己的电脑上生成，再导入这里。"
      />
    );
  }

  const generate = async (v: Values) => {
    const followJobId = crypto.randomUUID();
    setJobId(followJobId);
    setDone(undefined);
    const file = await run(() =>
      call('report.package', {
        period: isoMonth(v.month)!,
        ...(v.villageGridId ? { villageGridId: v.villageGridId } : {}),
        ...(v.password ? { password: v.password } : {}),
        followJobId,
      }).finally(() => setJobId(undefined)),
    );
    if (file) {
      downloadFile(file, file.encrypted ? 'application/octet-stream' : 'application/zip');
      setDone(file);
      form.setFieldsValue({ password: undefined, confirm: undefined });
    }
  };

  return (
    <Card size="small" style={{ maxWidth: 760 }}>
      <Typography.Paragraph>
        上报包是本村一个月的数据文件（网格、网格员、农户和成员、帮扶措施、问题和处置环节、走访、会商，
        以及本月的月通报数字、迎检自查统计和拟纳入/拟消除名单），用 U 盘或电子邮件交给乡镇汇总。
        照片、扫描件和档案不在包里。
      </Typography.Paragraph>
      <Alert
        type="warning"
        showIcon
        title={REPORT_PACKAGE_PRIVACY}
        description="可以设置密码加密上报包；密码不会保存，请另行告诉乡镇（不要和文件一起发送）。"
        style={{ marginBottom: 16 }}
      />
      <Form<Values>
        form={form}
        name="report-package"
        layout="vertical"
        initialValues={{ month: dayjs().subtract(1, 'month') }}
        onFinish={generate}
        style={{ maxWidth: 420 }}
      >
        <Form.Item name="month" label="上报月份" rules={[{ required: true, message: '请选择月份' }]}>
          <DatePicker picker="month" allowClear={false} />
        </Form.Item>
        <Form.Item
          name="villageGridId"
          label="村"
          extra="本库只有一个村时不用选；演示的乡镇、县级数据有多个村，请选一个村"
        >
          <GridTreeSelect placeholder="本村" ariaLabel="村" />
        </Form.Item>
        <Form.Item
          name="password"
          label="密码（可不填）"
          rules={[{ min: 6, message: '密码至少 6 个字符' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再输一次密码"
          dependencies={['password']}
          rules={[
            ({ getFieldValue }) => ({
              validator(_, value?: string) {
                const password = getFieldValue('password') as string | undefined;
                if (!password && !value) return Promise.resolve();
                return value === password
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} loading={busy}>
            生成上报包
          </Button>
        </Form.Item>
      </Form>
      <JobProgress jobId={jobId} title="正在生成上报包" />
      {done && (
        <Alert
          type="success"
          showIcon
          title={`已生成「${done.fileName}」${done.encrypted ? '（已加密）' : ''}`}
          description={done.counts.map((c) => `${c.label} ${c.count}`).join('；')}
        />
      )}
    </Card>
  );
}
