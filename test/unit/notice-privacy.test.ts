import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskSensitiveText } from '../../electron/api/id-number';
import { resolvePrintFonts } from '../../electron/documents/pdf/fonts';
import { renderNotice } from '../../electron/services/notices/notice-pdf';
import { allowedNumbers, findPrivate, PrivacyScan } from '../../electron/services/notices/privacy';
import { validId } from '../fixtures/people';
import { makeTempDir } from '../fixtures/temp-dir';

const ID = validId('19700101', '001'); // 532529197001010011 + check

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

  it('masks IDs and phones written with blanks, dashes, dots or full-width digits (issue 14)', () => {
    const masked = `${ID.slice(0, 6)}********${ID.slice(-4)}`;
    const grouped = `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`;
    const fullWidth = ID.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    for (const written of [grouped, grouped.replaceAll(' ', '－'), fullWidth]) {
      expect(maskSensitiveText(`身份证 ${written} 已核对`), written).toBe(
        `身份证 ${masked} 已核对`,
      );
    }
    for (const phone of [
      '157－6779－5596',
      '157.6779.5596',
      '１５７６７７９５５９６',
      '157 6779 5596',
    ]) {
      expect(maskSensitiveText(`电话${phone}`), phone).toBe('电话157****5596');
    }
  });

  it('leaves dates, amounts and longer digit runs alone', () => {
    const text = '2026-04-30 至 2026-05-06，补助 3000 元，订单 622202123456789012345678';
    expect(maskSensitiveText(text)).toBe(text);
  });
});

describe('notice privacy scanner (docs/domain.md §4: hits shown, never starred out)', () => {
  const kinds = (
    text: string,
    level: 'household' | 'public' = 'household',
    allowed?: Set<string>,
  ) => findPrivate(text, level, allowed).map((m) => [m.kind, m.value]);

  it('finds every private number and the health words in household text, in order', () => {
    const text = [
      `身份证${ID}`,
      '手机 139 1234 5678',
      '座机 0871-6123456',
      '银行卡 6222021234567890123',
      '卡号 6222 0212 3456 7890 123',
      '全角 １３９１２３４５６７８',
      '家中老人长期慢性病，儿子残疾，妻子患有大病，尿毒症透析',
      '公示期 2026-05-06 至 2026-05-10，补助 3000 元，热线 12317',
    ].join('\n');
    expect(kinds(text)).toEqual([
      ['id', ID],
      ['mobile', '139 1234 5678'],
      ['landline', '0871-6123456'],
      ['bankCard', '6222021234567890123'],
      ['bankCard', '6222 0212 3456 7890 123'],
      ['mobile', '13912345678'],
      ['health', '长期慢性病'],
      ['health', '残疾'],
      ['health', '患有大病'],
      ['health', '尿毒症'],
      ['health', '透析'],
    ]);
  });

  it('lets the allowed numbers through, however they are written', () => {
    const allowed = allowedNumbers('0871-6123456、12317', ['13800138000']);
    expect(kinds('监督电话 (0871)6123456，网格员 138 0013 8000', 'public', allowed)).toEqual([]);
    expect(kinds('户主电话 13912345678', 'public', allowed)).toEqual([['mobile', '13912345678']]);
    // Health words are about households: a worker's duty may name 残疾人.
    expect(kinds('负责残疾人帮扶', 'public')).toEqual([]);
    expect(kinds('负责残疾人帮扶')).toEqual([['health', '残疾']]);
  });

  it('says where and what, with the number masked as lists mask it', () => {
    const scan = new PrivacyScan('household', allowedNumbers('0871-6123456'));
    scan.check('title', '标题', '识别认定公示');
    scan.check(
      'body',
      '正文',
      `经核实，户主张三（电话 13912345678）家中困难，监督电话 0871-6123456。`,
    );
    scan.check('measure:m3', '第 2 行措施内容', '尿毒症透析报销');
    expect(scan.hits).toEqual([
      {
        field: 'body',
        where: '正文',
        what: '手机号码',
        excerpt: '…实，户主张三（电话 139****5678）家中困难，监督电话…',
      },
      {
        field: 'measure:m3',
        where: '第 2 行措施内容',
        what: '健康状况',
        excerpt: '尿毒症透析报销',
      },
      {
        field: 'measure:m3',
        where: '第 2 行措施内容',
        what: '健康状况',
        excerpt: '尿毒症透析报销',
      },
    ]);
    expect(scan.notes()[0]).toBe(
      '正文有手机号码，公示不能印出，请修改：「…实，户主张三（电话 139****5678）家中困难，监督电话…」',
    );
  });

  it('prints the text as given: nothing is replaced in the PDF (pdftotext)', async () => {
    const temp = makeTempDir('vl-privacy-');
    try {
      const rendered = await renderNotice(
        {
          title: '识别认定公示',
          number: '〔2026〕1号',
          body: '农户家中困难，现予以公示。',
          table: {
            columns: ['序号', '户主姓名', '所在组'],
            rows: Array.from({ length: 40 }, (_, i) => [String(i + 1), `农户${i + 1}`, '一组']),
          },
          word: '公示',
          periodStart: '2026-05-06',
          periodEnd: '2026-05-10',
          supervisionPhone: '0871-6123456',
          issuer: '杨柳村村民委员会',
          issueDate: '2026-05-06',
        },
        resolvePrintFonts({ title: 'noto-sans', body: 'noto-sans' }, null),
      );
      const file = path.join(temp.dir, 'notice.pdf');
      fs.writeFileSync(file, rendered.buffer);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain('农户40');
      expect(text).toContain('监督电话：0871-6123456');
      expect(text).not.toContain('***');
    } finally {
      temp.cleanup();
    }
  });
});
