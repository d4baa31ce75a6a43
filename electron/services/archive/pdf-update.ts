/**
 * Adds drawing to the first page of an existing PDF as an incremental update (ISO 32000-1
 * §7.5.6): the original bytes are kept whole and unchanged at the start of the result, and new
 * objects, a replaced page object, a new cross-reference section and a trailer pointing back
 * (/Prev) are appended. This is how the 归档章 goes onto the exported copy: it costs a read
 * of the file's tail and a few small objects per item (a full parse and rewrite with pdf-lib
 * takes milliseconds per file), and whoever has the filed original can see that the exported
 * copy begins with exactly those bytes.
 *
 * It understands files with a classic cross-reference table (pdfkit, most office software and
 * the app's own image pages). Anything else (cross-reference streams and object streams,
 * hybrid files, damaged offsets) raises PdfStructureError; the caller then rewrites the file in
 * classic form with pdf-lib and appends to that instead.
 */

export class PdfStructureError extends Error {}

type Value =
  | { kind: 'dict'; start: number; end: number; entries: Map<string, Value>; order: string[] }
  | { kind: 'array'; start: number; end: number; items: Value[] }
  | { kind: 'ref'; start: number; end: number; num: number; gen: number }
  | { kind: 'number'; start: number; end: number; value: number }
  | { kind: 'name'; start: number; end: number; name: string }
  | { kind: 'other'; start: number; end: number };

const isWhite = (c: number) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const DELIMITERS = new Set([...'()<>[]{}/%'].map((ch) => ch.charCodeAt(0)));
const isRegular = (c: number) => !isWhite(c) && !DELIMITERS.has(c);

/** A PDF object lexer over the file's bytes (latin1: one byte, one character). */
class Lexer {
  constructor(
    readonly bytes: Buffer,
    public pos: number,
  ) {}

  private peek(offset = 0): number {
    return this.bytes[this.pos + offset] ?? -1;
  }

  skipWhite(): void {
    for (;;) {
      const c = this.peek();
      if (c === -1) return;
      if (isWhite(c)) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < this.bytes.length && this.peek() !== 0x0a && this.peek() !== 0x0d)
          this.pos++;
      } else return;
    }
  }

  /** A bare word (keyword or number) at the cursor, without moving it. */
  word(): string {
    let end = this.pos;
    while (end < this.bytes.length && isRegular(this.bytes[end]!)) end++;
    return this.bytes.toString('latin1', this.pos, end);
  }

  expectWord(expected: string): void {
    this.skipWhite();
    const word = this.word();
    if (word !== expected) throw new PdfStructureError(`expected ${expected} at ${this.pos}`);
    this.pos += word.length;
  }

  integer(): number {
    this.skipWhite();
    const word = this.word();
    if (!/^\d+$/.test(word)) throw new PdfStructureError(`expected an integer at ${this.pos}`);
    this.pos += word.length;
    return Number(word);
  }

  value(depth = 0): Value {
    if (depth > 64) throw new PdfStructureError('objects nested too deep');
    this.skipWhite();
    const start = this.pos;
    const c = this.peek();
    if (c === -1) throw new PdfStructureError('unexpected end of file');
    if (c === 0x3c /* < */ && this.peek(1) === 0x3c) {
      this.pos += 2;
      const entries = new Map<string, Value>();
      const order: string[] = [];
      for (;;) {
        this.skipWhite();
        if (this.peek() === 0x3e && this.peek(1) === 0x3e) {
          this.pos += 2;
          return { kind: 'dict', start, end: this.pos, entries, order };
        }
        const key = this.value(depth + 1);
        if (key.kind !== 'name')
          throw new PdfStructureError(`dictionary key expected at ${key.start}`);
        const value = this.value(depth + 1);
        if (!entries.has(key.name)) order.push(key.name);
        entries.set(key.name, value);
      }
    }
    if (c === 0x3c) {
      const close = this.bytes.indexOf(0x3e, this.pos);
      if (close < 0) throw new PdfStructureError('unterminated hex string');
      this.pos = close + 1;
      return { kind: 'other', start, end: this.pos };
    }
    if (c === 0x28 /* ( */) {
      let nesting = 0;
      while (this.pos < this.bytes.length) {
        const ch = this.bytes[this.pos++]!;
        if (ch === 0x5c /* \ */) this.pos++;
        else if (ch === 0x28) nesting++;
        else if (ch === 0x29 && --nesting === 0) return { kind: 'other', start, end: this.pos };
      }
      throw new PdfStructureError('unterminated string');
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      const items: Value[] = [];
      for (;;) {
        this.skipWhite();
        if (this.peek() === 0x5d) {
          this.pos++;
          return { kind: 'array', start, end: this.pos, items };
        }
        items.push(this.value(depth + 1));
      }
    }
    if (c === 0x2f /* / */) {
      this.pos++;
      const word = this.word();
      this.pos += word.length;
      const name = word.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
      return { kind: 'name', start, end: this.pos, name };
    }
    const word = this.word();
    if (word.length === 0) throw new PdfStructureError(`unexpected byte at ${this.pos}`);
    this.pos += word.length;
    if (/^\d+$/.test(word)) {
      // "12 0 R" is a reference: look ahead without committing.
      const save = this.pos;
      this.skipWhite();
      const gen = this.word();
      if (/^\d+$/.test(gen)) {
        this.pos += gen.length;
        this.skipWhite();
        if (this.word() === 'R') {
          this.pos += 1;
          return { kind: 'ref', start, end: this.pos, num: Number(word), gen: Number(gen) };
        }
      }
      this.pos = save;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      return { kind: 'number', start, end: this.pos, value: Number(word) };
    }
    return { kind: 'other', start, end: this.pos };
  }
}

interface XrefEntry {
  offset: number;
  gen: number;
}

/** The parts of the original file the update needs. */
interface Parsed {
  bytes: Buffer;
  startxref: number;
  trailer: Extract<Value, { kind: 'dict' }>;
  size: number;
  offsets: Map<number, XrefEntry>;
}

function lastStartxref(bytes: Buffer): number {
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048));
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw new PdfStructureError('no startxref');
  const match = /^startxref\s+(\d+)/.exec(tail.toString('latin1', at, at + 40));
  if (!match) throw new PdfStructureError('bad startxref');
  return Number(match[1]);
}

function parse(bytes: Buffer): Parsed {
  const startxref = lastStartxref(bytes);
  const offsets = new Map<number, XrefEntry>();
  let trailer: Extract<Value, { kind: 'dict' }> | null = null;
  let size = 0;
  const visited = new Set<number>();
  let at: number | null = startxref;
  while (at !== null) {
    if (visited.has(at) || at >= bytes.length) throw new PdfStructureError('bad xref chain');
    visited.add(at);
    const lexer: Lexer = new Lexer(bytes, at);
    lexer.skipWhite();
    if (lexer.word() !== 'xref') throw new PdfStructureError('not a classic xref table');
    lexer.pos += 4;
    for (;;) {
      lexer.skipWhite();
      if (lexer.word() === 'trailer') break;
      const first = lexer.integer();
      const count = lexer.integer();
      for (let i = 0; i < count; i++) {
        const offset = lexer.integer();
        const gen = lexer.integer();
        lexer.skipWhite();
        const type = lexer.word();
        if (type !== 'n' && type !== 'f') throw new PdfStructureError('bad xref entry');
        lexer.pos += 1;
        const num = first + i;
        // The newest section is read first: it wins.
        if (!offsets.has(num))
          offsets.set(num, type === 'n' ? { offset, gen } : { offset: -1, gen });
      }
    }
    lexer.pos += 'trailer'.length;
    const dict: Value = lexer.value();
    if (dict.kind !== 'dict') throw new PdfStructureError('bad trailer');
    if (dict.entries.has('XRefStm')) throw new PdfStructureError('hybrid file');
    if (dict.entries.has('Encrypt')) throw new PdfStructureError('encrypted');
    trailer ??= dict;
    const sizeValue = dict.entries.get('Size');
    if (sizeValue?.kind === 'number') size = Math.max(size, sizeValue.value);
    const prev: Value | undefined = dict.entries.get('Prev');
    at = prev?.kind === 'number' ? prev.value : null;
  }
  if (!trailer) throw new PdfStructureError('no trailer');
  for (const num of offsets.keys()) size = Math.max(size, num + 1);
  return { bytes, startxref, trailer, size, offsets };
}

class Resolver {
  constructor(private readonly parsed: Parsed) {}

  object(num: number): Value {
    const entry = this.parsed.offsets.get(num);
    if (!entry || entry.offset < 0) throw new PdfStructureError(`object ${num} missing`);
    const lexer = new Lexer(this.parsed.bytes, entry.offset);
    if (lexer.integer() !== num) throw new PdfStructureError(`object ${num} not at its offset`);
    lexer.integer();
    lexer.expectWord('obj');
    return lexer.value();
  }

  resolve(value: Value | undefined): Value | undefined {
    let current = value;
    for (let hops = 0; current?.kind === 'ref'; hops++) {
      if (hops > 16) throw new PdfStructureError('reference loop');
      current = this.object(current.num);
    }
    return current;
  }

  dict(value: Value | undefined): Extract<Value, { kind: 'dict' }> | undefined {
    const resolved = this.resolve(value);
    if (resolved === undefined) return undefined;
    if (resolved.kind !== 'dict') throw new PdfStructureError('dictionary expected');
    return resolved;
  }

  raw(value: Value): string {
    return this.parsed.bytes.toString('latin1', value.start, value.end);
  }

  numbers(value: Value | undefined): number[] | undefined {
    const resolved = this.resolve(value);
    if (resolved?.kind !== 'array') return undefined;
    return resolved.items.map((item) => {
      const n = this.resolve(item);
      if (n?.kind !== 'number') throw new PdfStructureError('number expected');
      return n.value;
    });
  }
}

/** The first page: its object, and the attributes it has or inherits from the page tree. */
interface FirstPage {
  num: number;
  gen: number;
  dict: Extract<Value, { kind: 'dict' }>;
  resources: Extract<Value, { kind: 'dict' }> | undefined;
  box: [number, number, number, number];
  rotate: number;
}

function firstPage(parsed: Parsed, resolver: Resolver): FirstPage {
  const catalog = resolver.dict(parsed.trailer.entries.get('Root'));
  let nodeRef = catalog?.entries.get('Pages');
  const inherited: { resources?: Value; mediaBox?: Value; cropBox?: Value; rotate?: Value } = {};
  for (let depth = 0; depth < 32; depth++) {
    if (nodeRef?.kind !== 'ref') throw new PdfStructureError('page tree node is not a reference');
    const node = resolver.dict(nodeRef);
    if (!node) throw new PdfStructureError('page tree node missing');
    inherited.resources = node.entries.get('Resources') ?? inherited.resources;
    inherited.mediaBox = node.entries.get('MediaBox') ?? inherited.mediaBox;
    inherited.cropBox = node.entries.get('CropBox') ?? inherited.cropBox;
    inherited.rotate = node.entries.get('Rotate') ?? inherited.rotate;
    const kids = resolver.resolve(node.entries.get('Kids'));
    if (kids === undefined) {
      const media = resolver.numbers(inherited.mediaBox);
      if (!media || media.length !== 4) throw new PdfStructureError('no MediaBox');
      const crop = resolver.numbers(inherited.cropBox);
      const box = (crop?.length === 4 ? crop : media) as [number, number, number, number];
      const rotateValue = resolver.resolve(inherited.rotate);
      const rotate = rotateValue?.kind === 'number' ? rotateValue.value : 0;
      return {
        num: nodeRef.num,
        gen: nodeRef.gen,
        dict: node,
        resources: resolver.dict(inherited.resources),
        box: [
          Math.min(box[0], box[2]),
          Math.min(box[1], box[3]),
          Math.max(box[0], box[2]),
          Math.max(box[1], box[3]),
        ],
        rotate: (((Math.round(rotate / 90) * 90) % 360) + 360) % 360,
      };
    }
    if (kids.kind !== 'array' || kids.items.length === 0)
      throw new PdfStructureError('empty page tree');
    nodeRef = kids.items[0];
  }
  throw new PdfStructureError('page tree too deep');
}

/** What the first page looks like to a reader: the visible size, after /Rotate. */
export interface PageView {
  width: number;
  height: number;
}

/**
 * A new object for the update. `body` is the object's content (a dictionary, or a stream
 * dictionary without /Length plus `stream` bytes, deflated when `deflated`). References to other
 * new objects are written as `@k` (k = index in the list) and replaced by their numbers.
 */
export interface NewObject {
  body: string;
  stream?: Buffer;
  deflated?: boolean;
}

/**
 * Appends `objects` and a content stream drawn by `draw` (given the page as seen, it returns
 * content operators in that view's coordinates, origin bottom-left, and the resource name under
 * which the font is available) to the first page. The font resource named `fontResource`
 * points to new object @0.
 */
export function appendToFirstPage(
  original: Buffer,
  objects: readonly NewObject[],
  draw: (view: PageView, fontName: string) => string,
): Buffer {
  const parsed = parse(original);
  const resolver = new Resolver(parsed);
  const page = firstPage(parsed, resolver);

  const base = parsed.size;
  const ref = (index: number) => `${base + index} 0 R`;
  const link = (text: string) => text.replace(/@(\d+)/g, (_, k: string) => ref(Number(k)));

  // The font goes into a copy of the page's (possibly inherited) resources, under a name the
  // page does not use yet.
  const resourceEntries = page.resources ? [...page.resources.order] : [];
  const fonts = page.resources ? resolver.dict(page.resources.entries.get('Font')) : undefined;
  let fontName = 'VLStamp';
  for (let n = 1; fonts?.entries.has(fontName); n++) fontName = `VLStamp${n}`;
  const fontDict =
    '<<' +
    (fonts
      ? fonts.order.map((k) => ` /${k} ${resolver.raw(fonts.entries.get(k)!)}`).join('')
      : '') +
    ` /${fontName} ${ref(0)} >>`;
  const resources =
    '<<' +
    resourceEntries
      .filter((k) => k !== 'Font')
      .map((k) => ` /${k} ${resolver.raw(page.resources!.entries.get(k)!)}`)
      .join('') +
    ` /Font ${fontDict} >>`;

  // The original content is wrapped in q … Q, so whatever graphics state it leaves behind
  // (a moved origin, a clip) does not move or hide the stamp.
  const contentsValue = page.dict.entries.get('Contents');
  const contents = resolver.resolve(contentsValue);
  const originalContents =
    contents?.kind === 'array'
      ? contents.items.map((item) => resolver.raw(item))
      : contentsValue?.kind === 'ref'
        ? [resolver.raw(contentsValue)]
        : [];
  const [x0, y0, x1, y1] = page.box;
  const rotated = page.rotate === 90 || page.rotate === 270;
  const view: PageView = rotated
    ? { width: y1 - y0, height: x1 - x0 }
    : { width: x1 - x0, height: y1 - y0 };
  // Maps the view (what the reader shows, origin bottom-left) onto the page's user space.
  const matrix = {
    0: [1, 0, 0, 1, x0, y0],
    90: [0, 1, -1, 0, x1, y0],
    180: [-1, 0, 0, -1, x1, y1],
    270: [0, -1, 1, 0, x0, y1],
  }[page.rotate as 0 | 90 | 180 | 270];
  const drawing = `\nQ\nq\n${matrix.map((n) => +n.toFixed(4)).join(' ')} cm\n${draw(view, fontName)}\nQ\n`;

  const all: NewObject[] = [
    ...objects,
    // Left uncompressed: a couple of KB, and a zlib context per stream would cost more than
    // the rest of the update (measured: deflating them was a sixth of the export's time).
    { body: '<<>>', stream: Buffer.from('q\n', 'latin1') },
    { body: '<<>>', stream: Buffer.from(drawing, 'latin1') },
  ];
  const openIndex = objects.length;
  const pageDict =
    '<<' +
    page.dict.order
      .filter((k) => k !== 'Contents' && k !== 'Resources')
      .map((k) => ` /${k} ${resolver.raw(page.dict.entries.get(k)!)}`)
      .join('') +
    ` /Resources ${resources} /Contents [${ref(openIndex)} ${originalContents.join(' ')} ${ref(openIndex + 1)}] >>`;

  const parts: Buffer[] = [original];
  let offset = original.length;
  const push = (buffer: Buffer) => {
    parts.push(buffer);
    offset += buffer.length;
  };
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n', 'latin1'));

  const newOffsets: number[] = [];
  all.forEach((object, index) => {
    newOffsets.push(offset);
    const body = link(object.body);
    if (object.stream) {
      // A stream's dictionary gets its /Length (and /Filter when deflated).
      const dict = body.replace(
        />>\s*$/,
        ` /Length ${object.stream.length}${object.deflated ? ' /Filter /FlateDecode' : ''} >>`,
      );
      push(Buffer.from(`${base + index} 0 obj\n${dict}\nstream\n`, 'latin1'));
      push(object.stream);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else {
      push(Buffer.from(`${base + index} 0 obj\n${body}\nendobj\n`, 'latin1'));
    }
  });
  const pageOffset = offset;
  push(Buffer.from(`${page.num} ${page.gen} obj\n${pageDict}\nendobj\n`, 'latin1'));

  const xrefOffset = offset;
  const entry = (at: number, gen: number) =>
    `${String(at).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
  const trailerKeys = ['Root', 'Info', 'ID']
    .filter((k) => parsed.trailer.entries.has(k))
    .map((k) => ` /${k} ${resolver.raw(parsed.trailer.entries.get(k)!)}`)
    .join('');
  push(
    Buffer.from(
      `xref\n${page.num} 1\n${entry(pageOffset, page.gen)}${base} ${all.length}\n` +
        newOffsets.map((at) => entry(at, 0)).join('') +
        `trailer\n<< /Size ${base + all.length}${trailerKeys} /Prev ${parsed.startxref} >>\n` +
        `startxref\n${xrefOffset}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}
