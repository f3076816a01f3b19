// The desktop console (apps/console, served at /console/) against the real server and database of the demo hall: a
// supervisor signs in, reads the dashboard with its charts, drills down to a window and opens its overdue case; an
// administrator checks a catalog file with one bad row (the report names the row) and prints a hall's posters, and
// creates an API key (shown once, with a copy button), which opens the national export until it is revoked.
/* global document, getComputedStyle -- page callbacks run in the browser */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { atRest, axeCheck, demoSuite, screenshotPath } from './support.mjs';

/** China-time date `daysAgo` days before today, YYYY-MM-DD. */
function chinaDay(daysAgo) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - daysAgo * 86_400_000));
}

/** What the seeded ratings should show, counted here independently of the server. */
const expected = { ratings: 0, good: 0, window1Bad: 0 };

/**
 * Ratings over the last six days from citizens' phones (each its own device), sent as the offline queue sends them so
 * they fall on their days: most good, some 差评 with the national tags, at every demo window.
 */
async function seedRatings() {
  const levelsPerWindow = { 1: [5, 5, 4, 5, 3, 2, 1, 5, 4, 5, 5, 4, 5, 2, 5, 4], 2: [5, 4, 5, 5, 4, 5, 3, 5], 3: [5, 5, 4, 2, 5, 4, 5, 5], 4: [4, 5, 5, 5], 5: [5, 1, 4, 5, 5, 3], 6: [5, 5, 4] };
  // Oldest first, two hours apart: the fraud signals look at what was rated at a window in the ten minutes after a
  // rating, and these are ratings of different people on different visits.
  const plan = Object.entries(levelsPerWindow).flatMap(([number, levels]) => levels.map((level) => ({ number, level, now: false })));
  const total = plan.length;
  // And three at window 1 now, while 王晓燕 is on duty there (the demo starts her shift): they are credited to her.
  plan.push({ number: '1', level: 5, now: true }, { number: '1', level: 4, now: true }, { number: '1', level: 5, now: true });
  let n = 0;
  let caseNo = null;
  for (const { number, level, now } of plan) {
    {
      n += 1;
      const device = await suite.api('/auth/device', { method: 'POST', body: { deviceId: `console-test-device-${n}-${randomUUID().slice(0, 8)}` } });
      assert.equal(device.status, 200, JSON.stringify(device.body));
      const ratedAt = new Date(Date.now() - (total + 1 - n) * 2 * 3_600_000).toISOString();
      const bad = level <= 2;
      const body = {
        clientId: randomUUID(),
        scene: suite.scenes.get(number),
        level,
        tagCodes: bad ? (level === 1 ? [113, 115] : [213, 214]) : level === 5 ? [517] : [],
        ...(now ? {} : { queued: true, ratedAt }),
        ...(bad && number === '1' ? { contactPhone: '13912340000', comment: '材料清单和窗口要求不一致' } : {}),
      };
      const rated = await suite.api('/ratings', { method: 'POST', token: device.body.accessToken, body });
      assert.ok(rated.status === 200 || rated.status === 201, JSON.stringify(rated.body));
      expected.ratings += 1;
      if (level >= 3) expected.good += 1;
      if (bad && number === '1') {
        expected.window1Bad += 1;
        caseNo ??= rated.body.caseNo;
      }
    }
  }
  return caseNo;
}

let overdueCaseNo;

const suite = demoSuite({
  database: true,
  prepare: async ({ db }) => {
    overdueCaseNo = await seedRatings();
    assert.ok(overdueCaseNo, 'a 差评 with a number at window 1 opened a case');
    // The case's call-back deadline passed three hours ago without a call: it is overdue, as the scheduler would mark it.
    const moved = await db.query(`UPDATE rating_case SET callback_due_at = now() - interval '3 hours' WHERE case_no = $1`, [overdueCaseNo]);
    assert.equal(moved.rowCount, 1);
  },
});

/** A desktop browser at the smallest screen the console is made for. */
async function desktopPage(errors) {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  // A refusal the page expects (the import check's 400) is shown to the user; a missing file or a server error is not.
  page.on('response', (r) => (r.status() === 404 || r.status() >= 500) && errors.push(`${r.status()} ${new URL(r.url()).pathname}`));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  return page;
}

/** Runs a test's steps; when one fails, the page as it was is kept as a screenshot to look at. */
async function shotOnFailure(page, name, steps) {
  try {
    await steps();
  } catch (error) {
    await page.screenshot({ path: screenshotPath(name), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

async function signIn(page, path, staffNumber) {
  await page.goto(`${suite.server.baseUrl}${path}`);
  await page.getByLabel('工号').fill(staffNumber);
  await page.getByLabel('密码').fill('Demo2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: /退出登录/ }).waitFor();
}

/** Signing in with the keyboard alone: the staff number has the focus, Tab to the password, Enter. */
async function signInByKeyboard(page, path, staffNumber) {
  await page.goto(`${suite.server.baseUrl}${path}`);
  await page.getByLabel('工号').waitFor();
  await axeCheck(page, 'the sign-in page');
  await page.keyboard.type(staffNumber);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Demo2026');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: /退出登录/ }).waitFor();
}

test('an administrator checks a catalog file with one bad row, sees the row named, and prints a hall’s posters', async () => {
  const errors = [];
  const page = await desktopPage(errors);
  await shotOnFailure(page, 'console-failed-admin', async () => {
    await signIn(page, '/console/', 'admin');
    // An access token the server no longer takes (expired, say): the console renews it with the refresh token and
    // carries on, without sending the administrator back to the sign-in page.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('hcp-console-session'));
      sessionStorage.setItem('hcp-console-session', JSON.stringify({ ...session, accessToken: 'no-longer-valid' }));
    });
    await page.reload();
    await page.getByRole('button', { name: /退出登录/ }).waitFor();
    assert.notEqual(await page.evaluate(() => JSON.parse(sessionStorage.getItem('hcp-console-session')).accessToken), 'no-longer-valid');
    await page.getByRole('menuitem', { name: '批量导入' }).click();
    await page.waitForURL(/\/console\/import$/);

    // Service items: line 3 names a unit that does not exist.
    const csv = [
      '事项编码,事项名称,单位编码',
      '11370902MB2845001A-000201009000,个体工商户登记,11370902MB2845001A',
      '11370902MB2845001A-000201010000,食品经营许可,99999999NOSUCHUNIT',
      '11370902MB2845002B-001003099000,灵活就业登记,11370902MB2845002B',
    ].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'service-items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '检查文件' }).click();
    const rows = page.locator('.import-errors tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1, 'one problem, in one row');
    const row = await rows.first().innerText();
    assert.match(row, /第 3 行/);
    assert.match(row, /单位编码/, 'the column is named as the file names it');
    assert.match(row, /99999999NOSUCHUNIT/);
    assert.ok(await page.getByRole('button', { name: '正式导入' }).isDisabled(), 'a file that failed its check cannot be imported');
    assert.match(await page.locator('.import-report').innerText(), /没有导入任何数据/);
    // The check button fades back from its loading state and from its hover colour (antd animates both): colours are
    // judged once the button itself is at rest. Only the button's own transitions count: the spinner it drops may
    // keep an endless spin while it leaves, and the click ripple draws no text.
    await page.mouse.move(0, 0);
    await page.waitForFunction(() => {
      const button = document.querySelector('.import-check');
      return (
        button &&
        !button.classList.contains('ant-btn-loading') &&
        getComputedStyle(button).opacity === '1' &&
        button.getAnimations().every((a) => a.playState !== 'running')
      );
    });
    await page.screenshot({ path: screenshotPath('console-3-import-report'), fullPage: true });
    await axeCheck(page, 'the import report');
    const items = await suite.api('/service-items?q=食品经营许可', { token: (await adminToken()).accessToken });
    assert.equal(items.body.total, 0, 'nothing was written');

    // The hall's posters: one click fetches the PDF and opens the print dialog on it.
    await page.getByRole('menuitem', { name: '二维码与海报' }).click();
    await page.getByLabel('选择大厅').click();
    await page.getByLabel('选择大厅').fill('泰山');
    // Chosen with the keyboard, as a clerk without a mouse would.
    await page.locator('.ant-select-item-option', { hasText: '泰山区政务服务中心' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.poster-table tbody tr').nth(5).waitFor();
    await page.locator('.poster-table .ant-spin-blur').waitFor({ state: 'detached' });
    await page.waitForTimeout(300); // the hall list's closing animation
    await page.screenshot({ path: screenshotPath('console-4-posters'), fullPage: true });
    const pdf = page.waitForResponse((r) => /\/halls\/[^/]+\/posters\.pdf$/.test(new URL(r.url()).pathname));
    await page.getByRole('button', { name: /打印本大厅海报/ }).click();
    const response = await pdf;
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    await page.locator('iframe.pdf-print').waitFor({ state: 'attached' });
    // The print frame holds the PDF as the page received it (the response checked above).
    assert.match(await page.locator('iframe.pdf-print').getAttribute('src'), /^blob:/);
    // (No picture after this: headless Chromium's print dialog on a PDF frame may take the page down with it.)
  });
  await page.context().close();
  assert.deepEqual(errors, []);
});

test('an administrator sees and picks any unit by name, however many there are', async () => {
  const { accessToken: token } = await adminToken();
  const some = await suite.api('/units?pageSize=1', { token });
  const regionCode = some.body.items[0].regionCode;
  // 130 more units, sorted after the demo's: the last are beyond any first page a list or a select loads.
  const units = [];
  for (let i = 0; i < 130; i += 1) {
    const n = String(i).padStart(3, '0');
    const created = await suite.api('/units', { method: 'POST', token, body: { code: `ZZ-MANY-${n}`, name: `测试批量单位${n}号`, regionCode } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    units.push(created.body);
  }
  const item = await suite.api('/service-items', { method: 'POST', token, body: { code: 'ZZ-MANY-ITEM', name: '末位单位的测试事项', unitId: units[129].id } });
  assert.equal(item.status, 201, JSON.stringify(item.body));

  const errors = [];
  const page = await desktopPage(errors);
  await shotOnFailure(page, 'console-failed-many-units', async () => {
    await signIn(page, '/console/catalog/service-items', 'admin');
    await page.getByLabel('搜索服务事项').fill('末位单位的测试事项');
    await page.getByLabel('搜索服务事项').press('Enter');
    const row = page.locator('.catalog-table tbody tr', { hasText: '末位单位的测试事项' });
    // The list names the unit, though it is the 130th after the demo's.
    await row.getByText('测试批量单位129号').waitFor();
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const form = page.getByRole('dialog');
    // The form's unit shows by name, not as an id.
    await form.getByText('测试批量单位129号（ZZ-MANY-129）').waitFor();
    // Another unit far down the list, found by typing part of its name.
    await form.getByLabel('负责单位').click();
    await form.getByLabel('负责单位').fill('批量单位128');
    await page.locator('.ant-select-item-option', { hasText: '测试批量单位128号' }).click();
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await row.getByText('测试批量单位128号').waitFor();
  });
  await page.context().close();
  const saved = await suite.api(`/service-items/${item.body.id}`, { token });
  assert.equal(saved.body.unitId, units[128].id);
  assert.deepEqual(errors, []);
});

async function adminToken() {
  const login = await suite.api('/auth/login', { method: 'POST', body: { staffNumber: 'admin', password: 'Demo2026' } });
  return login.body;
}

/** The figures come from roll-ups a job keeps (every minute): wait until they hold the seeded ratings. */
async function waitForFigures(from, to) {
  const { accessToken } = await adminToken();
  const deadline = Date.now() + 180_000;
  for (;;) {
    const overview = await suite.api(`/stats/overview?from=${from}&to=${to}`, { token: accessToken });
    if (overview.status === 200 && overview.body.current.counts.ratings === expected.ratings) return;
    if (Date.now() > deadline) throw new Error(`the figures did not reach ${expected.ratings} ratings: ${JSON.stringify(overview.body)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

test('a supervisor signs in, reads the dashboard, drills down to a window and opens its overdue case', async () => {
  const from = chinaDay(6);
  const to = chinaDay(0);
  await waitForFigures(from, to);
  const errors = [];
  const page = await desktopPage(errors);
  await shotOnFailure(page, 'console-failed-supervisor', async () => {
    await signInByKeyboard(page, `/console/?from=${from}&to=${to}`, 'S0001');
    assert.match(await page.locator('.console__who').innerText(), /李监督（工号 S0001）· 监督人员/);
    // A supervisor's menu: the figures and the cases, no administration.
    await page.getByRole('menuitem', { name: '异常评价' }).waitFor();
    assert.equal(await page.getByRole('menuitem', { name: '批量导入' }).count(), 0);

    // Headline figures: what was seeded, counted here.
    const ratings = page.locator('.figure-card--ratings');
    await ratings.getByText(String(expected.ratings), { exact: true }).waitFor();
    const goodRate = `${((expected.good / expected.ratings) * 100).toFixed(1)}%`;
    assert.match(await page.locator('.figure-card--good').innerText(), new RegExp(goodRate.replace('.', '\\.')));
    // The previous six days had no ratings: no change can be given against them for the rates.
    assert.match(await page.locator('.figure-card--good').innerText(), /较上期 无可比数据/);
    // Both charts drew.
    await page.locator('.trend-chart canvas').waitFor();
    await page.locator('.tag-chart canvas').waitFor();
    await page.getByText('泰山区行政审批服务局').first().waitFor();
    await page.waitForTimeout(600); // the charts' entrance animation
    await page.screenshot({ path: screenshotPath('console-1-dashboard'), fullPage: true });
    await axeCheck(page, 'the dashboard');

    // The ranking links each unit to its drill-down.
    assert.match(await page.locator('.ranking-card').getByRole('link', { name: '泰山区行政审批服务局' }).getAttribute('href'), /\/console\/explore\?.*unitId=/);
    // Drill down from the city: its district (泰山区 holds every rating), the district's units, then window 1, where
    // the staff member on duty is listed.
    await page.getByRole('menuitem', { name: '逐级查看' }).click();
    const district = page.locator('.breakdown-card').getByRole('row', { name: /泰山区/ });
    await district.getByRole('cell', { name: String(expected.ratings), exact: true }).waitFor();
    await page.waitForTimeout(400); // the table's loading shade fading out
    await page.screenshot({ path: screenshotPath('console-1-regions') });
    // The switch lists the city's units instead, and back.
    await page.locator('.breakdown-card').getByText('单位', { exact: true }).click();
    await page.waitForURL(/view=units/);
    await page.locator('.breakdown-card').getByRole('link', { name: '泰山区人力资源和社会保障局' }).waitFor();
    await page.locator('.breakdown-card').getByText('下级地区', { exact: true }).click();
    await district.getByRole('link', { name: '泰山区', exact: true }).click();
    await page.waitForURL(/region=370902000000/);
    await page.locator('.breakdown-card').getByRole('link', { name: '泰山区行政审批服务局' }).click();
    await page.waitForURL(/\/console\/explore\?.*unitId=/);
    await page.locator('.breakdown-card').getByRole('link', { name: /企业开办/ }).click();
    await page.waitForURL(/windowId=/);
    await page.locator('.breakdown-card').getByRole('link', { name: '王晓燕（A0001）' }).waitFor();
    await page.locator('.explore-crumbs').getByText(/1号窗口 企业开办/).waitFor();
    assert.match(await page.locator('.explore-crumbs').innerText(), /泰安市[\s\S]*泰山区[\s\S]*泰山区行政审批服务局[\s\S]*企业开办/);

    // The window's overdue case, opened.
    const overdue = page.locator('.overdue-card');
    await overdue.getByRole('link', { name: overdueCaseNo }).click();
    const drawer = page.locator('.case-drawer');
    await drawer.getByText(`工单 ${overdueCaseNo}`).waitFor();
    await drawer.getByText('已逾期').waitFor();
    assert.match(await drawer.innerText(), /材料清单和窗口要求不一致/);
    assert.match(await drawer.innerText(), /139\*\*\*\*0000/, 'the number is masked for a supervisor');
    await page.waitForTimeout(400); // the drawer's slide
    // What the supervisor sees on a 1366×768 screen: the case over the window's figures.
    await page.screenshot({ path: screenshotPath('console-2-window-case') });
    await axeCheck(page, 'a case opened from the window’s page');

    // The month's report to print lists the overdue case too.
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem', { name: '月度报告' }).click();
    await page.getByRole('heading', { name: /好差评月报 · 泰安市/ }).waitFor();
    await page.getByRole('cell', { name: overdueCaseNo }).waitFor();
    // 下载 Excel saves the same month's workbook (fetched with the token; a bare link would be refused).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载 Excel/ }).click()]);
    assert.match(download.suggestedFilename(), /^好差评月报-\d{4}-\d{2}\.xlsx$/);
    const workbook = readFileSync(await download.path());
    assert.equal(workbook.subarray(0, 2).toString(), 'PK', 'an XLSX file (a zip package)');
    assert.ok(workbook.includes(Buffer.from('xl/worksheets/sheet5.xml')), 'five sheets, the overdue list the last');
    await page.waitForTimeout(400); // the tables' loading shade fading out
    await page.screenshot({ path: screenshotPath('console-5-monthly-report'), fullPage: true });
  });
  await page.context().close();
  assert.deepEqual(errors, []);
});

test('an administrator creates an API key for the province’s export, copies it from the one place it is shown, and revokes it', async () => {
  const errors = [];
  const page = await desktopPage(errors);
  const exportWith = (key) => fetch(`${suite.server.baseUrl}/api/v1/exports/national?limit=1`, { headers: { 'X-Api-Key': key } }).then((r) => r.status);
  await shotOnFailure(page, 'console-failed-api-keys', async () => {
    await signIn(page, '/console/', 'admin');
    await page.getByRole('menuitem', { name: 'API 密钥' }).click();
    await page.waitForURL(/\/console\/api-keys$/);
    await page.getByRole('button', { name: '新建密钥' }).click();
    const form = page.getByRole('dialog', { name: '新建 API 密钥' });
    await form.waitFor();
    await atRest(page);
    // Nothing chosen: the form says what is missing and creates nothing.
    await form.getByRole('button', { name: /创\s*建/ }).click();
    await form.getByText('请填写名称').waitFor();
    await form.getByText('请至少选择一项权限').waitFor();
    await form.getByLabel('名称（对接的系统）').fill('省级好差评数据上报');
    await form.getByLabel('国家平台数据导出').check();
    await form.getByRole('button', { name: /创\s*建/ }).click();

    const shown = page.getByRole('dialog', { name: /已创建/ });
    await shown.getByText('密钥只显示这一次').waitFor();
    await atRest(page);
    const key = (await shown.locator('code').innerText()).trim();
    assert.match(key, /^hcp_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    assert.ok(await shown.getByRole('button', { name: '复制密钥' }).isVisible(), 'a copy button next to the key');
    await axeCheck(page, 'the new API key');
    await page.screenshot({ path: screenshotPath('console-5-api-key-created'), fullPage: true });
    assert.equal(await exportWith(key), 200, 'the key opens the export');
    await shown.getByRole('button', { name: /我已保存/ }).click();

    // Listed without the key; revoked after a confirmation, and refused from then on.
    const row = page.locator('.ant-table-row', { hasText: '省级好差评数据上报' });
    await row.waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes(key.slice(13)), 'the list never shows the key again');
    await row.getByRole('button', { name: '停用密钥' }).click();
    await page.getByRole('dialog').getByText('停用后，使用该密钥的系统将立即无法调用接口').waitFor();
    await atRest(page);
    await page.getByRole('dialog').getByRole('button', { name: /停\s*用/ }).click();
    await row.getByText(/已停用/).waitFor();
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('console-6-api-key-revoked'), fullPage: true });
    assert.equal(await exportWith(key), 401, 'a revoked key is refused');
  });
  await page.context().close();
  assert.deepEqual(errors, []);
});
