import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../electron/api/id-number';
import type {
  NoticeDetail,
  NoticeDraft,
  NoticeIssued,
  NoticePreview,
  NoticeSummary,
} from '../../electron/api/notices-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import {
  issuedMark,
  noticeSequenceKey,
  raiseIssued,
} from '../../electron/services/sequences/issued';
import { buildPrivateVillage, type PrivateVillage } from '../fixtures/notice-village';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { callers } from '../fixtures/village';

// The fixed clock is 2026-05-06 (test/fixtures/runtime.ts).
const APRIL = { from: '2026-04-01', to: '2026-04-30' };
/** Set VL_KEEP_NOTICES=<folder> to keep every PDF for looking at (pdftoppm). */
const KEEP = process.env.VL_KEEP_NOTICES;

function pdfText(dir: string, file: FilePayload, name: string = crypto.randomUUID()): string {
  const target = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(target, Buffer.from(file.data));
  if (KEEP) fs.copyFileSync(target, path.join(KEEP, `${name}.pdf`));
  return execFileSync('pdftotext', [target, '-'], { encoding: 'utf8' });
}

/** Nothing private of the village in one notice's text (docs/domain.md §4, §7). */
function expectNothingPrivate(text: string, village: PrivateVillage, kind: string) {
  // pdftotext breaks lines inside table cells: compare without any white space.
  const flat = text.replace(/\s+/g, '');
  for (const id of village.ids) {
    expect(flat, kind).not.toContain(id);
    expect(flat, kind).not.toContain(maskIdNumber(id)); // 前6后4
    expect(flat, kind).not.toContain(id.slice(0, 6));
    expect(flat, kind).not.toContain(id.slice(-8));
  }
  for (const phone of village.phones) {
    expect(flat, kind).not.toContain(phone);
    expect(flat, kind).not.toContain(phone.slice(-4).padStart(8, '*'));
  }
  for (const word of village.healthWords) expect(flat, `${kind}: ${word}`).not.toContain(word);
  for (const content of village.measureContents) expect(flat, kind).not.toContain(content);
  expect(flat, kind).not.toContain('***');
}

describe('notices: privacy by structure', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);

  it('prints no ID, phone, health status or measure content on any kind of notice', async () => {
    const village = await buildPrivateVillage(ctx());
    await call('settings.update', {
      notices: { issuerCode: '杨柳村委发', healthMeasures: 'generic' },
    });
    const dir = runtime().dir;
    const texts = new Map<string, string>();
    const issue = async (name: string, input: Record<string, unknown>) => {
      const issued = await call<NoticeIssued>('notices.issue', input);
      texts.set(
        name,
        pdfText(dir, await call<FilePayload>('notices.pdf', { id: issued.id }), name),
      );
      return issued;
    };

    const identified = await issue('识别认定', {
      kind: '监测对象识别认定公示',
      ...APRIL,
      issueDate: '2026-04-20',
      periodStart: '2026-04-20',
      periodEnd: '2026-04-24',
    });
    const measures = await call<NoticeDraft>('notices.draft', { kind: '帮扶措施公示', ...APRIL });
    // A measure's own content is never in the draft: only its category and its plain name.
    expect(JSON.stringify(measures)).not.toMatch(/尿毒症|透析|白血病|癌症|医疗救助|慢性病/);
    expect(measures.measureTexts.filter((m) => m.fixed).every((m) => m.text === '健康帮扶')).toBe(
      true,
    );
    const industry = measures.measureTexts.find((m) => m.category === '产业')!;
    expect(industry).toMatchObject({ text: '产业帮扶', fixed: false });
    const health = measures.measureTexts.find((m) => m.fixed)!;
    await issue('帮扶措施', {
      kind: '帮扶措施公示',
      ...APRIL,
      measureTexts: [
        { key: industry.key, text: '发展生猪养殖，发放产业奖补' },
        // Typed over a health measure: ignored, it prints as 健康帮扶.
        { key: health.key, text: '大病救治' },
      ],
    });
    await issue('风险消除', { kind: '风险消除公示', ...APRIL });
    await issue('网格划分', { kind: '网格划分及网格员公示' });
    // The decisions after the 公示 and the 审核 (docs/domain.md §3): the result follows each —
    // five 认定, one 不予认定.
    const decide = ctx().sqlite.prepare(
      `UPDATE problems SET decision = ?, decision_date = '2026-04-28'
        WHERE id = (SELECT MIN(id) FROM problems WHERE proposal = '拟纳入' AND decision IS NULL)`,
    );
    decide.run('不予认定');
    for (let i = 0; i < 5; i++) decide.run('认定');
    await issue('结果', { kind: '结果公告', sourceNoticeId: identified.id });
    await issue('其他', {
      kind: '其他公示',
      title: '杨柳村2026年公益岗位人员公示',
      body: '经村两委研究，拟聘用以下人员为公益岗位人员，现予以公示。',
      table: { columns: ['姓名', '岗位'], rows: [['户主甲', '保洁员']] },
    });

    expect([...texts.keys()]).toEqual([
      '识别认定',
      '帮扶措施',
      '风险消除',
      '网格划分',
      '结果',
      '其他',
    ]);
    for (const [kind, text] of texts) {
      expectNothingPrivate(text, village, kind);
      // The 发文字号 as GB/T 9704 writes it: no 「第」.
      expect(text, kind).toMatch(/杨柳村委发〔2026〕\d+号/);
      expect(text, kind).not.toMatch(/〔2026〕第/);
      // The village's own 监督电话 may print.
      expect(text.replace(/\s+/g, ''), kind).toContain(`监督电话：${village.supervisionPhone}`);
    }
    const flat = (kind: string) => texts.get(kind)!.replace(/\s+/g, '');
    // The workers' office phones: on the 网格划分 notice only.
    for (const phone of village.workerPhones) {
      expect(flat('网格划分')).toContain(phone);
      expect(flat('识别认定')).not.toContain(phone);
    }
    expect(flat('识别认定')).toContain('户主甲');
    expect(flat('帮扶措施')).toContain('健康帮扶');
    expect(flat('帮扶措施')).toContain('发展生猪养殖，发放产业奖补');
    expect(flat('帮扶措施')).not.toContain('大病救治');
    expect(flat('风险消除')).toContain('户主庚');
    expect(flat('结果')).toContain('确认为监测对象');
    expect(flat('结果').match(/不予认定/g)).toHaveLength(1);
    expect(flat('结果')).not.toContain('尚未审定');
    expect(flat('网格划分')).toContain('本公示长期有效');
    expect(flat('网格划分')).not.toContain('公示期：');

    // Health measures left off altogether when the setting says so.
    await call('settings.update', {
      notices: { issuerCode: '杨柳村委发', healthMeasures: 'omit' },
    });
    const omitted = await call<NoticeDraft>('notices.draft', { kind: '帮扶措施公示', ...APRIL });
    expect(omitted.measureTexts.some((m) => m.fixed)).toBe(false);
    expect(omitted.table.rows.flat()).not.toContain('健康帮扶');
    const healthRows = measures.measureTexts.filter((m) => m.fixed).length;
    expect(healthRows).toBeGreaterThan(0);
    expect(omitted.table.rows.length).toBe(measures.table.rows.length - healthRows);
  });

  it('shows what the clerk typed that may not print, and refuses to issue it', async () => {
    const village = await buildPrivateVillage(ctx());
    const dir = runtime().dir;
    const [id] = village.ids;
    const phone = village.phones[0]!;
    const measures = await call<NoticeDraft>('notices.draft', { kind: '帮扶措施公示', ...APRIL });
    const industry = measures.measureTexts.find((m) => !m.fixed)!;
    const row = measures.rowKeys.indexOf(industry.key) + 1;
    const input = {
      kind: '帮扶措施公示',
      ...APRIL,
      body: `户主甲（身份证 ${id}，电话 ${phone}）家中老人长期慢性病。监督电话 ${village.supervisionPhone}。`,
      measureTexts: [{ key: industry.key, text: '尿毒症透析报销' }],
    };
    const preview = await call<NoticePreview>('notices.preview', input);
    expect(preview.privacyHits.map((h) => [h.field, h.where, h.what])).toEqual([
      ['body', '正文', '身份证号码或残疾证号'],
      ['body', '正文', '手机号码'],
      ['body', '正文', '健康状况'],
      [`measure:${industry.key}`, `第 ${row} 行措施内容`, '健康状况'],
      [`measure:${industry.key}`, `第 ${row} 行措施内容`, '健康状况'],
    ]);
    // The excerpt shows where, the number masked as lists mask it; never the number itself.
    expect(preview.privacyHits[0]!.excerpt).toContain(maskIdNumber(id!));
    expect(JSON.stringify(preview.privacyHits)).not.toContain(id);
    expect(JSON.stringify(preview.privacyHits)).not.toContain(phone);
    expect(preview.privacyNotes[0]).toMatch(/^正文有身份证号码或残疾证号，公示不能印出，请修改：/);
    // The preview prints the text as typed — nothing is starred out behind the clerk's back.
    const text = pdfText(dir, preview).replace(/\s+/g, '');
    expect(text).not.toContain('***');
    expect(text).toContain('长期慢性病');

    const refused = await fail('notices.issue', input);
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toMatch(
      /^公示中有不宜公开的内容（共 5 处），请修改后再发布：正文有身份证号码/,
    );
    expect(refused.fields?.map((f) => f.path)).toContainEqual(['body']);
    expect(countRows(runtime(), 'notices')).toBe(0);

    // Fixed: issued, with the 监督电话 in the body allowed.
    const fixed = await call<NoticeIssued>('notices.issue', {
      ...input,
      body: `现将帮扶措施公示如下。监督电话 ${village.supervisionPhone}。`,
      measureTexts: [{ key: industry.key, text: '发放产业奖补资金' }],
    });
    expect(fixed.privacyNotes).toEqual([]);
  });

  it('takes the rows from the roster only: a table is refused for a household notice', async () => {
    await buildPrivateVillage(ctx());
    const refused = await fail('notices.preview', {
      kind: '监测对象识别认定公示',
      ...APRIL,
      table: { columns: ['户主姓名', '身份证号'], rows: [['户主甲', '1']] },
    });
    expect(refused.message).toContain('只有其他公示可以自拟表格');
    // Rows are removed by key.
    const draft = await call<NoticeDraft>('notices.draft', {
      kind: '监测对象识别认定公示',
      ...APRIL,
    });
    expect(draft.rowKeys).toHaveLength(draft.table.rows.length);
    const preview = await call<NoticePreview>('notices.preview', {
      kind: '监测对象识别认定公示',
      ...APRIL,
      removedRows: [draft.rowKeys[0]],
    });
    const text = pdfText(runtime().dir, preview);
    expect(text).not.toContain(draft.table.rows[0]![0]);
    expect(text).toContain(draft.table.rows[1]![0]);
    expect(
      (
        await fail('notices.issue', {
          kind: '监测对象识别认定公示',
          ...APRIL,
          removedRows: draft.rowKeys,
        })
      ).message,
    ).toBe('监测对象识别认定公示的名单已全部移除，不能生成');
  });
});

describe('notices: numbers', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call } = callers(ctx);

  it('continues after the highest number ever issued, also after a restore forgot it', async () => {
    await buildPrivateVillage(ctx());
    const input = { kind: '监测对象识别认定公示', ...APRIL };
    const first = await call<NoticeIssued>('notices.issue', input);
    expect(first.number).toBe('〔2026〕1号');
    // The mark outside the database rose with it.
    expect(issuedMark(runtime().dir, 'notice', noticeSequenceKey(2026))).toBe(1);

    // A restore of an older backup: the database knows 1, the mark remembers 7 was posted.
    raiseIssued(runtime().dir, 'notice', noticeSequenceKey(2026), 7);
    await call('settings.update', {
      notices: { issuerCode: '杨柳村委发', healthMeasures: 'generic' },
    });
    const preview = await call<NoticePreview>('notices.preview', input);
    expect([preview.serial, preview.number]).toEqual([8, '杨柳村委发〔2026〕8号']);
    const next = await call<NoticeIssued>('notices.issue', input);
    expect([next.serial, next.number]).toEqual([8, '杨柳村委发〔2026〕8号']);
    expect(issuedMark(runtime().dir, 'notice', noticeSequenceKey(2026))).toBe(8);
    expect(pdfText(runtime().dir, await call('notices.pdf', { id: next.id }))).toContain(
      '杨柳村委发〔2026〕8号',
    );
    // Each keeps the number it was printed with, whatever the code says now.
    const list = await call<NoticeSummary[]>('notices.list', {});
    expect(list.map((n) => n.number)).toEqual(['杨柳村委发〔2026〕8号', '〔2026〕1号']);
    expect((await call<NoticeDetail>('notices.get', { id: first.id })).number).toBe('〔2026〕1号');
    // Another year has its own sequence.
    const other = await call<NoticeIssued>('notices.issue', {
      ...input,
      issueDate: '2027-01-04',
      periodStart: '2027-01-04',
      periodEnd: '2027-01-08',
    });
    expect(other.number).toBe('杨柳村委发〔2027〕1号');
  });
});
