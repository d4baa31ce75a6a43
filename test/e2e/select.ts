import { expect, type Locator } from '@playwright/test';

/**
 * The drop-down of one antd Select / TreeSelect. While open, the combobox names its list in
 * aria-controls (`<id>_list`, rc-select), and the popup holds that list: scoping to it means a
 * previous drop-down still fading out (":visible" for a few frames) is never clicked by
 * mistake — that made "成员 2 性别" click the closing list of "成员 1 性别" now and then.
 */
export async function dropdownOf(combobox: Locator): Promise<Locator> {
  await expect(combobox).toHaveAttribute('aria-controls', /_list$/);
  const listId = (await combobox.getAttribute('aria-controls'))!;
  return combobox
    .page()
    .locator('.ant-select-dropdown', { has: combobox.page().locator(`[id="${listId}"]`) });
}

/** Opens a Select by clicking it (or typing `query` into a searching one) and picks `option`. */
export async function chooseOption(combobox: Locator, option: string, query?: string) {
  await combobox.click();
  if (query !== undefined) await combobox.fill(query);
  const dropdown = await dropdownOf(combobox);
  await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
}
