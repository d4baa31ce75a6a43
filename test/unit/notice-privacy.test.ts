import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskSensitiveText } from '../../electron/api/id-number';
import { resolvePrintFonts } from '../../electron/documents/pdf/fonts';
import { renderNotice } from '../../electron/services/notices/notice-pdf';
import {
  PrivacyReport,
  scrubTable,
  scrubText,
  scrubWorkerPhone,
} from '../../electron/services/notices/privacy';
import { validId } from '../fixtures/people';
import { makeTempDir } from '../fixtures/temp-dir';

const ID = validId('19700101', '001'); // 532529197001010011 + check
const ID_PATTERN = /\d{17}[\dXx]|\d{15}/;
const MOBILE_PATTERN = /1[3-9]\d{9}/;
const HEALTH_PATTERN = /长期慢性病|患有大病|慢性病|残疾/;

describe('maskSensitiveText (shared by sheets, the audit trail and notices)', () => {
  it('masks IDs and phones as lists show them', () => {
    expect(maskSensitiveText(`联系其子 13800138000，身份证 ${ID} 已核对`)).toBe(
      `联系其子 138****8000，身份证 ${ID.slice(0, 6)}********${ID.slice(-4)} 已核对`,
    );
    expect(maskSensitiveText('办公室 0871-6123456')).toBe('办公室 0871-***3456');
  });

  it('finds an ID stuck to letters or followed by them, and disability and old IDs', () => {
    expect(maskSensitiveText(`ID${ID}号`)).toBe(`ID${ID.slice(0, 6)}********${ID.slice(-4)}号`);
    expect(maskSensitiveText(`证${ID}abc`)).not.toContain(ID);
    expect(maskSensitiveText(`残疾证 ${ID}42`)).toBe(
      `残疾证 ${ID.slice(0, 6)}${'*'.repeat(10)}${ID.slice(-2)}42`,
    );
    expect(maskSensitiveText(`残疾证 ${ID}42B1`)).not.toMatch(/\d{10}/);
    expect(maskSensitiveText('旧证 532529700101001')).toBe('旧证 532529*****1001');
  });

  it('finds phones written with spaces, dashes, +86 or brackets', () => {
    for (const phone of ['138 0013 8000', '138-0013-8000', '+86 13800138000', '8613800138000']) {
      expect(maskSensitiveText(`电话${phone}`), phone).toBe('电话138****8000');
    }
    expect(maskSensitiveText('(0871)6123456')).not.toContain('6123456');
    expect(maskSensitiveText('（0871）6123456')).not.toContain('6123456');
  });

  it('leaves dates, amounts and longer digit runs alone', () => {
    const text = '2026-04-30 至 2026-05-06，补助 3000 元，订单 622202123456789012345678';
    expect(maskSensitiveText(text)).toBe(text);
  });
});

describe('notice scrubbing', () => {
  it('removes every private number and the health words from household text', () => {
    const report = new PrivacyReport();
    const text = [
      `身份证${ID}`,
      '手机 139 1234 5678',
      '座机 0871-6123456',
      '银行卡 6222021234567890123',
      '卡号 6222 0212 3456 7890 123',
      '全角 １３９１２３４５６７８',
      '家中老人长期慢性病，儿子残疾，妻子患有大病',
      '公示期 2026-05-06 至 2026-05-10',
    ].join('\n');
    const scrubbed = scrubText(text, 'household', report);
    expect(scrubbed).not.toMatch(ID_PATTERN);
    expect(scrubbed).not.toMatch(MOBILE_PATTERN);
    expect(scrubbed).not.toMatch(/6123456|6222|3456 7890/);
    expect(scrubbed).not.toMatch(HEALTH_PATTERN);
    expect(scrubbed).toContain('公示期 2026-05-06 至 2026-05-10');
    expect(scrubbed).toContain('家中老人***，儿子***，妻子***');
    expect(report.notes()).toEqual([
      '已隐去 1 处身份证号码或残疾证号、2 处手机号码、1 处固定电话、2 处银行卡号、3 处健康状况',
    ]);
  });

  it('keeps health words in the public level (duties of workers), never numbers', () => {
    expect(scrubText(`负责残疾人帮扶，${ID}`, 'public')).toBe('负责残疾人帮扶，***');
  });

  it('keeps only the allowed columns and a worker’s own phone in the phone column', () => {
    const report = new PrivacyReport();
    const table = scrubTable(
      {
        columns: ['序号', '身份证号', '户主姓名', '备注', '户主姓名'],
        rows: [['9', ID, '张三', `电话13912345678`, '重复列']],
      },
      { allowed: ['户主姓名', '备注'], level: 'household', report },
    );
    expect(table).toEqual({ columns: ['户主姓名', '备注'], rows: [['张三', '电话***']] });
    expect(report.notes()).toEqual(['已去掉不允许公示的列：身份证号', '已隐去 1 处手机号码']);

    const workers = new Set(['13800138000', '0871-6123456']);
    expect(scrubWorkerPhone('13800138000', workers)).toBe('13800138000');
    expect(scrubWorkerPhone('0871-6123456', workers)).toBe('0871-6123456');
    expect(scrubWorkerPhone('13912345678', workers)).toBe('***');
    expect(scrubWorkerPhone('6222021234567890123', workers)).toBe('***');
    expect(scrubWorkerPhone('12345', workers)).toBe('***');
    expect(scrubWorkerPhone('', workers)).toBe('');
  });

  it('leaves nothing private in the printed PDF (pdftotext)', async () => {
    const temp = makeTempDir('vl-privacy-');
    try {
      const report = new PrivacyReport();
      const table = scrubTable(
        {
          columns: ['户主姓名', '所在组', '家庭人口', '监测类别', '备注', '身份证号码'],
          rows: Array.from({ length: 40 }, (_, i) => [
            `农户${i + 1}`,
            '一组',
            '3',
            '边缘易致贫户',
            i % 2
              ? `联系 1391234${String(5000 + i)}，长期慢性病`
              : `身份证 ${validId('19800101', String(100 + i))}`,
            validId('19800101', String(100 + i)),
          ]),
        },
        {
          allowed: ['户主姓名', '所在组', '家庭人口', '监测类别', '备注'],
          level: 'household',
          report,
        },
      );
      const rendered = await renderNotice(
        {
          title: scrubText(`识别认定公示（${ID}）`, 'household'),
          number: '〔2026〕第1号',
          body: scrubText(`农户${ID}，电话13912345678，患有大病。`, 'household'),
          table: {
            columns: ['序号', ...table.columns],
            rows: table.rows.map((r, i) => [String(i + 1), ...r]),
          },
          word: '公示',
          periodStart: '2026-05-06',
          periodEnd: '2026-05-10',
          supervisionPhone: '',
          issuer: '杨柳村村民委员会',
          issueDate: '2026-05-06',
        },
        resolvePrintFonts({ title: 'noto-sans', body: 'noto-sans' }, null),
      );
      const file = path.join(temp.dir, 'notice.pdf');
      fs.writeFileSync(file, rendered.buffer);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain('农户40');
      expect(text).not.toMatch(ID_PATTERN);
      expect(text).not.toMatch(MOBILE_PATTERN);
      expect(text).not.toMatch(HEALTH_PATTERN);
      expect(text).not.toContain('身份证号码');
    } finally {
      temp.cleanup();
    }
  });
});
