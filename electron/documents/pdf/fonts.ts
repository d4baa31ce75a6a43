import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { FontChoice } from '../../api/schemas';

/**
 * Fonts for every PDF.
 *
 * Noto Sans SC (OFL, npm @expo-google-fonts/noto-sans-sc) is bundled and always there: one font
 * covering Latin and CJK (STACK.md: pdfkit has no font fallback). pdfkit embeds only the glyphs
 * used (a subset), so a two-page report stays small although each TTF is ≈ 10 MB.
 *
 * Printed notices may use the Windows system fonts chosen in the settings (`printFonts`):
 * 黑体, 宋体, 仿宋, 楷体 stand in for GB/T 9704's 小标宋 (title) and 仿宋 (body) where present
 * (docs/domain.md §4: "free fonts stand in … where the system fonts are absent"). A chosen font that
 * is missing or unreadable falls back to Noto Sans SC with a note the clerk can read.
 */
export const FONT_REGULAR = 'NotoSansSC';
export const FONT_BOLD = 'NotoSansSC-Bold';

const FILES = {
  [FONT_REGULAR]: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  [FONT_BOLD]: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

/** One of the two bundled Noto Sans SC weights. */
export type BundledFont = keyof typeof FILES;

/**
 * The name a font is registered under in a document (a bundled one, or a resolved system font's
 * `ResolvedFont.name`). Text styles refer to fonts by this name.
 */
export type FontName = string;

// Resolved through Node's module resolution from this file, so the path is right from tsx
// and Vitest (electron/documents/pdf) and from the bundle (out/main), where the package stays
// an external in node_modules. Not named `require`: electron-vite's ESM shim declares a
// top-level `const require` in out/main/index.js, and a second one made the bundle a
// SyntaxError, so the Electron app could not start (found by Electronegativity, issue 7).
const resolveFrom = createRequire(import.meta.url);

/** Read once per process: the files are large and the Buffers are reused by every document. */
const buffers = new Map<string, Buffer>();

function readOnce(file: string): Buffer {
  let buffer = buffers.get(file);
  if (!buffer) {
    buffer = fs.readFileSync(file);
    buffers.set(file, buffer);
  }
  return buffer;
}

export function fontPath(name: BundledFont): string {
  return resolveFrom.resolve(FILES[name]);
}

export function fontBuffer(name: BundledFont): Buffer {
  return readOnce(fontPath(name));
}

/** Registers both bundled weights on a document under FONT_REGULAR / FONT_BOLD. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const name of Object.keys(FILES) as BundledFont[]) doc.registerFont(name, fontBuffer(name));
}

// ---------------------------------------------------------------------------------------------
// The font choice of the settings (printFonts)

/** What the settings page calls each choice. */
export const FONT_CHOICE_LABELS: Record<FontChoice, string> = {
  'noto-sans': '思源黑体（内置）',
  simhei: '黑体',
  simsun: '宋体',
  simfang: '仿宋',
  kaiti: '楷体',
};

/**
 * The Windows files of the system choices. 宋体 ships as a TrueType collection (simsun.ttc,
 * with 新宋体 inside): pdfkit needs the PostScript name to pick the face (STACK.md).
 */
const SYSTEM_FONTS: Record<Exclude<FontChoice, 'noto-sans'>, { file: string; face?: string }> = {
  simhei: { file: 'simhei.ttf' },
  simsun: { file: 'simsun.ttc', face: 'SimSun' },
  simfang: { file: 'simfang.ttf' },
  kaiti: { file: 'simkai.ttf' },
};

/** A title or heading wants the heavy weight of the bundled font; body text the regular one. */
export type FontRole = 'title' | 'body';

export interface ResolvedFont {
  /** What the settings asked for. */
  choice: FontChoice;
  /** What is used: the chosen font, or the bundled one after a fallback. */
  label: string;
  /** The name it is registered under in a document (see registerResolvedFont). */
  name: FontName;
  /** The font file, read once per process. */
  data: Buffer;
  /** The PostScript name of the face inside a .ttc. */
  face?: string;
  /** True when the chosen font was not usable and Noto Sans SC stands in. */
  fallback: boolean;
  /** Why it fell back, in Chinese (null when the chosen font is used). */
  note: string | null;
}

/**
 * Where the Windows fonts are looked for: %WINDIR%\Fonts on Windows (C:\Windows\Fonts), none
 * elsewhere (Linux has no 仿宋/宋体 by these names). VILLAGE_LEDGER_FONT_DIR overrides it for
 * every door alike (the app, the web host, the CLI, tests).
 */
export function systemFontDir(): string | null {
  const override = process.env.VILLAGE_LEDGER_FONT_DIR;
  if (override) return override;
  if (process.platform !== 'win32') return null;
  return path.join(process.env.WINDIR ?? process.env.SystemRoot ?? 'C:\\Windows', 'Fonts');
}

/** True when pdfkit can open the font (and the face, in a collection) and it has CJK glyphs. */
function usable(data: Buffer, face: string | undefined): boolean {
  try {
    const probe = new PDFDocument({ autoFirstPage: false });
    probe.registerFont('probe', data, face);
    probe.font('probe').fontSize(10);
    // A font without Chinese glyphs measures 国 as its .notdef box or nothing; a CJK font as
    // a full em (10 pt at 10 pt).
    return Math.abs(probe.widthOfString('国') - 10) < 0.5;
  } catch {
    return false;
  }
}

function bundled(choice: FontChoice, role: FontRole, note: string | null): ResolvedFont {
  const name = role === 'title' ? FONT_BOLD : FONT_REGULAR;
  return {
    choice,
    label: FONT_CHOICE_LABELS['noto-sans'],
    name,
    data: fontBuffer(name),
    fallback: note !== null,
    note,
  };
}

/** Checked once per folder, choice and role: a font found (or not) stays so until restart. */
const resolved = new Map<string, ResolvedFont>();

/**
 * The font to print with for a settings choice. `fontDir` defaults to systemFontDir(); tests
 * pass a folder of their own.
 */
export function resolveFont(
  choice: FontChoice,
  role: FontRole,
  fontDir: string | null = systemFontDir(),
): ResolvedFont {
  if (choice === 'noto-sans') return bundled(choice, role, null);
  const key = `${fontDir ?? ''}\u0000${choice}\u0000${role}`;
  const cached = resolved.get(key);
  if (cached) return cached;

  const { file, face } = SYSTEM_FONTS[choice];
  const label = FONT_CHOICE_LABELS[choice];
  const fallbackLabel = FONT_CHOICE_LABELS['noto-sans'];
  let result: ResolvedFont;
  const full = fontDir === null ? null : path.join(fontDir, file);
  if (full === null) {
    result = bundled(choice, role, `本机不是 Windows，没有${label}字体，已改用${fallbackLabel}`);
  } else if (!fs.existsSync(full)) {
    result = bundled(choice, role, `未找到${label}字体（${full}），已改用${fallbackLabel}`);
  } else {
    const data = readOnce(full);
    result = usable(data, face)
      ? {
          choice,
          label,
          // Unique per file, so measurements cached by font name never mix two files.
          name: `${choice}:${full}`,
          data,
          ...(face ? { face } : {}),
          fallback: false,
          note: null,
        }
      : bundled(choice, role, `${label}字体文件（${full}）无法使用，已改用${fallbackLabel}`);
  }
  resolved.set(key, result);
  return result;
}

/** The title and body fonts of the settings' printFonts, with the fallback notes. */
export interface PrintFonts {
  title: ResolvedFont;
  body: ResolvedFont;
  /** One sentence per fallback (empty when both chosen fonts are used). */
  notes: string[];
}

export function resolvePrintFonts(
  choices: { title: FontChoice; body: FontChoice },
  fontDir: string | null = systemFontDir(),
): PrintFonts {
  const title = resolveFont(choices.title, 'title', fontDir);
  const body = resolveFont(choices.body, 'body', fontDir);
  const notes = [...new Set([title.note, body.note].filter((n): n is string => n !== null))];
  return { title, body, notes };
}

/** Registers a resolved font on a document under its `name` (the bundled ones already are). */
export function registerResolvedFont(doc: PDFKit.PDFDocument, font: ResolvedFont): void {
  if (font.name === FONT_REGULAR || font.name === FONT_BOLD) return;
  doc.registerFont(font.name, font.data, font.face);
}

// ---------------------------------------------------------------------------------------------
// Notices: the GB/T 9704 fonts first (docs/domain.md §4)

/** A font a notice may use, with the file names it is installed under. */
interface NoticeFontCandidate {
  label: string;
  files: readonly string[];
  /** The PostScript name of the face inside a .ttc. */
  face?: string;
}

/**
 * The 小标宋 of GB/T 9704 titles: 方正小标宋简体 where installed (offices add it), else
 * 华文中宋 (Office ships it), else 宋体 (every Windows).
 */
export const NOTICE_TITLE_FONTS: readonly NoticeFontCandidate[] = [
  {
    label: '方正小标宋简体',
    files: ['FZXBSJW.TTF', '方正小标宋简体.ttf', 'FZXiaoBiaoSong-B05S.ttf', '方正小标宋_GBK.ttf'],
  },
  { label: '华文中宋', files: ['STZHONGS.TTF', '华文中宋.ttf'] },
  { label: '宋体', files: ['simsun.ttc'], face: 'SimSun' },
];

/** The 仿宋 of GB/T 9704 bodies: 仿宋_GB2312 where installed, else 仿宋 (Windows 7 on). */
export const NOTICE_BODY_FONTS: readonly NoticeFontCandidate[] = [
  {
    label: '仿宋_GB2312',
    files: ['仿宋_GB2312.ttf', 'SIMFANG_GB2312.TTF', 'FS_GB2312.TTF', 'FSGB2312.TTF'],
  },
  { label: '仿宋', files: ['simfang.ttf'] },
];

/** Lower-case file name → the real name, per folder (Windows names fonts in any case). */
function folderIndex(fontDir: string): Map<string, string> {
  const index = new Map<string, string>();
  let names: string[];
  try {
    names = fs.readdirSync(fontDir);
  } catch {
    return index;
  }
  for (const name of names) index.set(name.toLowerCase(), name);
  return index;
}

const noticeResolved = new Map<string, PrintFonts>();

/**
 * The title and body fonts of a notice: the GB/T 9704 fonts in their order of preference
 * (NOTICE_TITLE_FONTS, NOTICE_BODY_FONTS), then the printFonts setting's choice (what the
 * village picked for its other printed sheets), then the bundled Noto Sans SC — only when none
 * of these is usable. `notes` names the font used for each part, and why a fallback was taken;
 * the preview shows them. `fontDir` defaults to systemFontDir() (VILLAGE_LEDGER_FONT_DIR).
 */
export function resolveNoticeFonts(
  choices: { title: FontChoice; body: FontChoice },
  fontDir: string | null = systemFontDir(),
): PrintFonts {
  const cacheKey = `${fontDir ?? ''}\u0000${choices.title}\u0000${choices.body}`;
  const cached = noticeResolved.get(cacheKey);
  if (cached) return cached;
  const index = fontDir === null ? new Map<string, string>() : folderIndex(fontDir);

  const pick = (
    role: FontRole,
    standard: readonly NoticeFontCandidate[],
    choice: FontChoice,
  ): { font: ResolvedFont; file: string | null } => {
    const candidates: NoticeFontCandidate[] = [...standard];
    if (choice !== 'noto-sans') {
      const { file, face } = SYSTEM_FONTS[choice];
      const label = FONT_CHOICE_LABELS[choice];
      if (!candidates.some((c) => c.label === label)) {
        candidates.push({ label, files: [file], ...(face ? { face } : {}) });
      }
    }
    for (const candidate of candidates) {
      for (const file of candidate.files) {
        const real = index.get(file.toLowerCase());
        if (!real || fontDir === null) continue;
        const full = path.join(fontDir, real);
        const data = readOnce(full);
        if (!usable(data, candidate.face)) continue;
        return {
          font: {
            choice,
            label: candidate.label,
            name: `notice:${full}`,
            data,
            ...(candidate.face ? { face: candidate.face } : {}),
            fallback: false,
            note: null,
          },
          file: real,
        };
      }
    }
    const wanted = candidates.map((c) => c.label).join('、');
    return {
      font: bundled(
        choice,
        role,
        fontDir === null
          ? `本机不是 Windows，没有${wanted}字体`
          : `本机（${fontDir}）没有可用的${wanted}字体`,
      ),
      file: null,
    };
  };

  const title = pick('title', NOTICE_TITLE_FONTS, choices.title);
  const body = pick('body', NOTICE_BODY_FONTS, choices.body);
  const describe = (part: string, picked: { font: ResolvedFont; file: string | null }) =>
    picked.file
      ? `${part}用${picked.font.label}（${picked.file}）`
      : `${part}用${FONT_CHOICE_LABELS['noto-sans']}：${picked.font.note ?? ''}`;
  const result: PrintFonts = {
    title: title.font,
    body: body.font,
    notes: [describe('标题', title), describe('正文', body)],
  };
  noticeResolved.set(cacheKey, result);
  return result;
}
