import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { isoMonth } from '../../components/dates';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { useAction } from '../../hooks/use-action';

interface Values {
  gridId: number;
  month: Dayjs;
}

/** 村组网格长月度排查表: one group grid and month, as an A4 landscape sheet to print and sign. */
export function ScreeningSheetTab() {
  const [form] = Form.useForm<Values>();
  const { run, busy } = useAction();
  const generate = async (v: Values) => {
    const file = await run(() =>
      call('reports.screeningSheet', { gridId: v.gridId, month: isoMonth(v.month)! }),
    );
    if (file) downloadFile(file);
  };
  return (
    <Card size="small" style={{ maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">
        村组网格长每月对本组农户逐户排查。排查表按花名册列出本组每一户，带出本月的走访和登记的问题，
        网格长核对、补充后签字存档。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="screening"
        layout="inline"
        initialValues={{ month: dayjs() }}
        onFinish={generate}
      >
        <Form.Item
          name="gridId"
          label="村组网格"
          rules={[{ required: true, message: '请选择村组网格' }]}
        >
          <GridTreeSelect
            groupOnly
            allowClear={false}
            placeholder="选择村民小组"
            ariaLabel="村组网格"
          />
        </Form.Item>
        <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
          <DatePicker picker="month" allowClear={false} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<FileExcelOutlined />} loading={busy}>
            生成排查表
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
