// Notices along a 差评's loop through the H5 build, against the real server of the demo hall: the handler sees the
// new case on the staff bar's badge and in 消息, and a tap opens it; after the unit calls back and replies, the
// citizen's home page shows the unread badge, 我的消息 carries the reply, and a tap opens the case's progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeCheck, demoSuite, screenshotWhole, shown } from './support.mjs';

const suite = demoSuite();

const REPLY = '您反映的问题属实。我们已统一窗口的材料清单，并对窗口人员进行了培训。';

test('the handler is told of the new case and the citizen of the reply, each with a badge and one tap to the case', async () => {
  const errors = [];
  const citizenPhone = await suite.browser.context.newPage();
  citizenPhone.on('pageerror', (e) => errors.push(`citizen: ${e.message}`));

  // A 差评 of window 1 (企业开办, 泰山区行政审批服务局, whose handler is A0009), with a number.
  await citizenPhone.goto(`${suite.server.baseUrl}/r/${suite.scenes.get('1')}`, { waitUntil: 'networkidle' });
  await shown(citizenPhone, ':text("1号窗口 企业开办")').first().waitFor({ timeout: 15_000 });
  await citizenPhone.locator('.level-choice--1').click();
  await citizenPhone.locator('.contact__input input').fill('13912345678');
  await citizenPhone.locator('.rate-submit').click();
  await citizenPhone.waitForURL(/\/pages\/thanks\/index\?clientId=/);
  const caseNo = (await shown(citizenPhone, '.thanks__case-no').innerText()).trim();
  // A browser is promised no WeChat notice: it is told where to look.
  assert.equal(await shown(citizenPhone, '.notice__text').innerText(), '处理进展可随时在“我的评价”和“我的消息”中查看，请记下案件编号。');

  // The handler signs in: 消息 on the staff bar of 我的工单 carries the unread count.
  const staffContext = await suite.browser.newContext();
  const staffPhone = await staffContext.newPage();
  staffPhone.on('pageerror', (e) => errors.push(`staff: ${e.message}`));
  await staffPhone.goto(`${suite.server.baseUrl}/staff/login/index`, { waitUntil: 'networkidle' });
  await staffPhone.locator('.staff-login__number input').fill('A0009');
  await staffPhone.locator('.staff-login__password input').fill('Demo2026');
  await staffPhone.locator('.staff-login__submit').click();
  await staffPhone.waitForURL(/\/staff\/cases\/index/);
  const staffBadge = shown(staffPhone, '.staff-bar .inbox-entry .unread-badge');
  await staffBadge.waitFor();
  assert.match(await staffBadge.innerText(), /^[1-9]\d*$/);
  await screenshotWhole(staffPhone, 'notices-1-staff-badge');

  // 消息: the new case on top, unread, with its number; a tap opens the case and it reads as read on return.
  await shown(staffPhone, '.staff-bar .inbox-entry').click();
  await staffPhone.waitForURL(/\/staff\/notices\/index/);
  const newCase = shown(staffPhone, '.notice-card').first();
  await newCase.waitFor();
  assert.equal(await newCase.locator('.notice-card__title').innerText(), '您有新的差评工单');
  assert.equal(await newCase.locator('.notice-card__case').innerText(), `案件编号 ${caseNo}`);
  assert.equal(await newCase.locator('.notice-card__flag').innerText(), '未读');
  await axeCheck(staffPhone, 'the staff inbox');
  await screenshotWhole(staffPhone, 'notices-2-staff-inbox');
  await newCase.click();
  await staffPhone.waitForURL(/\/staff\/case\/index\?id=/);
  await shown(staffPhone, '.case-head__no').waitFor();
  assert.equal((await shown(staffPhone, '.case-head__no').innerText()).trim(), caseNo);
  await staffPhone.goBack();
  await staffPhone.waitForURL(/\/staff\/notices\/index/);
  await shown(staffPhone, '.notice-card:not(.notice-card--unread)').first().waitFor();
  assert.equal(await shown(staffPhone, '.notice-card').first().locator('.notice-card__flag').count(), 0);

  // The unit calls back and replies (the staff pages' forms are driven in cases.test.mjs).
  const handler = await suite.api('/auth/login', { method: 'POST', body: { staffNumber: 'A0009', password: 'Demo2026' } });
  const list = await suite.api('/cases', { token: handler.body.accessToken });
  const caseId = list.body.items.find((c) => c.caseNo === caseNo)?.id;
  assert.ok(caseId, 'the case is in the handler’s list');
  const called = await suite.api(`/cases/${caseId}/callback`, { token: handler.body.accessToken, method: 'POST', body: { contact: 'reached', verification: 'true', note: '已电话联系群众' } });
  assert.equal(called.status, 200, JSON.stringify(called.body));
  const replied = await suite.api(`/cases/${caseId}/reply`, { token: handler.body.accessToken, method: 'POST', body: { reply: REPLY, result: '材料清单已统一' } });
  assert.equal(replied.status, 200, JSON.stringify(replied.body));

  // The citizen's home page: the badge on 我的评价, then on 我的消息.
  await citizenPhone.goto(`${suite.server.baseUrl}/`, { waitUntil: 'networkidle' });
  const homeBadge = shown(citizenPhone, '.home__mine .unread-badge');
  await homeBadge.waitFor();
  const unread = Number(await homeBadge.innerText());
  assert.ok(unread >= 2, `called back and replied are both unread (badge ${unread})`);
  await screenshotWhole(citizenPhone, 'notices-3-citizen-home-badge');
  await shown(citizenPhone, '.home__mine').click();
  await citizenPhone.waitForURL(/\/pages\/mine\/index/);
  await shown(citizenPhone, '.mine__inbox .unread-badge').waitFor();
  assert.equal(Number(await shown(citizenPhone, '.mine__inbox .unread-badge').innerText()), unread);
  await shown(citizenPhone, '.mine__inbox').click();
  await citizenPhone.waitForURL(/\/citizen\/notices\/index/);

  // 我的消息: the reply on top, in the unit's words, unread; in both text sizes.
  const reply = shown(citizenPhone, '.notice-card').first();
  await reply.waitFor();
  assert.equal(await reply.locator('.notice-card__title').innerText(), '您反映的问题已答复');
  assert.equal(await reply.locator('.notice-card__body').innerText(), REPLY);
  assert.equal(await reply.locator('.notice-card__flag').innerText(), '未读');
  assert.equal(await shown(citizenPhone, '.inbox__count').innerText(), `${unread} 条未读`);
  await axeCheck(citizenPhone, 'the citizen inbox');
  await screenshotWhole(citizenPhone, 'notices-4-citizen-inbox');
  await shown(citizenPhone, '.large-toggle').click();
  await axeCheck(citizenPhone, 'the citizen inbox in 大字模式');
  await screenshotWhole(citizenPhone, 'notices-5-citizen-inbox-large');
  await shown(citizenPhone, '.large-toggle').click();

  // A tap opens the case's progress with the reply.
  await reply.click();
  await citizenPhone.waitForURL(new RegExp(`/citizen/case/index\\?id=${caseId}`));
  await shown(citizenPhone, '.my-case__reply').waitFor();
  assert.equal(await shown(citizenPhone, '.my-case__reply').innerText(), REPLY);

  // Back in 我的消息: 全部已读 leaves nothing unread, and the home page's badge is gone.
  await citizenPhone.goBack();
  await citizenPhone.waitForURL(/\/citizen\/notices\/index/);
  await shown(citizenPhone, '.inbox__read-all').click();
  await shown(citizenPhone, '.inbox__count:text-is("没有未读消息")').waitFor();
  assert.equal(await shown(citizenPhone, '.notice-card--unread').count(), 0);
  await citizenPhone.goto(`${suite.server.baseUrl}/`, { waitUntil: 'networkidle' });
  await shown(citizenPhone, '.home__mine').waitFor();
  assert.equal(await shown(citizenPhone, '.home__mine .unread-badge').count(), 0);

  assert.deepEqual(errors, []);
  await staffContext.close();
  await citizenPhone.close();
});
