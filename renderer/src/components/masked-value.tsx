import { EyeOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../api/client';
import { useAction } from '../hooks/use-action';

type Field = 'member.idNumber' | 'household.phone' | 'worker.phone' | 'contact.phone';

/**
 * A masked ID number or phone (110105********1234, 138****8000) with a 查看 action.
 * Every reveal is recorded in the audit trail by the service.
 */
export function MaskedValue({ masked, field, id }: { masked: string; field: Field; id: number }) {
  const [value, setValue] = useState<string>();
  const { run, busy } = useAction();
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  if (value !== undefined) return <Typography.Text copyable>{value}</Typography.Text>;
  const reveal = async () => {
    const result = await run(() => call('sensitive.reveal', { field, id }));
    if (result) setValue(result.value);
  };
  return (
    <Space size={4}>
      <span>{masked}</span>
      <Tooltip title="查看完整号码（会记录查看人和时间）">
        <Button
          size="small"
          type="text"
          icon={<EyeOutlined />}
          loading={busy}
          onClick={reveal}
          aria-label="查看完整号码"
        />
      </Tooltip>
    </Space>
  );
}
