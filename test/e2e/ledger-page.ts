import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './select';

/**
 * Page object for 问题台账, 走访记录 and 统计报表: antd widgets driven the way a clerk uses
 * them (type to search, pick from the list, type a date and press Enter).
 */
export class LedgerPage {
  constructor(readonly page: Page) {}

  async open(url: string, menu: '问题台账' | '走访记录' | '统计报表' = '问题台账') {
    await this.page.goto(url);
    await this.page.getByRole('menuitem', { name: menu }).click();
  }

  async menu(name: '问题台账' | '走访记录' | '统计报表') {
    await this.page.getByRole('menuitem', { name }).click();
  }

  /** The dialog in front (forms open over the problem drawer). */
  dialog(): Locator {
    return this.page.locator('.ant-modal:visible').last();
  }

  /** The problem drawer (its title starts with 问题：). */
  drawer(): Locator {
    return this.page.getByRole('dialog', { name: /^问题：/ });
  }

  /** Opens an antd Select by its accessible name and picks the visible option. */
  async pick(scope: Locator, label: string, option: string) {
    await chooseOption(scope.getByLabel(label, { exact: true }), option);
  }

  /** Opens a grid TreeSelect by its accessible name and picks the grid named `name`. */
  async pickGrid(scope: Locator, label: string, name: string) {
    // A TreeSelect's popup carries no list id to scope by (rc-tree-select), unlike Select's.
    await scope.getByLabel(label, { exact: true }).click();
    await this.page
      .locator('.ant-select-dropdown:visible .ant-select-tree-title')
      .getByText(new RegExp(`^${name}（`))
      .click();
  }

  /** Types into a searching Select (农户, 网格员) and picks the first option with `option`. */
  async search(scope: Locator, label: string, query: string, option: string) {
    await chooseOption(scope.getByLabel(label, { exact: true }), option, query);
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

  /** A button by its words; antd icons prefix the accessible name ("check-circle 办结"). */
  button(scope: Locator, text: string): Locator {
    return scope.getByRole('button', { name: new RegExp(`(^|\\s)${text}$`) });
  }

  async save(button = '保存') {
    const dialog = this.dialog();
    await dialog.getByRole('button', { name: button, exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  /** The ledger's row of a household (户主) or clue (反映人). */
  row(name: string): Locator {
    return this.page.locator('.ant-table-row', { hasText: name });
  }

  /** Opens a workflow step's form (登记 or 修改) in the problem drawer. */
  async openStep(step: string) {
    await this.drawer()
      .getByRole('button', { name: new RegExp(`^(登记|修改)${step}$`) })
      .click();
  }
}
