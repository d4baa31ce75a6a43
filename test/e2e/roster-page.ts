import type { Page } from '@playwright/test';
import { chooseOption } from './select';

/** Page object for 网格花名册: antd widgets driven the way a clerk uses them. */
export class RosterPage {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url);
    await this.page.getByRole('menuitem', { name: '网格花名册' }).click();
  }

  tree() {
    return this.page.getByRole('tree');
  }

  async selectGrid(name: string) {
    await this.tree()
      .getByText(new RegExp(`^${name}（`))
      .click();
  }

  /** Opens an antd Select by its accessible name and picks the visible option. */
  async pick(label: string, option: string) {
    await chooseOption(this.page.getByLabel(label, { exact: true }), option);
  }

  dialog() {
    return this.page.locator('.ant-modal:visible');
  }
}
