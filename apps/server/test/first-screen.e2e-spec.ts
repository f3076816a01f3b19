import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { HallEntity } from '../src/modules/catalog/entities/hall.entity.js';
import { WindowEntity } from '../src/modules/catalog/entities/window.entity.js';
import { seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The build's page as Taro writes it: deferred scripts and a stylesheet link in the head, the app's root in the body. */
const INDEX_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>政务服务好差评</title>' +
  '<script defer="defer" src="/js/app.0123abcd.js"></script><link href="/css/app.89abcdef.css" rel="stylesheet"></head>' +
  '<body><div id="app"></div></body></html>';
/** Large enough to be worth compressing, as the real sheet (30 KB) is. */
const CSS = Array.from({ length: 200 }, (_, i) => `.level-choice--${i}{min-height:${58 + i}px;padding:6px 16px}`).join('');

const FIRST_SCREEN = /<div id="hcp-first-screen"[\s\S]*?<\/form><\/div><\/div>/;
const DATA_BLOCK = /<script type="application\/json" id="hcp-page-data">([^<]*)<\/script>/;

function firstScreenOf(html: string): string | null {
  return FIRST_SCREEN.exec(html)?.[0] ?? null;
}

function dataOf(html: string): Record<string, unknown> | null {
  const block = DATA_BLOCK.exec(html);
  return block ? (JSON.parse(block[1]) as Record<string, unknown>) : null;
}

/** The levels the first screen offers, best first, with whether each is shown chosen. */
function levelsOf(screen: string): { value: string; label: string; pressed: string }[] {
  return [...screen.matchAll(/<button type="submit" name="level" value="(\d)" aria-pressed="(true|false)"[^>]*>[\s\S]*?<span class="level-choice__label">([^<]*)<\/span>/g)].map(
    (m) => ({ value: m[1], pressed: m[2], label: m[3] }),
  );
}

describe('the first screen of a window’s rating page, drawn by the server', () => {
  let t: TestApp;
  let dir: string;
  let world: World;
  const post = (path: string) => request(t.http).post(path).type('form');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hcp-h5-first-'));
    await mkdir(join(dir, 'js'));
    await mkdir(join(dir, 'css'));
    await writeFile(join(dir, 'index.html'), INDEX_HTML);
    await writeFile(join(dir, 'js', 'app.0123abcd.js'), 'console.log(1)');
    await writeFile(join(dir, 'css', 'app.89abcdef.css'), CSS);
    t = await createTestApp({ env: { H5_DIST_DIR: dir } });
    world = await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the window and the five levels as buttons of a form posting back to the page, with the styles in the page', async () => {
    const res = await request(t.http).get('/r/SceneWindowA1').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const screen = firstScreenOf(res.text);
    expect(screen).not.toBeNull();
    expect(screen).toContain('<form class="rate" method="post" action="/r/SceneWindowA1">');
    expect(screen).toContain('1号窗口 企业开办');
    expect(screen).toContain('泰山区政务服务中心');
    expect(screen).toContain('泰山区行政审批服务局');
    expect(levelsOf(screen!)).toEqual([
      { value: '5', label: '非常满意', pressed: 'false' },
      { value: '4', label: '满意', pressed: 'false' },
      { value: '3', label: '基本满意', pressed: 'false' },
      { value: '2', label: '不满意', pressed: 'false' },
      { value: '1', label: '非常不满意', pressed: 'false' },
    ]);
    expect(screen).toContain('<a class="first-screen__control toolbar__home" href="/">返回首页</a>');
    // Before the app's root, so it is drawn before the scripts run; the app's root stays, once.
    expect(res.text.indexOf('id="hcp-first-screen"')).toBeLessThan(res.text.indexOf('<div id="app">'));
    expect(res.text.match(/<div id="app">/g)).toHaveLength(1);
    // The stylesheet travels in the page: no second round trip before the screen is drawn.
    expect(res.text).toContain(`<style data-href="/css/app.89abcdef.css">${CSS}</style>`);
    expect(res.text).not.toMatch(/<link[^>]*stylesheet/);
    expect(res.text).toContain('<script defer="defer" src="/js/app.0123abcd.js"></script>');
    // The app's data as before, without a level: nothing is chosen for the citizen.
    const data = dataOf(res.text);
    expect(data).toMatchObject({ scan: { scene: 'SceneWindowA1' } });
    expect(data).not.toHaveProperty('level');
  });

  it('writes names from the catalog as text: markup in a window’s or hall’s name is shown, never run', async () => {
    const name = '企业开办<img src=x onerror=alert(1)>"\'&amp;';
    await t.dataSource.getRepository(WindowEntity).update({ id: world.windows.WA.id }, { name });
    await t.dataSource.getRepository(HallEntity).update({ id: world.halls.H1.id }, { name: '中心</form><script>alert(2)</script>' });
    try {
      const res = await request(t.http).get('/r/SceneWindowA1').expect(200);
      const screen = firstScreenOf(res.text)!;
      expect(screen).toContain('1号窗口 企业开办&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;amp;');
      expect(screen).toContain('中心&lt;/form&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
      expect(res.text).not.toContain('<img');
      expect(res.text).not.toContain('<script>alert');
      expect(levelsOf(screen)).toHaveLength(5);
      expect(dataOf(res.text)).toMatchObject({ scan: { window: { name } } });
    } finally {
      await t.dataSource.getRepository(WindowEntity).update({ id: world.windows.WA.id }, { name: '企业开办' });
      await t.dataSource.getRepository(HallEntity).update({ id: world.halls.H1.id }, { name: '泰山区政务服务中心' });
    }
  });

  it('comes back with the tapped level chosen, for the app to carry on from', async () => {
    const res = await post('/r/SceneWindowA1').send('level=2').expect(200);
    const screen = firstScreenOf(res.text)!;
    expect(levelsOf(screen).map((l) => `${l.value}:${l.pressed}`)).toEqual(['5:false', '4:false', '3:false', '2:true', '1:false']);
    expect(screen).toContain('level-choice--2 level-choice--chosen');
    // Kept if 大字模式 is switched next.
    expect(screen).toContain('<input type="hidden" name="chosen" value="2">');
    expect(dataOf(res.text)).toMatchObject({ level: 2, scan: { scene: 'SceneWindowA1' } });
  });

  it('never takes a level from the address: a printed or shared link cannot arrive with a rating chosen', async () => {
    for (const query of ['?level=5', '?level=1&chosen=1']) {
      const res = await request(t.http).get(`/r/SceneWindowA1${query}`).expect(200);
      expect(levelsOf(firstScreenOf(res.text)!).every((l) => l.pressed === 'false')).toBe(true);
      expect(dataOf(res.text)).not.toHaveProperty('level');
    }
  });

  it('says a level is needed first when 提交评价 is tapped before one', async () => {
    const res = await post('/r/SceneWindowA1').send('').expect(200);
    expect(firstScreenOf(res.text)).toContain('<span class="rate-form__error" role="alert">请先选择您的满意程度</span>');
    const chosen = await post('/r/SceneWindowA1').send('chosen=4').expect(200);
    expect(firstScreenOf(chosen.text)).not.toContain('rate-form__error');
    expect(dataOf(chosen.text)).toMatchObject({ level: 4 });
  });

  it('refuses what its buttons never send with a 400 and a stable code, never a 5xx', async () => {
    const bodies = ['level=6', 'level=0', 'level=abc', 'level=%EF%BC%95', 'level=1&level=2', 'level=5&level=5', 'chosen=9', 'large=maybe', `level=${'5'.repeat(1500)}`];
    for (const body of bodies) {
      const res = await post('/r/SceneWindowA1').send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const json = await request(t.http).post('/r/SceneWindowA1').send({ level: 5 });
    expect(json.status).toBe(400);
    const nul = await post('/r/SceneWindowA1').send('level=%00');
    expect(nul.status).toBe(400);
    for (const size of [3000, 2_000_000]) {
      const huge = await post('/r/SceneWindowA1').send(`level=1&x=${'a'.repeat(size)}`);
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    }
    // Fields the page never sends are no harm: ignored.
    expect((await post('/r/SceneWindowA1').send('level=3&level[x]=1&other=2')).status).toBe(200);
  });

  it('draws nothing for an unknown or malformed code; a level tapped there is still handed to the app', async () => {
    for (const path of ['/r/NoSuchScene1', '/r/%E0%A4%A', `/r/${'x'.repeat(3000)}`]) {
      const res = await request(t.http).get(path);
      expect(res.status).toBe(200);
      expect(firstScreenOf(res.text)).toBeNull();
      expect(res.text).toContain('<div id="app">');
    }
    const posted = await post('/r/NoSuchScene1').send('level=1').expect(200);
    expect(firstScreenOf(posted.text)).toBeNull();
    expect(dataOf(posted.text)).toEqual({ level: 1 });
    // A form posted anywhere else is not the pages' to answer.
    for (const path of ['/pages/index/index', '/js/app.0123abcd.js', '/']) {
      const res = await post(path).send('level=1');
      expect(res.status).toBe(404);
    }
  });

  it('draws nothing for a window that no longer takes ratings', async () => {
    await t.dataSource.getRepository(WindowEntity).update({ id: world.windows.WB.id }, { active: false });
    const res = await request(t.http).get('/r/SceneWindowB2').expect(200);
    expect(firstScreenOf(res.text)).toBeNull();
    expect(dataOf(res.text)).toBeNull();
  });

  it('is drawn in 大字模式 when the browser’s cookie says so; switched on the first screen, it sets that cookie', async () => {
    const plain = await request(t.http).get('/r/SceneWindowA1').expect(200);
    expect(firstScreenOf(plain.text)).toContain('<div class="hcp-page">');
    expect(firstScreenOf(plain.text)).toContain('role="switch" aria-checked="false"');

    const on = await post('/r/SceneWindowA1').send('large=on&chosen=3').expect(200);
    expect(on.headers['set-cookie']).toEqual([expect.stringMatching(/^hcp-large-text=1; Path=\/; Max-Age=\d+; SameSite=Lax$/)]);
    expect(firstScreenOf(on.text)).toContain('<div class="hcp-page hcp-large">');
    expect(firstScreenOf(on.text)).toContain('role="switch" aria-checked="true"');
    // The level chosen before is still chosen.
    expect(levelsOf(firstScreenOf(on.text)!).find((l) => l.pressed === 'true')?.value).toBe('3');

    const later = await request(t.http).get('/r/SceneWindowA1').set('Cookie', 'other=1; hcp-large-text=1').expect(200);
    expect(firstScreenOf(later.text)).toContain('<div class="hcp-page hcp-large">');
    const off = await post('/r/SceneWindowA1').set('Cookie', 'hcp-large-text=1').send('large=off').expect(200);
    expect(off.headers['set-cookie']).toEqual([expect.stringMatching(/^hcp-large-text=0;/)]);
    expect(firstScreenOf(off.text)).toContain('<div class="hcp-page">');
    for (const cookie of ['hcp-large-text=0', 'hcp-large-text=yes', 'xhcp-large-text=1']) {
      const res = await request(t.http).get('/r/SceneWindowA1').set('Cookie', cookie).expect(200);
      expect({ cookie, screen: firstScreenOf(res.text)?.includes('hcp-large') }).toEqual({ cookie, screen: false });
    }
  });

  it('is compressed for a browser that accepts it (the page carries its stylesheet)', async () => {
    const br = await request(t.http).get('/r/SceneWindowA1').set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(firstScreenOf(br.text)).not.toBeNull();
    const gz = await request(t.http).get('/r/SceneWindowA1').set('Accept-Encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(firstScreenOf(gz.text)).not.toBeNull();
    const identity = await request(t.http).get('/r/SceneWindowA1').set('Accept-Encoding', 'identity').expect(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(firstScreenOf(identity.text)).not.toBeNull();
  });
});
