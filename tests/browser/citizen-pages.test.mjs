// The citizen's pages as a citizen aged 60 in a busy hall meets them, in the H5 build against the real server: every
// level in sight on a phone's first screen (or a cue that more follow), one readable phone message, a repeat rating
// announced before anything is written, a way home everywhere; and axe-core finds nothing on any state of any page.
/* global document -- page.evaluate callbacks run in the browser */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeCheck, demoSuite, screenshotPath, screenshotWhole, shown } from './support.mjs';

const suite = demoSuite();

const SCREENS = { phone: { width: 390, height: 844 }, small: { width: 320, height: 568 } };

/** A phone of its own (its own citizen), with 大字模式 on or off before the first page opens. */
function phone(screen, large) {
  const init = large ? () => localStorage.setItem('hcp.pref.large-text', JSON.stringify({ data: true })) : undefined;
  return suite.phone({ viewport: SCREENS[screen], init });
}

async function openWindow(page, number) {
  await page.goto(`${suite.server.baseUrl}/r/${suite.scenes.get(number)}`, { waitUntil: 'networkidle' });
  await shown(page, '.level-choice--1').waitFor({ timeout: 15_000 });
}

/** Where 非常满意's top and 非常不满意's bottom are, and where the submit bar starts, in CSS px of the viewport. */
function levelGeometry(page) {
  return page.evaluate(() => {
    const onScreen = (selector) => Array.from(document.querySelectorAll(selector)).find((e) => e.getClientRects().length > 0);
    return {
      firstTop: onScreen('.level-choice--5').getBoundingClientRect().top,
      lastBottom: onScreen('.level-choice--1').getBoundingClientRect().bottom,
      barTop: onScreen('.rate-form__footer').getBoundingClientRect().top,
    };
  });
}

/** Waits until the page has settled after a tap (Taro slides pages in, the cue is measured after a render). */
const settle = (page) => page.waitForTimeout(300);

for (const large of [false, true]) {
  const mode = large ? 'large' : 'normal';

  test(`390×844, ${mode} text: all five levels in sight above the submit bar, no cue; axe finds nothing`, async () => {
    const { context, page, errors } = await phone('phone', large);
    const scripts = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await openWindow(page, '5');
    await settle(page);
    // The rating page loads the app and its own code, never the subpackages (the staff pages, the citizen's case page).
    assert.ok(scripts.length > 0 && !scripts.some((s) => /\/(staff|citizen)\./.test(s)), scripts.join(', '));
    const g = await levelGeometry(page);
    assert.ok(g.firstTop >= 0, `非常满意 starts at ${g.firstTop}`);
    assert.ok(g.lastBottom <= g.barTop, `非常不满意 ends at ${g.lastBottom}, the submit bar starts at ${g.barTop}`);
    assert.equal(await shown(page, '.rate-form__more').count(), 0);
    await page.screenshot({ path: screenshotPath(`citizen-rate-390-${mode}`) });
    await axeCheck(page, `the rate page, fresh, ${mode} text`);

    await shown(page, '.level-choice--2').click();
    await shown(page, '.tag-chip').first().click();
    await shown(page, '.item-chip').first().click().catch(() => undefined);
    await axeCheck(page, `the rate page with 不满意 chosen, ${mode} text`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`320×568, ${mode} text: a cue that more choices follow, which brings them up`, async () => {
    const { context, page, errors } = await phone('small', large);
    await openWindow(page, '5');
    await settle(page);
    const before = await levelGeometry(page);
    assert.ok(before.lastBottom > before.barTop, 'on this small screen 非常不满意 starts below the fold');
    await shown(page, '.rate-form__more').waitFor();
    assert.equal((await shown(page, '.rate-form__more').innerText()).trim(), '还有更多选项，请向下滑动');
    await page.screenshot({ path: screenshotPath(`citizen-rate-320-${mode}`) });
    await axeCheck(page, `the rate page on a small screen, ${mode} text`);

    await shown(page, '.rate-form__more').click();
    await page.waitForFunction(() => !Array.from(document.querySelectorAll('.rate-form__more')).some((e) => e.getClientRects().length > 0));
    const after = await levelGeometry(page);
    assert.ok(after.lastBottom <= after.barTop, `after the cue 非常不满意 ends at ${after.lastBottom}, above ${after.barTop}`);
    assert.ok(after.firstTop >= 0, `and 非常满意 is still in sight (${after.firstTop})`);
    await page.screenshot({ path: screenshotPath(`citizen-rate-320-${mode}-revealed`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the phone field: a telephone keypad, one message in full sight above the submit bar, leading zeros kept', async () => {
  for (const [screen, large] of [['phone', true], ['small', false]]) {
    const { context, page, errors } = await phone(screen, large);
    await openWindow(page, '5');
    await shown(page, '.level-choice--1').click();
    const field = shown(page, '.contact__input input');
    assert.equal(await field.getAttribute('type'), 'tel');
    assert.equal(await field.getAttribute('inputmode'), 'tel');
    await field.fill('0139123456');
    assert.equal(await field.inputValue(), '0139123456');
    await shown(page, '.rate-submit').click();

    const message = shown(page, '.contact__error');
    await message.waitFor();
    assert.equal((await message.innerText()).trim(), '手机号码格式不正确，请输入11位手机号码，或清空后提交');
    assert.equal(await page.locator(':text("手机号码"):visible').count(), 1, 'one message only');
    assert.equal((await shown(page, '.rate-form__footer').innerText()).trim(), '提交评价');
    await page.waitForTimeout(400); // the field is scrolled into view
    const fits = await page.evaluate(() => {
      const onScreen = (selector) => Array.from(document.querySelectorAll(selector)).find((e) => e.getClientRects().length > 0);
      const m = onScreen('.contact__error').getBoundingClientRect();
      return { top: m.top, bottom: m.bottom, barTop: onScreen('.rate-form__footer').getBoundingClientRect().top };
    });
    assert.ok(fits.top >= 0 && fits.bottom <= fits.barTop, `the message lies at ${fits.top}–${fits.bottom}, the bar starts at ${fits.barTop}`);
    await page.screenshot({ path: screenshotPath(`citizen-phone-error-${screen}-${large ? 'large' : 'normal'}`) });
    await axeCheck(page, 'the rate page with the phone message');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a 差评, its thank-you page, 我的评价, the case page, and the same window again: announced at once; axe on each', async () => {
  const { context, page, errors } = await phone('phone', false);
  await openWindow(page, '1');
  await shown(page, '.level-choice--1').click();
  await shown(page, '.tag-chip').nth(2).click();
  await shown(page, '.contact__input input').fill('13912345678');
  await shown(page, '.rate-submit').click();
  await page.waitForURL(/\/pages\/thanks\/index\?clientId=/);
  await shown(page, '.thanks__case-no').waitFor();
  await axeCheck(page, 'the thank-you page of a 差评');
  await shown(page, '.large-toggle').click();
  assert.equal(await shown(page, '.large-toggle').getAttribute('aria-checked'), 'true');
  await screenshotWhole(page, 'citizen-thanks-case-large');
  await axeCheck(page, 'the thank-you page of a 差评, large text');
  await shown(page, '.large-toggle').click();

  await shown(page, '.thanks__mine').click();
  await page.waitForURL(/\/pages\/mine\/index/);
  await shown(page, '.rating-card').first().waitFor();
  assert.equal(await shown(page, '.toolbar__home').count(), 1, '我的评价 with ratings offers a way home');
  await axeCheck(page, '我的评价');
  const caseChunk = page.waitForRequest((r) => /\/js\/citizen\./.test(r.url()));
  await shown(page, '.rating-card__open').first().click();
  await caseChunk; // the citizen's case page comes as a chunk of its own, when it opens
  await page.waitForURL(/\/citizen\/case\/index\?id=/);
  await shown(page, '.my-case__state').waitFor();
  await axeCheck(page, 'the citizen’s case page');

  // The same window again, moments later: said at once, with the earlier rating; nothing to write.
  await page.goto(`${suite.server.baseUrl}/r/${suite.scenes.get('1')}`, { waitUntil: 'networkidle' });
  await page.locator(':text("您刚刚已评价过该窗口"):visible').waitFor();
  assert.equal(await shown(page, '.level-choice').count(), 0);
  assert.match(await shown(page, '.rating-card').innerText(), /非常不满意[\s\S]*1号窗口/);
  await page.screenshot({ path: screenshotPath('citizen-rate-already-rated') });
  await axeCheck(page, 'the rate page of a window rated moments ago');
  await shown(page, '.rate__mine').click();
  await page.waitForURL(/\/pages\/mine\/index/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a good rating’s thank-you page, the offline 已保存 page with what was saved, the home and unknown-window pages', async () => {
  const { context, page, errors } = await phone('phone', false);
  await page.goto(`${suite.server.baseUrl}/`, { waitUntil: 'networkidle' });
  await shown(page, '.home__scan').waitFor();
  await axeCheck(page, 'the home page');

  await openWindow(page, '4');
  await shown(page, '.level-choice--4').click();
  await shown(page, '.rate-submit').click();
  await page.locator(':text("感谢您的评价"):visible').waitFor();
  await axeCheck(page, 'the thank-you page of a good rating');

  await openWindow(page, '3');
  await shown(page, '.level-choice--3').click();
  await page.waitForFunction(() => localStorage.getItem('hcp.session.token') !== null);
  await context.setOffline(true);
  await shown(page, '.rate-submit').click();
  await page.locator(':text("已保存，联网后自动提交"):visible').waitFor();
  const saved = await shown(page, '.thanks').innerText();
  assert.match(saved, /基本满意/);
  assert.match(saved, /3号窗口/);
  await page.screenshot({ path: screenshotPath('citizen-thanks-saved-offline') });
  await axeCheck(page, 'the offline 已保存 page');
  await context.setOffline(false);
  await page.locator(':text("感谢您的评价"):visible').waitFor({ timeout: 10_000 });

  await page.goto(`${suite.server.baseUrl}/r/NoSuchWindow1`, { waitUntil: 'networkidle' });
  await page.locator(':text("未找到该窗口"):visible').waitFor();
  assert.equal((await shown(page, '.status').innerText()).split('未找到该窗口').length, 2, 'said once');
  await axeCheck(page, 'the unknown-window page');

  // Nothing to thank for: home instead.
  await page.goto(`${suite.server.baseUrl}/pages/thanks/index`, { waitUntil: 'networkidle' });
  await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/pages/index/index');
  await shown(page, '.home__scan').waitFor();
  assert.equal(await page.locator(':text("感谢您的评价"):visible').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
