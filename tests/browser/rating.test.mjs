// A citizen rates windows of the demo hall through the H5 build, against the real server and database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSuite, screenshotWhole } from './support.mjs';

const suite = demoSuite({
  prepare: ({ scenes }) => assert.ok(scenes.get('4') && scenes.get('5'), 'the demo hall has windows 4 and 5'),
});

/** Opens a window's QR URL and waits for the window to be named. */
async function openWindow(page, number, title) {
  const response = await page.goto(`${suite.server.baseUrl}/r/${suite.scenes.get(number)}`, { waitUntil: 'networkidle' });
  assert.equal(response.status(), 200);
  await page.locator(`:text("${title}"):visible`).first().waitFor({ timeout: 15_000 });
}

/** The citizen's token, as the page keeps it (Taro storage on H5 wraps values as {data}). */
async function citizenToken(page) {
  return page.evaluate(() => {
    const raw = localStorage.getItem('hcp.session.token');
    return raw ? JSON.parse(raw).data : null;
  });
}

test('a citizen rates window 5 非常不满意 and window 4 满意, then finds both in 我的评价', async () => {
  const page = await suite.browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await openWindow(page, '5', '5号窗口 不动产登记');
  assert.equal(await page.title(), '服务评价');
  await page.locator(':text("孙丽（工号 C0001）"):visible').waitFor();
  assert.equal(await page.locator('.level-choice--chosen').count(), 0, 'no level is chosen for the citizen');

  await page.locator('.level-choice--1').click();
  const tags = page.locator('.tag-chip');
  assert.equal(await tags.count(), 8);
  await tags.nth(1).click();
  await tags.nth(5).click();
  await page.locator('.comment__input textarea').fill('窗口要求的材料和办事指南不一致，来回跑了三次');
  await page.locator(':text("22/150"):visible').waitFor();
  await page.locator('.contact__input input').fill('13912345678');
  await screenshotWhole(page, 'rating-rate-before-submit');

  await page.locator('.rate-submit').click();
  await page.waitForURL(/\/pages\/thanks\/index\?clientId=/);
  await page.locator(':text("感谢您的评价"):visible').waitFor();
  const caseNo = (await page.locator('.thanks__case-no').innerText()).trim();
  assert.match(caseNo, /^\S{6,}$/);
  const deadlines = await page.locator('.thanks__deadlines').innerText();
  assert.match(deadlines, /^工作人员将在 \d{1,2}月\d{1,2}日 \d\d:\d\d 前回访核实，\d{1,2}月\d{1,2}日 \d\d:\d\d 前答复整改结果。$/);
  await screenshotWhole(page, 'rating-thanks-case');

  await openWindow(page, '4', '4号窗口 就业创业');
  await page.locator('.level-choice--4').click();
  await page.locator('.rate-submit').click();
  await page.waitForURL(/\/pages\/thanks\/index\?clientId=/);
  await page.locator(':text("感谢您的评价"):visible').waitFor();
  assert.equal(await page.locator('.thanks__case').count(), 0, 'a good rating opens no case');

  await page.locator('.thanks__mine').click();
  await page.waitForURL(/\/pages\/mine\/index/);
  const cards = page.locator('.rating-card');
  await cards.nth(1).waitFor();
  assert.equal(await cards.count(), 2);
  // Newest first: window 4, then window 5 with its case.
  assert.match(await cards.nth(0).innerText(), /满意[\s\S]*4号窗口 就业创业/);
  const bad = await cards.nth(1).innerText();
  assert.match(bad, /非常不满意[\s\S]*5号窗口 不动产登记/);
  assert.ok(bad.includes(`案件编号 ${caseNo}`), bad);
  assert.match(bad, /待回访/);
  assert.match(bad, /回访期限：\d{1,2}月\d{1,2}日 \d\d:\d\d/);
  assert.match(bad, /答复期限：\d{1,2}月\d{1,2}日 \d\d:\d\d/);
  await screenshotWhole(page, 'rating-mine');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a rating made while the network is cut is kept and sent once when it returns', async () => {
  // Another phone: a citizen of its own.
  const { context, page, errors } = await suite.phone();

  await openWindow(page, '3', '3号窗口 社会保障卡');
  await page.locator('.level-choice--3').click();
  // Choosing a level signs the citizen in; the network goes after that, just before the tap.
  await page.waitForFunction(() => localStorage.getItem('hcp.session.token') !== null);
  const token = await citizenToken(page);

  await context.setOffline(true);
  await page.locator('.rate-submit').click();
  await page.locator(':text("已保存，联网后自动提交"):visible').waitFor();
  await screenshotWhole(page, 'rating-saved-offline');
  assert.equal((await suite.api('/me/ratings', { token })).body.total, 0, 'nothing reached the server while offline');

  await context.setOffline(false);
  await page.locator(':text("感谢您的评价"):visible').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator(':text("已保存，联网后自动提交"):visible').count(), 0);

  const mine = await suite.api('/me/ratings', { token: await citizenToken(page) });
  assert.equal(mine.status, 200);
  assert.equal(mine.body.total, 1);
  assert.equal(mine.body.items[0].level, 3);
  assert.equal(mine.body.items[0].window.number, '3');
  const queue = await page.evaluate(() => JSON.parse(localStorage.getItem('hcp.rating.queue') ?? '{"data":[]}').data);
  assert.deepEqual(queue, []);

  await page.locator('.thanks__mine').click();
  await page.locator('.rating-card').first().waitFor();
  assert.equal(await page.locator('.rating-card').count(), 1);
  assert.equal(await page.locator(':text("待提交（联网后自动提交）")').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
