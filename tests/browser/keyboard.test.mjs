// The H5 build with a keyboard alone (Tab, Enter, Space), as someone who cannot use a touch screen or a mouse meets
// it: a citizen rates a window and reaches the thank-you page, follows a reply through 我的评价 and 我的消息 to the
// case, and marks everything read; a member of staff opens a new case from 消息.
/* global document, getComputedStyle */
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeCheck, demoSuite, shown } from './support.mjs';

const suite = demoSuite();

/**
 * Presses Tab until the focus is on the visible element matching `selector`, and fails naming each stop on the way
 * when it never gets there. Nothing is clicked or focused by script: what Tab cannot reach fails the test.
 */
async function tabTo(page, selector, limit = 40) {
  const stops = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate((s) => {
      const el = document.activeElement;
      if (!el || el === document.body) return { reached: false, name: '(nothing)' };
      const name = `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 12)}"`;
      return { reached: el.matches(s) && el.offsetParent !== null, name };
    }, selector);
    if (at.reached) return;
    stops.push(at.name);
  }
  assert.fail(`Tab never reached ${selector}; it stopped at:\n  ${stops.join('\n  ')}`);
}

async function focusedRole(page) {
  return page.evaluate(() => document.activeElement?.getAttribute('role') ?? null);
}

/** The focused element shows where the focus is (Taro's own button style hides it). */
async function assertFocusShown(page) {
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  assert.ok(outline.style !== 'none' && outline.width >= 2, `no visible focus: ${JSON.stringify(outline)}`);
}

async function citizenToken(page) {
  return page.evaluate(() => {
    const raw = localStorage.getItem('hcp.session.token');
    return raw ? JSON.parse(raw).data : null;
  });
}

test('a citizen rates a window with the keyboard alone, then follows the reply to the case and reads 我的消息', async () => {
  const { context, page, errors } = await suite.phone();

  await page.goto(`${suite.server.baseUrl}/r/${suite.scenes.get('1')}`, { waitUntil: 'networkidle' });
  await shown(page, '.level-choice--1').waitFor({ timeout: 15_000 });

  // A level with Space, a reason with Space, and 提交评价 with Enter.
  await tabTo(page, '.level-choice--1');
  assert.equal(await focusedRole(page), 'radio');
  await page.keyboard.press(' ');
  await shown(page, '.level-choice--1.level-choice--chosen').waitFor();
  await tabTo(page, '.tag-chip');
  const tag = (await page.evaluate(() => document.activeElement.textContent)).trim();
  await page.keyboard.press(' ');
  await shown(page, '.tag-chip[aria-checked="true"]').waitFor();
  await tabTo(page, '.contact__input input');
  await page.keyboard.type('13912345678');
  await tabTo(page, '.rate-submit');
  assert.equal(await focusedRole(page), 'button');
  await assertFocusShown(page);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/pages\/thanks\/index\?clientId=/);
  await shown(page, ':text("感谢您的评价")').waitFor();
  const caseNo = (await shown(page, '.thanks__case-no').innerText()).trim();

  const token = await citizenToken(page);
  const mine = await suite.api('/me/ratings', { token });
  assert.equal(mine.body.total, 1, 'one rating, sent once');
  assert.equal(mine.body.items[0].level, 1);
  assert.equal(mine.body.items[0].window.number, '1');
  assert.equal(mine.body.items[0].tagCodes.length, 1, `the reason chosen with Space (${tag}) went with it`);

  // The unit (泰山区行政审批服务局, handler A0009) calls back and replies: two notices for the citizen.
  const handler = await suite.api('/auth/login', { method: 'POST', body: { staffNumber: 'A0009', password: 'Demo2026' } });
  const ownCase = (await suite.api('/cases', { token: handler.body.accessToken })).body.items.find((c) => c.caseNo === caseNo);
  assert.ok(ownCase, 'the case is in the handler’s list');
  const called = await suite.api(`/cases/${ownCase.id}/callback`, { token: handler.body.accessToken, method: 'POST', body: { contact: 'reached', verification: 'true', note: '已电话联系群众' } });
  assert.equal(called.status, 200, JSON.stringify(called.body));
  const replied = await suite.api(`/cases/${ownCase.id}/reply`, { token: handler.body.accessToken, method: 'POST', body: { reply: '已统一窗口的材料清单。', result: '材料清单已统一' } });
  assert.equal(replied.status, 200, JSON.stringify(replied.body));

  // From the thank-you page to 我的评价, 我的消息, and a notice's case, with Tab and Enter.
  await tabTo(page, '.thanks__mine');
  assert.equal(await focusedRole(page), 'button');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/pages\/mine\/index/);
  await shown(page, '.rating-card').first().waitFor();
  await tabTo(page, '.mine__inbox');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/citizen\/notices\/index/);
  await shown(page, '.notice-card').first().waitFor();
  await axeCheck(page, 'the citizen inbox reached by keyboard');

  await tabTo(page, '.notice-card');
  await assertFocusShown(page);
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/citizen/case/index\\?id=${ownCase.id}`));
  await shown(page, '.my-case__reply').waitFor();
  await page.goBack();
  await page.waitForURL(/\/citizen\/notices\/index/);
  await shown(page, '.notice-card').first().waitFor();

  await tabTo(page, '.inbox__read-all');
  assert.equal(await focusedRole(page), 'button');
  await page.keyboard.press('Enter');
  await shown(page, '.inbox__count:text-is("没有未读消息")').waitFor();
  assert.equal(await shown(page, '.notice-card--unread').count(), 0);

  // Home again with the toolbar's button.
  await tabTo(page, '.toolbar__home');
  await page.keyboard.press('Enter');
  await shown(page, '.home__scan').waitFor();
  await tabTo(page, '.home__scan');
  assert.equal(await focusedRole(page), 'button');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a member of staff opens a new case from 消息 and comes back, with the keyboard alone', async () => {
  // A 差评 at window 1 (whose handler is A0009): a notice for the handler.
  const citizen = await suite.api('/auth/device', { method: 'POST', body: { deviceId: `keyboard-${Date.now()}` } });
  const rated = await suite.api('/ratings', {
    method: 'POST',
    token: citizen.body.accessToken,
    body: { clientId: randomUUID(), scene: suite.scenes.get('1'), level: 1, tagCodes: [113], comment: '等了很久' },
  });
  assert.equal(rated.status, 201, JSON.stringify(rated.body));

  const { context, page, errors } = await suite.phone();
  await page.goto(`${suite.server.baseUrl}/staff/login/index`, { waitUntil: 'networkidle' });
  await tabTo(page, '.staff-login__number input');
  await page.keyboard.type('A0009');
  await tabTo(page, '.staff-login__password input');
  await page.keyboard.type('Demo2026');
  await tabTo(page, '.staff-login__submit');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/staff\/cases\/index/);
  await shown(page, '.case-card').first().waitFor();

  await tabTo(page, '.inbox-entry');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/staff\/notices\/index/);
  await shown(page, '.notice-card--unread').first().waitFor();
  await tabTo(page, '.notice-card--unread');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/staff\/case\/index\?id=/);
  await shown(page, '.case-head__no').waitFor();

  await tabTo(page, '.staff-bar__back');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/staff\/(notices|cases)\/index/);
  await shown(page, '.staff-bar').first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
