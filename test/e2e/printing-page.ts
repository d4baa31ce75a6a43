import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './select';

/**
 * Page object for 公示公告 and 明白纸, and for reading back the PDFs they open: from a
 * download, or from the blob: tab the web host opens (its bytes fetched by the page that made
 * it, which owns the blob URL).
 */
export class PrintingPage {
  constructor(
    readonly page: Page,
    /** Where PDFs are written for pdftotext (the test's data folder). */
    readonly dir: string,
  ) {}

  async open(url: string, menu: '公示公告' | '明白纸') {
    await this.keepBlobs();
    await this.page.goto(url);
    await this.page.getByRole('menuitem', { name: menu }).click();
    await expect(this.page.getByRole('heading', { name: menu, level: 3 })).toBeVisible();
  }

  main(): Locator {
    return this.page.locator('main');
  }

  /** The dialog in front. */
  dialog(): Locator {
    return this.page.locator('.ant-modal:visible').last();
  }

  /** A button by its words; antd icons prefix the accessible name ("printer 打印"). */
  button(scope: Locator, text: string): Locator {
    return scope.getByRole('button', { name: new RegExp(`(^|\\s)${text}$`) });
  }

  /** Types into a searching Select (农户) and picks the first option with `option`. */
  async search(scope: Locator, label: string, query: string, option: string) {
    await chooseOption(scope.getByLabel(label, { exact: true }), option, query);
  }

  /**
   * Opens a grid TreeSelect by its accessible name and picks the grid named `name`. A tree's
   * popup has no `<id>_list` to scope by (select.ts), so: the one open tree popup, and the
   * combobox closed again before the next step.
   */
  async pickGrid(scope: Locator, label: string, name: string) {
    const combobox = scope.getByLabel(label, { exact: true });
    await combobox.click();
    await expect(combobox).toHaveAttribute('aria-expanded', 'true');
    await this.page
      .locator('.ant-select-dropdown:visible', { has: this.page.locator('.ant-select-tree') })
      .last()
      .locator('.ant-select-tree-title')
      .getByText(new RegExp(`^${name}（`))
      .click();
    await expect(combobox).toHaveAttribute('aria-expanded', 'false');
  }

  /**
   * Types a date into a date field found by its label and leaves the field (Tab): a DateInput
   * shows the parsed 'YYYY-MM-DD' (Enter would save the whole dialog). Works for an antd
   * DatePicker too (a filter), which takes the typed ISO text on Tab.
   */
  async date(scope: Locator, label: string, typed: string, iso = typed) {
    const input = scope.getByLabel(label, { exact: true });
    await input.click();
    await input.fill(typed);
    await input.press('Tab');
    await expect(input).toHaveValue(iso);
  }

  /** A table row holding `text`. */
  row(scope: Locator, text: string): Locator {
    return scope.locator('.ant-table-row', { hasText: text });
  }

  /** Clicks `button` and returns the downloaded file's bytes. */
  async download(button: Locator): Promise<Buffer> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const file = path.join(this.dir, `download-${Date.now()}.pdf`);
    await download.saveAs(file);
    return fs.readFileSync(file);
  }

  /**
   * Remembers every Blob the app turns into a URL, by its URL: the app's CSP (connect-src
   * 'self') rightly forbids fetch() of a blob: URL, so a test reads the Blob itself.
   */
  private async keepBlobs() {
    await this.page.addInitScript(() => {
      const blobs = new Map<string, Blob>();
      (globalThis as unknown as { __blobs: Map<string, Blob> }).__blobs = blobs;
      const create = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (object: Blob) => {
        const url = create(object);
        if (object instanceof Blob) blobs.set(url, object);
        return url;
      };
    });
  }

  /**
   * Runs `click` (which opens a PDF the way the web host does: a new tab on a blob: URL) and
   * returns the bytes of the Blob that tab shows.
   */
  async pdfFromTab(click: () => Promise<void>): Promise<Buffer> {
    const [tab] = await Promise.all([this.page.context().waitForEvent('page'), click()]);
    await expect.poll(() => tab.url(), { timeout: 15_000 }).toMatch(/^blob:/);
    const url = tab.url();
    const base64 = await this.page.evaluate(async (blobUrl) => {
      const blob = (globalThis as unknown as { __blobs: Map<string, Blob> }).__blobs.get(blobUrl);
      if (!blob) throw new Error(`no Blob made for ${blobUrl}`);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return btoa(binary);
    }, url);
    await tab.close();
    return Buffer.from(base64, 'base64');
  }

  /** pdftotext of a PDF's bytes, with its page count from pdfinfo. */
  readPdf(bytes: Buffer): { text: string; pages: number } {
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = path.join(
      this.dir,
      `read-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`,
    );
    fs.writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    return { text, pages };
  }

  /** The text of each page (pdftotext separates pages with a form feed). */
  pageTexts(bytes: Buffer): string[] {
    const { text } = this.readPdf(bytes);
    return text.split('\f').filter((page) => page.trim() !== '');
  }
}
