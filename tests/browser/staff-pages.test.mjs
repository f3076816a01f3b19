// The staff pages, checked by axe-core (WCAG 2.0 and 2.1, A and AA) in each state a member of staff meets: sign-in
// (fresh and refused), 我的工单, a case with its action forms open, and a supervisor's 督办 views.
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeCheck, demoSuite, shown } from './support.mjs';

const suite = demoSuite({
  prepare: async ({ api, scenes }) => {
    // A 差评 at window 1 (泰山区行政审批服务局, whose handler is A0009), with a number: a case to open.
    const citizen = await api('/auth/device', { method: 'POST', body: { deviceId: `staff-pages-${randomUUID()}` } });
    assert.equal(citizen.status, 200, JSON.stringify(citizen.body));
    const rated = await api('/ratings', {
      method: 'POST',
      token: citizen.body.accessToken,
      body: { clientId: randomUUID(), scene: scenes.get('1'), level: 1, tagCodes: [113], comment: '来回跑了三次', contactPhone: '13912345678' },
    });
    assert.equal(rated.status, 201, JSON.stringify(rated.body));
  },
});

async function signIn(page, staffNumber, password = 'Demo2026') {
  await page.locator('.staff-login__number input').fill(staffNumber);
  await page.locator('.staff-login__password input').fill(password);
  await page.locator('.staff-login__submit').click();
}

test('a case handler’s pages: sign-in, 我的工单, the case and its action forms', async () => {
  const { context, page, errors } = await suite.phone();
  try {
    await page.goto(`${suite.server.baseUrl}/staff/login/index`, { waitUntil: 'networkidle' });
    await shown(page, '.staff-login__submit').waitFor();
    await axeCheck(page, 'the sign-in page');
    await signIn(page, 'A0009', 'Wrong2026x');
    await shown(page, '.staff-login__error').waitFor();
    await axeCheck(page, 'the sign-in page, refused');

    await signIn(page, 'A0009');
    await page.waitForURL(/\/staff\/cases\/index/);
    await shown(page, '.case-card').first().waitFor();
    await axeCheck(page, '我的工单');

    await shown(page, '.case-card').first().click();
    await page.waitForURL(/\/staff\/case\/index\?id=/);
    await shown(page, '.case-head__state').waitFor();
    await axeCheck(page, 'the case page');
    await shown(page, '.contact-card__reveal').click();
    await shown(page, '.contact-card__call').waitFor();
    await axeCheck(page, 'the case page, the number revealed');

    // With a keyboard alone: the action's button is reached and pressed, a choice made with Space.
    await shown(page, '.actions__button--callback').focus();
    await page.keyboard.press('Enter');
    const verified = shown(page, '.form-field--verification [role="radio"][aria-label="属实"]');
    await verified.focus();
    await page.keyboard.press(' ');
    assert.equal(await verified.getAttribute('aria-checked'), 'true');
    assert.equal(await shown(page, '.form-field--verification [role="radio"][aria-checked="true"]').count(), 1);
    await shown(page, '.action-form__cancel').focus();
    await page.keyboard.press('Enter');
    await shown(page, '.action-form__submit').waitFor({ state: 'detached' });

    for (const action of ['callback', 'assign', 'appeal']) {
      const button = shown(page, `.actions__button--${action}`);
      if ((await button.count()) === 0) continue;
      await button.click();
      await shown(page, '.action-form__submit').waitFor();
      await axeCheck(page, `the case page, the ${action} form`);
      // An empty form sent: what the page says about it.
      await shown(page, '.action-form__submit').click();
      await page.waitForTimeout(200);
      await axeCheck(page, `the case page, the ${action} form sent incomplete`);
      await shown(page, '.action-form__cancel').click();
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a supervisor’s pages: 我的工单 and the 督办 views', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${suite.server.baseUrl}/staff/login/index`, { waitUntil: 'networkidle' });
    await signIn(page, 'S0001');
    await page.waitForURL(/\/staff\/cases\/index/);
    await shown(page, '.staff-cases__supervise').waitFor();
    await page.waitForLoadState('networkidle');
    await axeCheck(page, '我的工单 of a supervisor');
    await shown(page, '.staff-cases__supervise').click();
    await page.waitForURL(/\/staff\/supervise\/index/);
    await page.waitForLoadState('networkidle');
    await axeCheck(page, '督办');
  } finally {
    await context.close();
  }
});
