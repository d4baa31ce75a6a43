import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameError, holdsBytes } from '../../electron/api/frame';

describe('api/frame: file bytes beside JSON', () => {
  it('round-trips a value with bytes at any depth, byte for byte', () => {
    const a = new Uint8Array([0, 1, 2, 255]);
    const b = Buffer.from('第二个文件');
    const value = { ok: true, result: { fileName: '表.xlsx', data: a, parts: [b, 'x', 3, null] } };
    const back = decodeFrame(encodeFrame(value)) as typeof value;
    expect(back.ok).toBe(true);
    expect(back.result.fileName).toBe('表.xlsx');
    expect([...back.result.data]).toEqual([0, 1, 2, 255]);
    expect(Buffer.from(back.result.parts[0] as Uint8Array).toString()).toBe('第二个文件');
    expect(back.result.parts.slice(1)).toEqual(['x', 3, null]);
  });

  it('says whether a value holds bytes', () => {
    expect(holdsBytes({ a: [{ b: new Uint8Array(0) }] })).toBe(true);
    expect(holdsBytes({ a: [{ b: 'AAAA' }], c: null })).toBe(false);
  });

  it('refuses a frame whose lengths do not add up, or that is not a frame', () => {
    const frame = encodeFrame({ data: new Uint8Array(8) });
    expect(() => decodeFrame(frame.subarray(0, frame.length - 1))).toThrow(FrameError);
    const longer = new Uint8Array(frame.length + 1);
    longer.set(frame);
    expect(() => decodeFrame(longer)).toThrow(FrameError);
    expect(() => decodeFrame(new TextEncoder().encode('{"id":1}'))).toThrow(FrameError);
  });

  it('keeps "__proto__" an own key instead of changing the prototype', () => {
    const header = new TextEncoder().encode('{"value":{"__proto__":{"polluted":1}},"sizes":[]}');
    const frame = new Uint8Array(8 + header.length);
    frame.set([0x56, 0x4c, 0x46, 0x31]);
    new DataView(frame.buffer).setUint32(4, header.length);
    frame.set(header, 8);
    const value = decodeFrame(frame) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
