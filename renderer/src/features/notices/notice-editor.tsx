import { EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Spin,
} from 'antd';
import type { FieldError } from '../../../../electron/api/errors';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { normalizeDate } from '../../../../electron/api/normalize';
import type { FilePayload } from '../../../../electron/api/roster-io-types';
import type { NoticeBuildInput } from '../../../../electron/api/notices-schemas';
import {
  NOTICE_KINDS,
  type NoticeDraft,
  type NoticeIssued,
  type NoticeKind,
  type PrivacyHit,
} from '../../../../electron/api/notices-types';
import { ApiError, call } from '../../api/client';
import { applyFieldErrors } from '../../components/field-errors';
import { DateInput, dateRule, dateValue } from '../../components/date-input';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { optionsOf } from '../../components/options';
import { errorText, useCall } from '../../hooks/use-call';
import { NoticeRows } from './notice-rows';

/** Kinds whose rows come from a date range (识别认定 / 措施 / 消除 dates in it). */
export const RANGE_KINDS: readonly NoticeKind[] = [
  '监测对象识别认定公示',
  '帮扶措施公示',
  '风险消除公示',
];
/** The kinds a 结果公告 can follow, once their period has ended. */
export const RESULT_SOURCE_KINDS: readonly NoticeKind[] = ['监测对象识别认定公示', '风险消除公示'];

/** Date fields hold the text of a DateInput: an ISO date once it parses, else as typed. */
interface Values {
  kind: NoticeKind;
  gridId?: number;
  from?: string;
  to?: string;
  sourceNoticeId?: number;
  title: string;
  body: string;
  issuer: string;
  issueDate: string;
  periodStart: string;
  periodEnd: string;
  /** 打印网格员照片 (网格划分 only, docs/domain.md §4). */
  workerPhotos?: boolean;
}

/** A DateInput's text as 'YYYY-MM-DD' when it is a date (2026/3/1 too), else undefined. */
function parsedDay(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const parsed = normalizeDate(text);
  return parsed.ok ? parsed.value : undefined;
}

/** What the draft is built from; a change of any of these asks for a new draft. */
interface Scope {
  kind: NoticeKind;
  gridId?: number;
  from?: string;
  to?: string;
  sourceNoticeId?: number;
}
const SCOPE_FIELDS = ['kind', 'gridId', 'from', 'to', 'sourceNoticeId'] as const;

function scopeOf(v: Partial<Values>, kind: NoticeKind, previous?: Scope): Scope {
  // Only a date that parses narrows the data: a field being typed (or wrong) keeps the range
  // the current draft was built from, and asks for no new draft.
  const day = (key: 'from' | 'to') =>
    v[key]?.trim() && !parsedDay(v[key]) ? previous?.[key] : parsedDay(v[key]);
  const from = day('from');
  const to = day('to');
  return {
    kind,
    ...(v.gridId ? { gridId: v.gridId } : {}),
    ...(RANGE_KINDS.includes(kind) && from ? { from } : {}),
    ...(RANGE_KINDS.includes(kind) && to ? { to } : {}),
    ...(kind === '结果公告' && v.sourceNoticeId ? { sourceNoticeId: v.sourceNoticeId } : {}),
  };
}

/**
 * 新建公示: pick the kind, the grid (the village or a group) and, for household notices, the
 * date range of the data; notices.draft proposes title, body, issuer, dates and rows; the
 * clerk edits the text, removes rows, writes each measure's public description, previews
 * (nothing recorded; what may not be printed is listed to fix) and issues (〔2026〕3号, kept
 * with its PDF, then opened to print). The service's refusals (a period shorter than the
 * rule, an empty table…) are shown above the form as it words them.
 */
export function NoticeEditor({
  initial,
  openPdf,
  onIssued,
  onClose,
}: {
  initial: { kind: NoticeKind; sourceNoticeId?: number };
  /** The page's PDF opener (it outlives this dialog, which closes once issued). */
  openPdf: (load: () => Promise<FilePayload | undefined>) => Promise<void>;
  onIssued: (issued: NoticeIssued) => void;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [scope, setScope] = useState<Scope>(() => scopeOf(initial, initial.kind));
  const draft = useCall('notices.draft', scope);
  // Rows removed from this draft; a new draft starts with none removed.
  const [removal, setRemoval] = useState<{ of: NoticeDraft | undefined; rows: Set<number> }>({
    of: undefined,
    rows: new Set(),
  });
  const removed = removal.of === draft.data ? removal.rows : new Set<number>();
  // The public description the clerk wrote for each measure (帮扶措施公示), by row key.
  const [texts, setTexts] = useState<{ of: NoticeDraft | undefined; byKey: Map<string, string> }>({
    of: undefined,
    byKey: new Map(),
  });
  const measureTexts = texts.of === draft.data ? texts.byKey : new Map<string, string>();
  // What the preview found in the clerk's text that a notice may not print.
  const [hits, setHits] = useState<PrivacyHit[]>([]);
  const [error, setError] = useState<string>();
  const [previewNote, setPreviewNote] = useState<string[]>([]);
  const [busy, setBusy] = useState<'preview' | 'issue' | null>(null);
  const sources = useCall('notices.list', scope.kind === '结果公告' ? { status: '已结束' } : null);
  const sourceOptions = useMemo(
    () =>
      (sources.data ?? [])
        .filter((n) => RESULT_SOURCE_KINDS.includes(n.kind))
        .map((n) => ({ value: n.id, label: `${n.number} ${n.title}` })),
    [sources.data],
  );

  // A new draft fills the fields the clerk edits from here on.
  useEffect(() => {
    const d = draft.data;
    if (!d) return;
    // The range the clerk is typing stays as typed while it means the draft's own dates (a
    // draft for 2026/3/1 must not turn the field into 2026-03-01 under the cursor).
    const typed = form.getFieldsValue(['from', 'to']) as Pick<Values, 'from' | 'to'>;
    const keep = (text: string | undefined, day: string | null | undefined) =>
      (text?.trim() && !parsedDay(text)) || parsedDay(text) === (day ?? undefined)
        ? text
        : (day ?? undefined);
    form.setFieldsValue({
      title: d.title,
      body: d.body,
      issuer: d.issuer,
      issueDate: d.issueDate,
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
      from: keep(typed.from, d.from),
      to: keep(typed.to, d.to),
      sourceNoticeId: d.sourceNoticeId ?? undefined,
    });
  }, [draft.data, form]);

  const onValuesChange = (changed: Partial<Values>, all: Values) => {
    setError(undefined);
    setPreviewNote([]);
    setHits([]);
    if (SCOPE_FIELDS.some((key) => key in changed)) {
      const kind = all.kind ?? scope.kind;
      setScope((previous) =>
        scopeOf({ ...all, ...(changed.kind ? { sourceNoticeId: undefined } : {}) }, kind, previous),
      );
    }
    // A later start moves the end along, so the period stays as long as the rule asks;
    // a shorter one typed by hand is left for the service to refuse with its message.
    const start = parsedDay(changed.periodStart);
    if (start && draft.data) {
      const min = draft.data.minDays;
      const end = parsedDay(all.periodEnd);
      if (!end || dayjs(end).diff(start, 'day') + 1 < min) {
        form.setFieldValue(
          'periodEnd',
          dayjs(start)
            .add(min - 1, 'day')
            .format('YYYY-MM-DD'),
        );
      }
    }
  };

  /** The notice as the clerk left it, or undefined (and the fields marked) when incomplete. */
  const buildInput = async (): Promise<NoticeBuildInput | undefined> => {
    const d = draft.data;
    if (!d) return undefined;
    const v = await form.validateFields().catch(() => undefined);
    if (!v) return undefined;
    return {
      ...scopeOf(v, d.kind),
      title: v.title,
      body: v.body ?? '',
      issuer: v.issuer,
      issueDate: dateValue(v.issueDate)!,
      periodStart: dateValue(v.periodStart)!,
      periodEnd: dateValue(v.periodEnd)!,
      ...(d.kind === '网格划分及网格员公示' && v.workerPhotos ? { workerPhotos: true } : {}),
      // The rows come from the roster (docs/domain.md §4): only which are removed and each
      // measure's public description go back.
      ...(removed.size > 0 ? { removedRows: [...removed].map((i) => d.rowKeys[i]!) } : {}),
      ...(measureTexts.size > 0
        ? {
            measureTexts: [...measureTexts]
              .filter(([, text]) => text.trim() !== '')
              .map(([key, text]) => ({ key, text: text.trim() })),
          }
        : {}),
    };
  };

  /** Hits under their fields (标题, 正文, 发布单位) and beside their rows. */
  const showHits = (found: PrivacyHit[]) => {
    setHits(found);
    const fields: FieldError[] = found
      .filter((hit) => ['title', 'body', 'issuer'].includes(hit.field))
      .map((hit) => ({
        path: [hit.field],
        message: `有${hit.what}，公示不能印出：「${hit.excerpt}」`,
      }));
    applyFieldErrors(form, fields);
  };

  const preview = () =>
    openPdf(async () => {
      const input = await buildInput();
      if (!input) return undefined;
      setBusy('preview');
      setError(undefined);
      try {
        const file = await call('notices.preview', input);
        setPreviewNote([
          `预览共 ${file.pages} 页（${file.orientation === 'landscape' ? '横向' : '纵向'}），发布后编号为${file.number}。`,
          `字体：${file.fontNotes.join('；')}。`,
        ]);
        showHits(file.privacyHits);
        return file;
      } catch (reason) {
        setError(errorText(reason));
        return undefined;
      } finally {
        setBusy(null);
      }
    });

  const issue = () =>
    openPdf(async () => {
      const input = await buildInput();
      if (!input) return undefined;
      setBusy('issue');
      setError(undefined);
      let issued: NoticeIssued;
      try {
        issued = await call('notices.issue', input);
      } catch (reason) {
        setError(errorText(reason));
        if (reason instanceof ApiError) applyFieldErrors(form, reason.fields);
        setBusy(null);
        return undefined;
      }
      message.success(`已发布${issued.number}：${issued.title}`);
      onIssued(issued);
      try {
        return await call('notices.pdf', { id: issued.id });
      } catch (reason) {
        message.error(errorText(reason));
        return undefined;
      }
    });

  const kind = Form.useWatch('kind', form) ?? scope.kind;
  const d = draft.data;
  return (
    <Modal
      open
      width={1100}
      title="新建公示"
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button
          key="preview"
          icon={<EyeOutlined />}
          loading={busy === 'preview'}
          disabled={!d || draft.loading || busy !== null}
          onClick={() => void preview()}
        >
          预览
        </Button>,
        <Popconfirm
          key="issue"
          title="发布后编号存档，不能撤回"
          description="确定发布这份公示并打开打印？"
          okText="发布"
          cancelText="取消"
          onConfirm={() => void issue()}
        >
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            loading={busy === 'issue'}
            disabled={!d || draft.loading || busy !== null}
          >
            发布并打印
          </Button>
        </Popconfirm>,
      ]}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {draft.error && (
        <Alert type="error" showIcon title={draft.error.message} style={{ marginBottom: 12 }} />
      )}
      {d && d.notes.length > 0 && (
        <Alert type="warning" showIcon title={d.notes.join('；')} style={{ marginBottom: 12 }} />
      )}
      {previewNote.length > 0 && (
        <Alert type="info" showIcon title={previewNote.join(' ')} style={{ marginBottom: 12 }} />
      )}
      {hits.length > 0 && (
        <Alert
          type="warning"
          showIcon
          aria-label="不宜公开的内容"
          title={`有 ${hits.length} 处内容不宜公开，请修改后再发布（发布时会被拒绝）`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {hits.map((hit, i) => (
                <li key={i}>
                  {hit.where}：{hit.what}「{hit.excerpt}」
                </li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<Values>
        form={form}
        name="notice"
        layout="vertical"
        initialValues={{ kind: initial.kind, sourceNoticeId: initial.sourceNoticeId }}
        onValuesChange={onValuesChange}
      >
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="kind" label="公示类别" rules={[{ required: true }]}>
              <Select options={optionsOf(NOTICE_KINDS)} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="gridId" label="范围" extra="不选则为全村">
              <GridTreeSelect placeholder="全村" activeOnly ariaLabel="范围" width="100%" />
            </Form.Item>
          </Col>
          {RANGE_KINDS.includes(kind) && (
            <>
              <Col span={6}>
                <Form.Item name="from" label="数据开始日期" rules={[dateRule('数据开始日期')]}>
                  <DateInput aria-label="数据开始日期" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="to" label="数据结束日期" rules={[dateRule('数据结束日期')]}>
                  <DateInput aria-label="数据结束日期" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          )}
          {kind === '网格划分及网格员公示' && (
            <Col span={6}>
              <Form.Item
                name="workerPhotos"
                valuePropName="checked"
                label=" "
                extra="长期公示；照片在网格员名单后排成照片栏"
              >
                <Checkbox>打印网格员照片</Checkbox>
              </Form.Item>
            </Col>
          )}
          {kind === '结果公告' && (
            <Col span={12}>
              <Form.Item
                name="sourceNoticeId"
                label="所针对的公示"
                extra="不选则为最近一份公示期已满的识别认定或风险消除公示"
              >
                <Select
                  allowClear
                  options={sourceOptions}
                  loading={sources.loading}
                  notFoundContent="没有公示期已满的识别认定或风险消除公示"
                />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item
              name="periodStart"
              label="公示开始日期"
              required
              rules={[dateRule('公示开始日期', { required: true })]}
            >
              <DateInput aria-label="公示开始日期" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="periodEnd"
              label="公示结束日期"
              required
              rules={[dateRule('公示结束日期', { required: true })]}
              extra={d ? `公示期不少于 ${d.minDays} 天` : undefined}
            >
              <DateInput aria-label="公示结束日期" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="issueDate"
              label="发布日期"
              required
              rules={[dateRule('发布日期', { required: true })]}
            >
              <DateInput aria-label="发布日期" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="issuer"
              label="发布单位"
              rules={[{ required: true, whitespace: true, message: '请填写发布单位' }]}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="title"
          label="标题"
          rules={[{ required: true, whitespace: true, message: '请填写标题' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="body" label="正文">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
        </Form.Item>
      </Form>
      {!d && draft.loading && <Spin />}
      {d && d.table.columns.length > 0 && (
        <Spin spinning={draft.loading}>
          <NoticeRows
            table={d.table}
            rowKeys={d.rowKeys}
            measures={d.measureTexts}
            texts={measureTexts}
            flagged={new Set(hits.map((hit) => hit.field))}
            onText={(key, text) => {
              setHits([]);
              setTexts({ of: d, byKey: new Map([...measureTexts, [key, text]]) });
            }}
            removed={removed}
            onRemove={(index) => setRemoval({ of: d, rows: new Set([...removed, index]) })}
            onRestore={() => setRemoval({ of: d, rows: new Set() })}
          />
        </Spin>
      )}
    </Modal>
  );
}
