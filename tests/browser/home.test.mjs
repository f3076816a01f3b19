import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSuite, screenshotPath } from './support.mjs';

const suite = demoSuite({ demo: false });

test('the home page renders in Chinese at / with the 扫码评价 entry', async () => {
  const page = await suite.browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(`${suite.server.baseUrl}/`, { waitUntil: 'networkidle' });
  assert.equal(response.status(), 200);
  await page.locator(':text("政务服务好差评"):visible').first().waitFor({ timeout: 15_000 });
  await page.locator(':text("扫码评价"):visible').first().waitFor();
  assert.equal(await page.title(), '政务服务好差评');
  await page.screenshot({ path: screenshotPath('home'), fullPage: true });
  assert.deepEqual(errors, []);
});
