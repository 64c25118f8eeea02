import type { Page } from 'playwright-core';
import { openDialog } from './dialog';

/** The 「确认」 buttons of a parse report's open warnings (their aria-label is 「确认 <warning id>」). */
export function acknowledgeButtons(page: Page) {
  return page.getByTestId('parse-warnings').getByRole('button', { name: /^确认 [0-9a-f]{16}-\d+$/ });
}

/**
 * As an admin of the standard's division, in a version's parse report: 确认 each open warning with
 * the note, one after another, waiting for each to show as acknowledged. Returns the warning ids.
 */
export async function acknowledgeWarningsViaUi(page: Page, note: string): Promise<string[]> {
  const done: string[] = [];
  for (let guard = 0; guard < 200 && (await acknowledgeButtons(page).count()) > 0; guard++) {
    const button = acknowledgeButtons(page).first();
    const warningId = ((await button.getAttribute('aria-label')) ?? '').replace(/^确认 /, '');
    const dialog = await openDialog(page, button, '确认解析提示');
    await dialog.getByLabel('核对说明').fill(note);
    await dialog.getByRole('button', { name: /^确\s*认$/ }).click();
    await page.getByTestId(`warning-acknowledged-${warningId}`).first().waitFor({ timeout: 30_000 });
    await dialog.waitFor({ state: 'hidden' });
    done.push(warningId);
  }
  return done;
}
