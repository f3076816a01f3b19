// The whole loop of a 差评 through the H5 build, against the real server and database of the demo hall: a citizen
// rates 非常不满意 with a number; the unit's handler signs in, finds the case, reveals the number, records the call and
// replies; the citizen reads the reply, confirms 已解决 and adds a 追评.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSuite, screenshotWhole, shown } from './support.mjs';

const suite = demoSuite({
  prepare: ({ scenes }) => {
    // Window 1 (企业开办) belongs to 泰山区行政审批服务局, whose case handler is A0009.
    assert.ok(scenes.get('1') && scenes.get('2'), 'the demo hall has windows 1 and 2');
  },
});

test('a 差评 goes round the loop: rated, called back, replied, confirmed 已解决, 追评', async () => {
  const errors = [];
  const citizenPhone = await suite.browser.context.newPage();
  citizenPhone.on('pageerror', (e) => errors.push(`citizen: ${e.message}`));

  // The citizen rates window 1 非常不满意, with a tag, a comment and a number.
  await citizenPhone.goto(`${suite.server.baseUrl}/r/${suite.scenes.get('1')}`, { waitUntil: 'networkidle' });
  await shown(citizenPhone, ':text("1号窗口 企业开办")').first().waitFor({ timeout: 15_000 });
  await citizenPhone.locator('.level-choice--1').click();
  await citizenPhone.locator('.tag-chip').nth(1).click();
  await citizenPhone.locator('.comment__input textarea').fill('办事指南和窗口要求的材料不一致，来回跑了三次');
  await citizenPhone.locator('.contact__input input').fill('13912345678');
  await citizenPhone.locator('.rate-submit').click();
  await citizenPhone.waitForURL(/\/pages\/thanks\/index\?clientId=/);
  await shown(citizenPhone, ':text("感谢您的评价")').waitFor();
  const caseNo = (await citizenPhone.locator('.thanks__case-no').innerText()).trim();
  assert.match(await citizenPhone.locator('.thanks__deadlines').innerText(), /^工作人员将在 .+ 前回访核实，.+ 前答复整改结果。$/);
  await screenshotWhole(citizenPhone, 'cases-1-citizen-thanks');

  // The handler, on a phone of their own, comes in through the home page's staff entry.
  const staffContext = await suite.browser.newContext();
  const staffPhone = await staffContext.newPage();
  staffPhone.on('pageerror', (e) => errors.push(`staff: ${e.message}`));
  await staffPhone.goto(`${suite.server.baseUrl}/`, { waitUntil: 'networkidle' });
  await shown(staffPhone, ':text("工作人员入口")').click();
  await staffPhone.waitForURL(/\/staff\/login\/index/);
  await staffPhone.locator('.staff-login__number input').fill('A0009');
  await staffPhone.locator('.staff-login__password input').fill('Demo2026');
  await staffPhone.locator('.staff-login__submit').click();
  await staffPhone.waitForURL(/\/staff\/cases\/index/);
  const first = shown(staffPhone, '.case-card').first();
  await first.waitFor();
  assert.equal((await first.locator('.case-card__no').innerText()).trim(), caseNo, 'the new case is at the top of 我的工单');
  assert.match(await first.innerText(), /待回访[\s\S]*非常不满意[\s\S]*回访期限 .+ · (还剩 \d+ (小时|个工作日)|不到 1 小时)/);
  assert.match(await shown(staffPhone, '.staff-cases__who').innerText(), /陈静（工号 A0009）/);
  await screenshotWhole(staffPhone, 'cases-2-staff-list');

  // The case: the rating, the masked number, revealed on request.
  await first.click();
  await staffPhone.waitForURL(/\/staff\/case\/index\?id=/);
  await shown(staffPhone, '.case-head__state').waitFor();
  assert.equal(await shown(staffPhone, '.case-head__state').innerText(), '待回访');
  assert.equal(await shown(staffPhone, '.contact-card__number').innerText(), '139****5678');
  assert.ok((await shown(staffPhone, '.staff-case').innerText()).includes('“办事指南和窗口要求的材料不一致，来回跑了三次”'));
  await shown(staffPhone, '.contact-card__reveal').click();
  await shown(staffPhone, '.contact-card__call').waitFor();
  assert.equal(await shown(staffPhone, '.contact-card__number').innerText(), '13912345678');
  await screenshotWhole(staffPhone, 'cases-3-staff-case-revealed');

  // 回访核实: reached (the default with a number), 属实, a note.
  await shown(staffPhone, '.actions__button--callback').click();
  await shown(staffPhone, '.form-field--verification').getByText('属实', { exact: true }).click();
  await shown(staffPhone, '.form-field--note textarea').fill('已电话联系群众，材料要求不一致的情况属实');
  await shown(staffPhone, '.action-form__submit').click();
  await shown(staffPhone, '.case-head__state:text-is("已回访核实")').waitFor();

  // 立行立改: the reply straight away.
  await shown(staffPhone, '.actions__button--reply').click();
  await shown(staffPhone, '.form-field--reply textarea').fill('您反映的问题属实。我们已统一办事指南和窗口的材料清单，并对窗口人员进行了培训。');
  await shown(staffPhone, '.form-field--result textarea').fill('办事指南已更新，窗口人员已培训');
  await shown(staffPhone, '.action-form__submit').click();
  await shown(staffPhone, '.case-head__state:text-is("已答复")').waitFor();
  assert.match(await shown(staffPhone, '.timeline').innerText(), /生成工单[\s\S]*查看号码[\s\S]*回访核实 → 已回访核实[\s\S]*答复群众 → 已答复/);
  await screenshotWhole(staffPhone, 'cases-4-staff-replied');

  // The citizen opens 我的评价, then the case, reads the reply and confirms it is solved.
  await citizenPhone.goto(`${suite.server.baseUrl}/pages/mine/index`, { waitUntil: 'networkidle' });
  await shown(citizenPhone, '.rating-card__open').click();
  await citizenPhone.waitForURL(/\/citizen\/case\/index\?id=/);
  await shown(citizenPhone, '.my-case__reply').waitFor();
  assert.equal(await shown(citizenPhone, '.my-case__reply').innerText(), '您反映的问题属实。我们已统一办事指南和窗口的材料清单，并对窗口人员进行了培训。');
  assert.equal(await shown(citizenPhone, '.my-case__state').innerText(), '已答复，请您确认');
  assert.match(await shown(citizenPhone, '.answer').innerText(), /请在 \d{1,2}月\d{1,2}日 \d\d:\d\d 前告诉我们；逾期未确认的，将默认办结。/);
  const timeline = await shown(citizenPhone, '.my-case__timeline').innerText();
  assert.match(timeline, /工作人员已回访核实[\s\S]*单位已答复/);
  assert.ok(!timeline.includes('材料要求不一致的情况属实'), 'the citizen never reads staff notes');
  await screenshotWhole(citizenPhone, 'cases-5-citizen-reply');
  await shown(citizenPhone, '.answer__resolved').click();
  // It closes the case for good: the page asks once more.
  await shown(citizenPhone, '.taro-modal__title:text-is("确认问题已解决？")').waitFor();
  await shown(citizenPhone, '.taro-modal__foot :text-is("确认解决")').click();
  await shown(citizenPhone, '.my-case__state:text-is("已办结（群众确认已解决）")').waitFor();

  // 追评: 满意, with a comment.
  await shown(citizenPhone, '.follow-up__level--4').click();
  await shown(citizenPhone, '.answer__comment textarea').fill('处理及时，谢谢');
  await shown(citizenPhone, '.answer__primary').click();
  await shown(citizenPhone, ':text("满意：“处理及时，谢谢”")').waitFor();
  assert.equal(await shown(citizenPhone, '.follow-up').count(), 0, 'one 追评 only');
  await screenshotWhole(citizenPhone, 'cases-6-citizen-followup');

  // Behind the pages: the case closed as resolved with the follow-up, and the reveal audited.
  const handler = await suite.api('/auth/login', { method: 'POST', body: { staffNumber: 'A0009', password: 'Demo2026' } });
  const list = await suite.api('/cases', { token: handler.body.accessToken });
  const id = list.body.items.find((c) => c.caseNo === caseNo)?.id;
  const done = await suite.api(`/cases/${id}`, { token: handler.body.accessToken });
  assert.equal(done.body.state, 'closed');
  assert.equal(done.body.closeKind, 'resolved');
  assert.deepEqual({ level: done.body.followUp.level, comment: done.body.followUp.comment }, { level: 4, comment: '处理及时，谢谢' });
  const admin = await suite.api('/auth/login', { method: 'POST', body: { staffNumber: 'admin', password: 'Demo2026' } });
  const reveals = await suite.api(`/audit/contact-reveals?caseId=${id}`, { token: admin.body.accessToken });
  assert.equal(reveals.status, 200, JSON.stringify(reveals.body));
  assert.deepEqual(
    reveals.body.items.map((r) => r.staff.staffNumber),
    ['A0009'],
  );

  // The case page on the staff phone follows: back to the list, the case is closed.
  await staffPhone.reload({ waitUntil: 'networkidle' });
  await shown(staffPhone, '.case-head__state:text-is("已办结")').waitFor();
  assert.equal(await shown(staffPhone, '.actions__none').count(), 1);
  assert.deepEqual(errors, []);
  await staffContext.close();
  await citizenPhone.close();
});

test('a 差评 without a number promises no call: the unit verifies and replies in 我的评价', async () => {
  const { context, page, errors } = await suite.phone();

  await page.goto(`${suite.server.baseUrl}/r/${suite.scenes.get('2')}`, { waitUntil: 'networkidle' });
  await shown(page, ':text("2号窗口 工程建设项目审批")').first().waitFor({ timeout: 15_000 });
  await page.locator('.level-choice--2').click();
  await page.locator('.rate-submit').click();
  await page.waitForURL(/\/pages\/thanks\/index\?clientId=/);
  const deadlines = await shown(page, '.thanks__deadlines').innerText();
  assert.match(deadlines, /^您没有留下联系电话，工作人员不会电话联系您。承办单位将核实情况，并于 \d{1,2}月\d{1,2}日 \d\d:\d\d 前在“我的评价”中答复您。$/);
  await screenshotWhole(page, 'cases-7-citizen-thanks-no-number');

  await shown(page, '.thanks__mine').click();
  await shown(page, '.rating-card__open').click();
  await page.waitForURL(/\/citizen\/case\/index\?id=/);
  await shown(page, '.my-case__state').waitFor();
  assert.equal(await shown(page, '.my-case__state').innerText(), '核实处理中');
  const text = await shown(page, '.my-case').innerText();
  assert.match(text, /您没有留下联系电话，工作人员不会电话联系您。承办单位将核实情况，于 \d{1,2}月\d{1,2}日 \d\d:\d\d 前在这里答复您。/);
  assert.ok(!/前电话回访核实/.test(text), text);
  await screenshotWhole(page, 'cases-8-citizen-case-no-number');
  assert.deepEqual(errors, []);
  await context.close();
});
