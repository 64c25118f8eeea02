import type { Locator, Page } from 'playwright-core';

/**
 * Picks an option of an antd Select the way a person does: opens it, clicks the option in that
 * select's own list (found through the combobox's aria-controls, so a closing list of another select
 * is never hit) and reads the choice back from the select before it returns.
 *
 * On a loaded machine a click can land while the list is still animating in and be lost, or the list
 * can stay open after the choice was made. So: when the select does not show the choice, the option is
 * picked again (the list reopened if it closed); a list still open 5 s after the choice shows is
 * closed with Escape. Everything waits on what the page shows, within `ms` overall.
 */
export async function pickOption(page: Page, combobox: Locator, text: string | RegExp, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  const select = combobox.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const shown = select.locator('.ant-select-selection-item').filter({ hasText: text });
  let dropdown: Locator | undefined;
  let tries = 0;
  for (;;) {
    tries++;
    if (!dropdown || !(await dropdown.isVisible())) {
      await combobox.click({ timeout: remaining(deadline) });
      const listId = await poll(() => combobox.getAttribute('aria-controls'), deadline);
      dropdown = listId ? page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) }) : page.locator('.ant-select-dropdown:visible');
    }
    const option = dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first();
    try {
      await option.click({ timeout: Math.min(30_000, remaining(deadline)) });
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      continue;
    }
    const chosen = await poll(async () => (await shown.count()) > 0 || (await option.getAttribute('class').catch(() => ''))?.includes('ant-select-item-option-selected'), Math.min(deadline, Date.now() + 10_000));
    if (chosen) break;
    if (Date.now() >= deadline) throw new Error(`the select does not show "${String(text)}" after ${tries} tries`);
  }
  // A single select closes its list by itself once the choice is made (with an animation). Escape is
  // pressed only for a list that is still open after that: pressed on a list that has just closed, it
  // would reach the dialog around the select and close the dialog.
  const closed = await dropdown.waitFor({ state: 'hidden', timeout: 5_000 }).then(
    () => true,
    () => false,
  );
  if (!closed && (await dropdown.isVisible())) await combobox.press('Escape');
  await dropdown.waitFor({ state: 'hidden', timeout: Math.max(30_000, remaining(deadline)) });
}

function remaining(deadline: number): number {
  return Math.max(1_000, deadline - Date.now());
}

/** Polls `probe` every 100 ms until it answers something truthy or the deadline passes (then null). */
async function poll<T>(probe: () => Promise<T | null | undefined | false>, deadline: number): Promise<T | null> {
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() >= deadline) return null;
    await new Promise((ok) => setTimeout(ok, 100));
  }
}
