import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './select';

/**
 * Page object for 档案管理 and the 归档 buttons on the pages that make documents: antd
 * widgets driven the way a clerk uses them (buttons by their words, Selects by their label,
 * paths typed into a field).
 */
export class ArchivePage {
  constructor(readonly page: Page) {}

  async open(url: string, menu: '档案管理' | '公示公告' = '档案管理') {
    await this.page.goto(url);
    await this.menu(menu);
  }

  async menu(name: '档案管理' | '公示公告' | '设置') {
    await this.page.getByRole('menuitem', { name }).click();
    if (name !== '设置') {
      await expect(this.page.getByRole('heading', { name, level: 3 })).toBeVisible();
    }
  }

  main(): Locator {
    return this.page.locator('main');
  }

  /** The dialog in front (a form, or the confirmation of a filing). */
  dialog(): Locator {
    return this.page.locator('.ant-modal:visible').last();
  }

  /** A button by its words; antd icons prefix the accessible name ("inbox 归档"). */
  button(scope: Locator, text: string): Locator {
    return scope.getByRole('button', { name: new RegExp(`(^|\\s)${text}$`) });
  }

  /** A table row holding `text`. */
  row(scope: Locator, text: string): Locator {
    return scope.locator('.ant-table-row', { hasText: text });
  }

  /** The catalogue row of one 档号. */
  item(code: string): Locator {
    return this.row(this.main(), code);
  }

  /** The year Select, showing e.g. "2026 年度（1 件）已封存". */
  yearSelect(): Locator {
    return this.main().locator('.ant-select', {
      has: this.page.getByLabel('年度', { exact: true }),
    });
  }

  /** Picks `option` of a Select found by its label; `query` is typed first into a searching one. */
  async pick(scope: Locator, label: string, option: string, query?: string) {
    await chooseOption(scope.getByLabel(label, { exact: true }), option, query);
  }

  /** The antd message toast with `text` (errors from the service are shown as is). */
  toast(text: string): Locator {
    return this.page.locator('.ant-message-notice', { hasText: text });
  }

  /** Clicks OK on the dialog in front and waits for it to close. */
  async submit(okText: string) {
    const dialog = this.dialog();
    await this.button(dialog, okText).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
  }
}
