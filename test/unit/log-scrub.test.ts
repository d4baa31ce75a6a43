import { describe, expect, it } from 'vitest';
import { hideHomeFolder, scrub } from '../../electron/services/log/scrub';

describe('scrub: no ID number, phone or bank card in a log line', () => {
  it.each([
    ['an 18-character ID', '导入失败 110105194912310021 重复', '导入失败 [身份证号] 重复'],
    ['an ID ending in X', '身份证号 11010519491231002X 不对', '身份证号 [身份证号] 不对'],
    ['an ID ending in lower-case x', 'id=11010519491231002x;', 'id=[身份证号];'],
    ['an ID stuck to letters', 'ID110105194912310021号', 'ID[身份证号]号'],
    ['an ID inside JSON', '{"idNumber":"110105194912310021"}', '{"idNumber":"[身份证号]"}'],
    ['a 20-character disability number', '残疾证 11010519491231002142', '残疾证 [身份证号]'],
    ['a 15-digit old ID', '旧证 110105491231002', '旧证 [身份证号]'],
    ['a mobile', '联系 13800138000。', '联系 [手机号]。'],
    ['a mobile with spaces', '电话 138 0013 8000', '电话 [手机号]'],
    ['a mobile with dashes', '电话 138-0013-8000', '电话 [手机号]'],
    ['a mobile with +86', 'tel:+86 13800138000', 'tel:[手机号]'],
    ['a mobile with +86 and dashes', '+86-138-0013-8000', '[手机号]'],
    ['a mobile with 86', '8613800138000', '[手机号]'],
    ['a mobile in a table name', 'no such table: t_13912345678', 'no such table: t_[手机号]'],
    ['a landline with a dash', '监督电话 0871-1234567', '监督电话 [电话]'],
    ['a landline with a space', '办公室 010 87654321', '办公室 [电话]'],
    ['a landline in brackets', '（0871）1234567', '[电话]'],
    ['a 16-digit bank card', '卡号 6222021234567890', '卡号 [银行卡号]'],
    ['a 19-digit bank card', '卡号 6222021234567890123', '卡号 [银行卡号]'],
    ['a bank card in groups', '卡号 6222 0212 3456 7890', '卡号 [银行卡号]'],
    ['full-width digits', '手机１３８００１３８０００', '手机[手机号]'],
    // Issue 14 item 1: numbers as clerks write them in free text.
    [
      'an ID grouped 6-8-4 with spaces',
      '身份证 532529 19570420 4350 已核',
      '身份证 [身份证号] 已核',
    ],
    ['an ID grouped with hyphens', '证号532529-1957-0420-4350', '证号[身份证号]'],
    ['an ID grouped with full-width dashes', '532529－19570420－4350', '[身份证号]'],
    ['an ID in full-width digits', '５３２５２９１９５７０４２０４３５Ｘ', '[身份证号]'],
    ['an ID ending in X', '53252919570420435X。', '[身份证号]。'],
    ['an ID ending in x', '53252919570420435x', '[身份证号]'],
    ['an ID grouped with dots', '532529.19570420.4350', '[身份证号]'],
    ['an ID grouped with ideographic spaces', '532529\u300019570420\u30004350', '[身份证号]'],
    ['a mobile with full-width dashes', '电话157－6779－5596', '电话[手机号]'],
    ['a mobile with em dashes', '电话157—6779—5596', '电话[手机号]'],
    ['a mobile in full-width digits', '１５７６７７９５５９６', '[手机号]'],
    ['a mobile with dots', '手机 157.6779.5596。', '手机 [手机号]。'],
    ['a mobile with full-width dots', '157．6779．5596', '[手机号]'],
    ['two mobiles side by side', '13800138000 13900139000', '[手机号] [手机号]'],
    ['a landline with a full-width dash', '０８７１－６１２３４５６', '[电话]'],
    [
      'several in one stack line',
      '    at insert (110105194912310021, 13800138000)',
      '    at insert ([身份证号], [手机号])',
    ],
  ])('replaces %s', (_what, text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it.each([
    ['an ISO time', '2026-11-23T04:00:00.000Z'],
    ['a log time', '2026-11-23 12:00:00.123 INFO  程序已启动'],
    ['a file stamp', '升级前-20261123-040000-v4.db'],
    ['a schema version', '结构版本 v4'],
    ['a loopback address with its port', 'http://127.0.0.1:53211/api/grids.tree'],
    ['a count with a thousands separator', '36,972 户'],
    ['a file size', '数据库 12.5 MB（13,107,200 字节），页数 3,200'],
    ['an epoch in milliseconds', 'when 1795364691866'],
    ['a masked ID', '110105********0021'],
    ['a masked phone', '138****8000'],
    ['a version triple', 'SQLite 3.53.4, Electron 39.2.1'],
    ['a date range', '2026-01-01 至 2026-12-31'],
    ['an 8-digit date', '20261123'],
    ['a dotted date', '2026.11.23'],
    ['a decimal amount', '补助 1380.50 元'],
    ['a 档号', 'Z109-WS·2023-D30-BGS-0001'],
  ])('keeps %s', (_what, text) => {
    expect(scrub(text)).toBe(text);
  });
});

describe('hideHomeFolder', () => {
  it('shows a Linux home folder as ~, only as a whole path part', () => {
    const home = '/home/zhangsan';
    expect(hideHomeFolder('数据文件夹 /home/zhangsan/.config/台账', home)).toBe(
      '数据文件夹 ~/.config/台账',
    );
    expect(hideHomeFolder('/home/zhangsan', home)).toBe('~');
    expect(hideHomeFolder('/home/zhangsanfeng/x', home)).toBe('/home/zhangsanfeng/x');
  });

  it('shows a Windows home folder as ~ in either slash style and any case', () => {
    const home = 'C:\\Users\\张三';
    expect(hideHomeFolder('C:\\Users\\张三\\AppData\\Roaming\\村级网格台账', home)).toBe(
      '~\\AppData\\Roaming\\村级网格台账',
    );
    expect(hideHomeFolder('file:///c:/users/张三/AppData', home)).toBe('file:///~/AppData');
    expect(hideHomeFolder('C:\\Users\\张三丰\\x', home)).toBe('C:\\Users\\张三丰\\x');
  });
});
