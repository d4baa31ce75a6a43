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

/** The whole antd Select around a combobox input: what it shows is the current choice. */
const selectOf = (combobox: Locator) =>
  combobox.locator(
    'xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );

/**
 * Opens a Select by clicking it (or typing `query` into a searching one) and picks `option`,
 * then waits until the Select shows a different choice (or already shows `option`). Under load
 * a click on an option while the drop-down is still animating in can land on nothing; the pick
 * is then tried again rather than the test going on with the old value. A pick that did land is
 * never repeated (that would unselect it in a multiple Select): success is judged against the
 * text before the first try. A searching box that acts on the pick and empties itself (查找农户或成员)
 * shows the same text after as before: for one, a closed drop-down counts as picked.
 */
export async function chooseOption(combobox: Locator, option: string, query?: string) {
  const select = selectOf(combobox);
  const before = await select.innerText();
  let dropdown: Locator | undefined;
  const picked = async () => {
    const now = await select.innerText();
    if (now !== before || now.includes(option)) return true;
    return query !== undefined && dropdown !== undefined && !(await dropdown.isVisible());
  };
  let tries = 0;
  await expect(async () => {
    if (tries++ > 0 && (await picked())) return;
    await combobox.click();
    if (query !== undefined) await combobox.fill(query);
    dropdown = await dropdownOf(combobox);
    await dropdown
      .locator('.ant-select-item-option', { hasText: option })
      .first()
      .click({ timeout: 5_000 });
    await expect.poll(picked, { timeout: 3_000 }).toBe(true);
  }).toPass({ timeout: 30_000 });
}
