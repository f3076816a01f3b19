// 公开评价 on the H5 build at 390×844, against the real server of the demo hall: a 差评 and some good ratings are made,
// the unit replies naming the on-duty clerk and a phone number; once the figures are rolled up, a visitor opens
// 公开评价 from the home page, reads the unit ranking, switches to 差评公开 with the keyboard and reads the reply with
// the name and number masked, in both text sizes, with axe finding nothing; then the console's desktop page.
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeCheck, demoSuite, screenshotPath, screenshotWhole, shown } from './support.mjs';

const suite = demoSuite();

const REPLY = '张女士您好，窗口人员王晓燕已当面致歉，如有疑问请致电13812345678。';

async function rate(scene, level, extra = {}) {
  const device = await suite.api('/auth/device', { method: 'POST', body: { deviceId: `public-test-${randomUUID()}` } });
  const res = await suite.api('/ratings', { token: device.body.accessToken, method: 'POST', body: { clientId: randomUUID(), scene, level, tagCodes: [], ...extra } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

test('a visitor reads the unit ranking and the 差评 with the reply masked, from the home page, by keyboard too', async () => {
  const bad = await rate(suite.scenes.get('1'), 1, { tagCodes: [115], contactPhone: '13912345678', comment: '排队太久' });
  // One good rating at a window of each unit (2: 行政审批, 3: 人社, 5: 不动产).
  for (const window of ['2', '3', '5']) await rate(suite.scenes.get(window), 5);
  const handler = await suite.api('/auth/login', { method: 'POST', body: { staffNumber: 'A0009', password: 'Demo2026' } });
  const token = handler.body.accessToken;
  assert.equal((await suite.api(`/cases/${bad.caseId}/callback`, { token, method: 'POST', body: { contact: 'reached', verification: 'true', note: '已联系' } })).status, 200);
  assert.equal((await suite.api(`/cases/${bad.caseId}/reply`, { token, method: 'POST', body: { reply: REPLY, result: '已加强窗口培训' } })).status, 200);

  // The figures come from roll-ups a job keeps every minute: wait for them (without filling the public cache).
  const admin = await suite.api('/auth/login', { method: 'POST', body: { staffNumber: 'admin', password: 'Demo2026' } });
  for (const deadline = Date.now() + 180_000; ; ) {
    const overview = await suite.api('/stats/overview', { token: admin.body.accessToken });
    if (overview.body?.current?.counts?.ratings === 4 && overview.body.current.counts.replied === 1) break;
    assert.ok(Date.now() < deadline, `the figures did not arrive: ${JSON.stringify(overview.body)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }

  const errors = [];
  const page = await suite.browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${suite.server.baseUrl}/`, { waitUntil: 'networkidle' });
  await shown(page, '.home__public').click();
  await page.waitForURL(/\/citizen\/public\/index/);

  // 单位排名: every unit with ratings, none ranked yet (fewer than 30 ratings each).
  const cards = shown(page, '.public__card');
  await cards.first().waitFor({ timeout: 15_000 });
  assert.equal(await cards.count(), 3);
  const approval = cards.filter({ hasText: '泰山区行政审批服务局' });
  assert.match(await approval.innerText(), /不排名/);
  assert.match(await approval.innerText(), /好评率\s*50\.0%/);
  assert.match(await approval.innerText(), /整改率\s*100\.0%/);
  await axeCheck(page, 'the unit ranking');
  await screenshotWhole(page, 'public-1-units');

  // 差评公开, reached with the keyboard: the case with the unit's reply, the clerk's name and the number masked, and
  // the unchecked comment left out.
  const casesTab = page.getByRole('button', { name: '差评公开' }).and(page.locator(':visible'));
  await casesTab.focus();
  await page.keyboard.press('Enter');
  const reply = shown(page, '.public__reply');
  await reply.waitFor();
  const text = await shown(page, '.public').innerText();
  assert.match(text, /＊＊女士您好，窗口人员＊＊已当面致歉，如有疑问请致电＊＊。/);
  assert.match(text, /整改结果：已加强窗口培训/);
  for (const secret of ['王晓燕', '13812345678', '13912345678', '张女士', '排队太久']) assert.ok(!text.includes(secret), `${secret} is not shown`);
  assert.equal(await casesTab.getAttribute('aria-pressed'), 'true');
  await axeCheck(page, 'the published 差评');
  await screenshotWhole(page, 'public-2-cases');
  await shown(page, '.large-toggle').click();
  await axeCheck(page, 'the published 差评 in 大字模式');
  await screenshotWhole(page, 'public-3-cases-large');
  await shown(page, '.large-toggle').click();

  // And home again.
  await shown(page, '.toolbar__home').click();
  await page.waitForURL((url) => url.pathname === '/' || url.pathname.endsWith('/pages/index/index'));
  await shown(page, '.home__public').waitFor();
  await page.close();
  assert.deepEqual(errors, []);
});

test('the console’s sign-in page leads to 好差评公开, the same figures and 差评 for a desktop, without signing in', async () => {
  const { context, page, errors } = await suite.phone({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false });
  await page.goto(`${suite.server.baseUrl}/console/login`, { waitUntil: 'networkidle' });
  await page.getByRole('link', { name: /查看好差评公开/ }).click();
  await page.waitForURL(/\/console\/public/);
  const approval = page.getByRole('row', { name: /泰山区行政审批服务局/ });
  await approval.waitFor();
  assert.match(await approval.innerText(), /50\.0%/);
  await axeCheck(page, 'the console’s unit ranking');
  await page.screenshot({ path: screenshotPath('public-4-console-units'), fullPage: true });
  await page.getByRole('tab', { name: '差评公开' }).click();
  await page.getByText(/＊＊女士您好/).waitFor();
  const text = await page.locator('main').innerText();
  for (const secret of ['王晓燕', '13812345678', '13912345678', '张女士']) assert.ok(!text.includes(secret), `${secret} is not shown`);
  await axeCheck(page, 'the console’s published 差评');
  await page.screenshot({ path: screenshotPath('public-5-console-cases'), fullPage: true });
  await context.close();
  assert.deepEqual(errors, []);
});
