import { SaveOutlined } from '@ant-design/icons';
import { Button, Input, InputNumber, Space } from 'antd';
import { useState } from 'react';
import type { EvaluationRow } from '../../../../electron/api/reports-types';
import { call } from '../../api/client';
import { useAction } from '../../hooks/use-action';

/**
 * 人工评分 and its 评价说明 for one worker and period: edited in the row, saved (and
 * audited) by evaluations.save; the total and grade are recomputed by the service.
 */
export function ManualScoreEditor({
  row,
  period,
}: {
  row: EvaluationRow;
  period: string;
}) {
  const [score, setScore] = useState<number | null>(row.manualScore);
  const [note, setNote] = useState(row.note);
  const { run, busy } = useAction();
  const dirty = score !== row.manualScore || note !== row.note;
  const save = async () => {
    // The list reads again (the query cache) and keys a fresh editor on the saved values.
    await run(
      () => call('evaluations.save', { workerId: row.workerId, period, manualScore: score, note }),
      `${row.workerName}的评分已保存`,
    );
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber<number>
        aria-label={`${row.workerName}人工评分`}
        style={{ width: 90 }}
        min={0}
        max={100}
        step={1}
        precision={1}
        placeholder="0-100"
        value={score}
        onChange={(v) => setScore(v ?? null)}
      />
      <Input
        aria-label={`${row.workerName}评价说明`}
        placeholder="评价说明"
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <Button
        type={dirty ? 'primary' : 'default'}
        disabled={!dirty}
        loading={busy}
        icon={<SaveOutlined />}
        aria-label={`保存${row.workerName}的评分`}
        onClick={save}
      />
    </Space.Compact>
  );
}
