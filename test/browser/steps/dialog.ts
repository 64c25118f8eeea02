import type { Locator, Page } from 'playwright-core';

/**
 * Dialogs and pop-ups open with an animation (antd zooms a modal in from a fraction of its size). A
 * press on one of its buttons while it is still growing can land beside the button on a loaded
 * machine: the button's place is read, the frame moves on, the click arrives where the button was.
 * The steps below wait until a dialog stands still before anyone presses anything in it.
 */

/** Presses `trigger` and waits for the dialog called `name` to be open and still; presses again (up to 3 times) if no dialog came. */
export async function openDialog(page: Page, trigger: Locator, name: string | RegExp, ms = 60_000): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  const deadline = Date.now() + ms;
  for (let press = 1; ; press += 1) {
    // A dialog that came late (after the wait below gave up) is taken as it is; its mask would stop a press.
    if (press > 1 && (await dialog.isVisible())) break;
    const pressed = await trigger.click({ timeout: press < 3 ? Math.min(15_000, remaining(deadline)) : remaining(deadline) }).then(
      () => true,
      (error: unknown) => {
        if (press >= 3) throw error;
        return false;
      },
    );
    if (!pressed) continue;
    const came = await dialog.waitFor({ timeout: press < 3 ? Math.min(15_000, remaining(deadline)) : remaining(deadline) }).then(
      () => true,
      () => false,
    );
    if (came) break;
    if (press >= 3 || Date.now() >= deadline) throw new Error(`no dialog "${String(name)}" after ${press} presses`);
  }
  await steady(dialog, remaining(deadline));
  return dialog;
}

/**
 * Waits until the element (a dialog, a pop-up) has no motion class (…-appear, …-enter), no running
 * animation of its own and the same place and size in two looks 100 ms apart.
 */
export async function steady(element: Locator, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last = '';
  for (;;) {
    const look = await element
      .evaluate((el) => {
        const moving = /(^|\s)[\w-]+-(appear|enter)(-active)?(\s|$)/.test(el.className) || el.getAnimations().some((a: { playState: string }) => a.playState === 'running');
        const box = el.getBoundingClientRect();
        return moving ? null : `${Math.round(box.x)},${Math.round(box.y)},${Math.round(box.width)},${Math.round(box.height)}`;
      }, undefined, { timeout: 1_000 })
      .catch(() => null);
    if (look !== null && look === last) return;
    last = look ?? '';
    if (Date.now() >= deadline) throw new Error(`the dialog is still moving after ${ms} ms`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

function remaining(deadline: number): number {
  return Math.max(1_000, deadline - Date.now());
}
