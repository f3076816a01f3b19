// The rating page's first screen, drawn by the server into /r/{scene}: a citizen on a weak network taps before the
// scripts have arrived (here they are held back until the test lets them through), and nothing is lost.
/* global document */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeCheck, demoSuite, screenshotPath } from './support.mjs';

const suite = demoSuite({
  prepare: async ({ server, scenes }) => {
    // A server just started answers its first look-ups slowly, past the page's data budget (the page then comes
    // without its first screen, as it should): the citizen meets a server that has been up for a while.
    for (const number of ['2', '3']) {
      for (let i = 0; i < 20; i += 1) {
        const page = await fetch(`${server.baseUrl}/r/${scenes.get(number)}`).then((res) => res.text());
        if (page.includes('id="hcp-first-screen"')) break;
      }
    }
  },
});

/** A new phone whose scripts arrive only when `release()` is called (a weak network, taken to the extreme). */
async function phoneWithScriptsHeld() {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  let release;
  const arrived = new Promise((resolve) => (release = resolve));
  await page.route('**/js/**', async (route) => {
    await arrived;
    // A request the page gave up on (it navigated away meanwhile) can no longer be answered.
    await route.continue().catch(() => undefined);
  });
  return { context, page, release };
}

/** Where each part of the rating page's first screen lies, by class name (the first on the screen of each). */
function layout(page) {
  const parts = ['.toolbar__home', '.large-toggle', '.window-card', '.rate-form__question', '.levels', '.rate-submit'];
  return page.evaluate(
    (selectors) =>
      selectors.map((selector) => {
        const shown = Array.from(document.querySelectorAll(selector)).find((e) => e.getClientRects().length > 0);
        const r = shown?.getBoundingClientRect();
        return r ? `${selector} ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}` : `${selector} missing`;
      }),
    parts,
  );
}

test('a level tapped before the scripts arrive is kept: the page comes back with it, and the app carries on to the thank-you page', async () => {
  const { context, page, release } = await phoneWithScriptsHeld();
  try {
    await page.goto(`${suite.server.baseUrl}/r/${suite.scenes.get('2')}`, { waitUntil: 'commit' });
    const drawn = page.locator('#hcp-first-screen');
    await drawn.getByRole('button', { name: '非常不满意' }).waitFor();
    assert.equal(await page.locator('taro-view-core').count(), 0, 'no script has run');
    assert.match(await drawn.locator('.window-card').innerText(), /2号窗口/);
    assert.equal(await drawn.locator('[aria-pressed="true"]').count(), 0, 'nothing is chosen for the citizen');
    await axeCheck(page, 'the first screen before the scripts, fresh');
    // The page runs under the server's policy (the test browser does not lift it): a script written into it never runs.
    const ran = await page.evaluate(() => {
      const inline = document.createElement('script');
      inline.textContent = 'document.documentElement.dataset.inlineRan = "yes"';
      document.head.append(inline);
      return document.documentElement.dataset.inlineRan ?? 'no';
    });
    assert.equal(ran, 'no');

    await drawn.getByRole('button', { name: '非常不满意' }).click();
    await page.locator('#hcp-first-screen .level-choice--1.level-choice--chosen').waitFor();
    assert.equal(await page.getByRole('button', { name: '非常不满意' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#hcp-first-screen [aria-pressed="true"]').count(), 1);
    await page.screenshot({ path: screenshotPath('first-screen-level-chosen') });
    await axeCheck(page, 'the first screen before the scripts, a level chosen');
    const drawnLayout = await layout(page);

    release();
    // The app takes over with the level chosen, and offers what follows it: the tags of 非常不满意.
    await page.locator('#hcp-first-screen').waitFor({ state: 'detached' });
    const chosen = page.locator('[role="radio"].level-choice--1');
    await chosen.waitFor();
    assert.equal(await chosen.getAttribute('aria-checked'), 'true');
    assert.equal(await page.locator('[role="radio"][aria-checked="true"]').count(), 1);
    const tags = page.locator('.tag-chip');
    await tags.first().waitFor();
    assert.equal(await tags.count(), 8);
    // Nothing moved when the app replaced the first screen.
    assert.deepEqual((await layout(page)).slice(0, 5), drawnLayout.slice(0, 5));
    await axeCheck(page, 'the app after the first screen, a level chosen');

    await tags.nth(7).click();
    await page.locator('.rate-submit').click();
    await page.waitForURL(/\/pages\/thanks\/index\?clientId=/);
    await page.locator(':text("感谢您的评价"):visible').waitFor();
    // The rating sent is the one tapped before the scripts: 非常不满意 opens a case.
    await page.locator('.thanks__case-no').waitFor();
  } finally {
    await context.close();
  }
});

test('大字模式 switched on the first screen before the scripts arrive stays on when the app takes over', async () => {
  const { context, page, release } = await phoneWithScriptsHeld();
  try {
    await page.goto(`${suite.server.baseUrl}/r/${suite.scenes.get('3')}`, { waitUntil: 'commit' });
    const toggle = page.locator('#hcp-first-screen').getByRole('switch', { name: '大字模式' });
    await toggle.waitFor();
    assert.equal(await toggle.getAttribute('aria-checked'), 'false');
    await page.locator('#hcp-first-screen').getByRole('button', { name: '满意', exact: true }).click();
    await page.locator('#hcp-first-screen .level-choice--4.level-choice--chosen').waitFor();
    await page.locator('#hcp-first-screen').getByRole('switch', { name: '大字模式' }).click();
    await page.locator('#hcp-first-screen .hcp-page.hcp-large').waitFor();
    // Switching the text size keeps the level chosen.
    await page.locator('#hcp-first-screen .level-choice--4.level-choice--chosen').waitFor();
    await axeCheck(page, 'the first screen before the scripts, large text');
    const drawnLayout = await layout(page);

    release();
    await page.locator('#hcp-first-screen').waitFor({ state: 'detached' });
    await page.locator('.taro_page .hcp-page.hcp-large').waitFor();
    assert.equal(await page.getByRole('switch', { name: '大字模式' }).getAttribute('aria-checked'), 'true');
    assert.equal(await page.locator('[role="radio"].level-choice--4').getAttribute('aria-checked'), 'true');
    assert.deepEqual((await layout(page)).slice(0, 5), drawnLayout.slice(0, 5));

    // Switched off in the app, the next first screen the server draws is in the normal size again.
    await page.getByRole('switch', { name: '大字模式' }).click();
    const again = await context.request.get(`${suite.server.baseUrl}/r/${suite.scenes.get('3')}`);
    assert.match(await again.text(), /<div class="hcp-page">/);
  } finally {
    await context.close();
  }
});
