import { Form, Input, Switch, Tag, Tooltip } from 'antd';
import { useState } from 'react';

/**
 * 补录 (docs/domain.md §3 「Order matters」): a record entered after the fact, out of the
 * workflow's order, is accepted only with a reason. The switch appears when it is needed — the
 * record already is 补录, or the service refused the date as out of order (its message says to
 * open 「补录」) — and the reason is required once it is on.
 */
export interface BackfillValues {
  backfill?: boolean;
  backfillReason?: string;
}

export function useBackfill(initialReason: string | null | undefined) {
  const [needed, setNeeded] = useState(Boolean(initialReason));
  return {
    initialValues: { backfill: Boolean(initialReason), backfillReason: initialReason ?? '' },
    /** Runs a save; a refusal that names 补录 brings the switch in. */
    guard: async <T,>(save: () => Promise<T>): Promise<T> => {
      try {
        return await save();
      } catch (error) {
        if (error instanceof Error && error.message.includes('补录')) setNeeded(true);
        throw error;
      }
    },
    /** What to send: the reason when 补录 is on, else null. */
    reason: (v: BackfillValues) => (v.backfill ? v.backfillReason?.trim() || null : null),
    fields: needed ? <BackfillFields /> : null,
  };
}

function BackfillFields() {
  const on = Form.useWatch<boolean | undefined>('backfill');
  return (
    <>
      <Form.Item
        name="backfill"
        label="补录"
        valuePropName="checked"
        extra="事后补记、不按办理顺序登记时打开，并写明原因；会记入操作记录，迎检自查时列出。"
      >
        <Switch aria-label="补录" checkedChildren="补录" unCheckedChildren="否" />
      </Form.Item>
      {on && (
        <Form.Item
          name="backfillReason"
          label="补录原因"
          rules={[{ required: true, whitespace: true, message: '请填写补录原因' }]}
        >
          <Input.TextArea
            aria-label="补录原因"
            rows={2}
            maxLength={200}
            placeholder="例如：当时只有纸质记录，事后补录"
          />
        </Form.Item>
      )}
    </>
  );
}

/** The 补录 tag with its reason on hover, for a step, a proposal or a decision. */
export function BackfillTag({ reason }: { reason: string | null | undefined }) {
  if (!reason) return null;
  return (
    <Tooltip title={`补录原因：${reason}`}>
      <Tag color="orange" style={{ marginLeft: 4 }}>
        补录：{reason}
      </Tag>
    </Tooltip>
  );
}
