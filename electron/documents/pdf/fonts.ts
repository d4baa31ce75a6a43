import fs from 'node:fs';
import { createRequire } from 'node:module';
// The pdfkit types declare the global PDFKit namespace used below.
import type {} from 'pdfkit';

/**
 * Noto Sans SC (OFL, npm @expo-google-fonts/noto-sans-sc) for every PDF: one font covering
 * Latin and CJK (STACK.md: pdfkit has no font fallback). pdfkit embeds only the glyphs used
 * (a subset), so a two-page report stays small although each TTF is ≈ 10 MB.
 */
export const FONT_REGULAR = 'NotoSansSC';
export const FONT_BOLD = 'NotoSansSC-Bold';

const FILES = {
  [FONT_REGULAR]: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  [FONT_BOLD]: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export type FontName = keyof typeof FILES;

// Resolved through Node's module resolution from this file, so the path is right from tsx
// and Vitest (electron/documents/pdf) and from the bundle (out/main), where the package stays
// an external in node_modules.
const require = createRequire(import.meta.url);

/** Read once per process: the files are large and the Buffers are reused by every document. */
const cache = new Map<FontName, Buffer>();

export function fontPath(name: FontName): string {
  return require.resolve(FILES[name]);
}

export function fontBuffer(name: FontName): Buffer {
  let buffer = cache.get(name);
  if (!buffer) {
    buffer = fs.readFileSync(fontPath(name));
    cache.set(name, buffer);
  }
  return buffer;
}

/** Registers both weights on a document under FONT_REGULAR / FONT_BOLD. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const name of Object.keys(FILES) as FontName[]) doc.registerFont(name, fontBuffer(name));
}
