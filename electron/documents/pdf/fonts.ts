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
