import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { HallEntity } from '../src/modules/catalog/entities/hall.entity.js';
import { UnitEntity } from '../src/modules/catalog/entities/unit.entity.js';
import { WindowEntity } from '../src/modules/catalog/entities/window.entity.js';
import { newScene } from '../src/modules/catalog/scene.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Pages of a PDF: pdfkit writes one `/Type /Page` object per page (and one `/Type /Pages` for the tree). */
const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

/** Supertest buffers binary bodies when told how. */
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

async function addWindows(db: DataSource, hall: HallEntity, unit: UnitEntity, numbers: number[]): Promise<void> {
  await db.getRepository(WindowEntity).insert(numbers.map((n) => ({ hallId: hall.id, unitId: unit.id, number: String(n), name: `综合受理${n}`, scene: newScene() })));
}

async function addHall(db: DataSource, code: string, name: string): Promise<HallEntity> {
  return db.getRepository(HallEntity).save({ code, name, regionCode: '370902000000', address: '泰山区' });
}

describe('hall posters PDF: scoped to the caller, bounded in size', () => {
  let t: TestApp;
  let w: World;
  const as: Record<string, Record<string, string>> = {};
  const pdfOf = (hall: HallEntity, who: string, query = '') =>
    request(t.http).get(`/api/v1/halls/${hall.id}/posters.pdf${query}`).set(as[who]).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await createTestApp({ env: { POSTER_PDF_MAX_PAGES: '5' } });
    w = await seedWorld(t.dataSource);
    // Hall H1: unit A's windows 1, 3, 4 and unit B's 2, 5 (five, the limit this app is configured with).
    await addWindows(t.dataSource, w.halls.H1, w.units.A, [3, 4]);
    await addWindows(t.dataSource, w.halls.H1, w.units.B, [5]);
    for (const [who, number] of [['admin', 'admin'], ['supervisor', 'S001'], ['clerkA', 'A001'], ['clerkC', 'C001']]) as[who] = bearer(await login(t.http, number));
  });
  afterAll(() => t.close());

  it('gives a unit’s clerk only the unit’s own windows, not the other units’ codes in the same hall', async () => {
    const res = await pdfOf(w.halls.H1, 'clerkA').expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(pageCount(res.body as Buffer)).toBe(3);
  });

  it('gives supervisors of the region and administrators every window of the hall', async () => {
    expect(pageCount((await pdfOf(w.halls.H1, 'supervisor').expect(200)).body as Buffer)).toBe(5);
    expect(pageCount((await pdfOf(w.halls.H1, 'admin').expect(200)).body as Buffer)).toBe(5);
  });

  it('prints one unit’s windows when asked, within what the caller may see', async () => {
    expect(pageCount((await pdfOf(w.halls.H1, 'admin', `?unitId=${w.units.B.id}`).expect(200)).body as Buffer)).toBe(2);
    expect(pageCount((await pdfOf(w.halls.H1, 'clerkA', `?unitId=${w.units.A.id}`).expect(200)).body as Buffer)).toBe(3);
    // Another unit's filter leaves nothing the clerk may print: the single page that says so, not unit B's two.
    expect(pageCount((await pdfOf(w.halls.H1, 'clerkA', `?unitId=${w.units.B.id}`).expect(200)).body as Buffer)).toBe(1);
    const bad = await pdfOf(w.halls.H1, 'admin', '?unitId=not-a-uuid').expect(400);
    expect(bad.headers['content-type']).toContain('application/json');
  });

  it('refuses a PDF of more pages than the limit with a JSON error that says how to split it', async () => {
    const big = await addHall(t.dataSource, 'HALL-BIG', '泰山区便民服务中心');
    await addWindows(t.dataSource, big, w.units.C, [1, 2, 3, 4]);
    await addWindows(t.dataSource, big, w.units.A, [5, 6]);
    const res = await request(t.http).get(`/api/v1/halls/${big.id}/posters.pdf`).set(as.admin).expect(400);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toMatchObject({ code: 'POSTER_PDF_TOO_LARGE', windows: 6, maxPages: 5 });
    expect(res.body.message).toContain('请按单位分别生成');
    // Printed by unit, the same hall fits.
    expect(pageCount((await pdfOf(big, 'admin', `?unitId=${w.units.C.id}`).expect(200)).body as Buffer)).toBe(4);
    // A clerk counts only what the clerk may see: unit A's two windows.
    expect(pageCount((await pdfOf(big, 'clerkA').expect(200)).body as Buffer)).toBe(2);
  });

  it('still hides a hall the caller may not see', async () => {
    await request(t.http).get(`/api/v1/halls/${w.halls.H1.id}/posters.pdf`).set(as.clerkC).expect(404);
  });

  it('leaves out the windows of a deactivated unit, and every window of a deactivated hall (their codes take no ratings)', async () => {
    const units = t.dataSource.getRepository(UnitEntity);
    const halls = t.dataSource.getRepository(HallEntity);
    await units.update({ id: w.units.B.id }, { active: false });
    try {
      // Unit B's windows 2 and 5 are gone; unit A's 1, 3 and 4 stay.
      expect(pageCount((await pdfOf(w.halls.H1, 'admin').expect(200)).body as Buffer)).toBe(3);
      expect(pageCount((await pdfOf(w.halls.H1, 'admin', `?unitId=${w.units.B.id}`).expect(200)).body as Buffer)).toBe(1);
      await halls.update({ id: w.halls.H1.id }, { active: false });
      const none = (await pdfOf(w.halls.H1, 'supervisor').expect(200)).body as Buffer;
      expect(pageCount(none)).toBe(1); // the page that says there is nothing to print
    } finally {
      await units.update({ id: w.units.B.id }, { active: true });
      await halls.update({ id: w.halls.H1.id }, { active: true });
    }
    expect(pageCount((await pdfOf(w.halls.H1, 'admin').expect(200)).body as Buffer)).toBe(5);
  });
});

/**
 * Concurrency needs a render that stays open. A client that stops reading holds one: the server stops writing when
 * the connection's buffers are full. Over a Unix socket those buffers are the sender's ~200 KB, so a hall of a few
 * hundred pages (about 1 MB) is sure to fill them; TCP on loopback grows its buffers to megabytes.
 */
describe('hall posters PDF: rendering shares the server fairly', () => {
  const WINDOWS = 300;
  let t: TestApp;
  let w: World;
  let dir: string;
  let socketPath: string;
  /** The system administrator's token, and a supervisor's (another person who may print the hall). */
  let token: string;
  let otherToken: string;
  let hall: HallEntity;

  interface Answer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
  }

  /** Starts a GET over the socket; resolves with the response as soon as its headers arrive. */
  const open = (path: string, as = token) =>
    new Promise<{ req: http.ClientRequest; res: http.IncomingMessage }>((resolve, reject) => {
      const req = http.get({ socketPath, path, headers: { authorization: `Bearer ${as}` }, agent: false }, (res) => resolve({ req, res }));
      req.on('error', reject);
    });
  const read = async (res: http.IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const get = async (path: string, as = token): Promise<Answer> => {
    const { res } = await open(path, as);
    return { status: res.statusCode ?? 0, headers: res.headers, body: await read(res) };
  };
  const postersPath = () => `/api/v1/halls/${hall.id}/posters.pdf`;

  beforeAll(async () => {
    t = await createTestApp({ env: { POSTER_PDF_CONCURRENCY: '1', POSTER_PDF_IDLE_SECONDS: '3' } });
    w = await seedWorld(t.dataSource);
    hall = await addHall(t.dataSource, 'HALL-LARGE', '泰山区政务服务中心（新区）');
    await addWindows(t.dataSource, hall, w.units.A, Array.from({ length: WINDOWS }, (_, i) => i + 1));
    dir = await mkdtemp(join(tmpdir(), 'hcp-posters-'));
    socketPath = join(dir, 'http.sock');
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(socketPath, resolve));
    const signIn = async (staffNumber: string) => {
      const body = await new Promise<Buffer>((resolve, reject) => {
        const req = http.request({ socketPath, path: '/api/v1/auth/login', method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) =>
          read(res).then(resolve, reject),
        );
        req.end(JSON.stringify({ staffNumber, password: PASSWORD }));
      });
      return (JSON.parse(body.toString('utf8')) as { accessToken: string }).accessToken;
    };
    token = await signIn('admin');
    otherToken = await signIn('S001');
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a large hall page by page, answering other requests before its last page', async () => {
    const { res } = await open(postersPath());
    expect(res.statusCode).toBe(200);
    // Sent as it renders: no length known up front.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    const chunks: Buffer[] = [];
    let pdfEnded = false;
    let during: Promise<{ health: Answer; second: Answer; beforeLastPage: boolean }> | undefined;
    res.on('data', (c: Buffer) => {
      // The first page is here: a liveness probe and a second PDF must be answered while the rest renders.
      during ??= Promise.all([get('/health/live'), get(postersPath(), otherToken)]).then(([health, second]) => ({ health, second, beforeLastPage: !pdfEnded }));
      chunks.push(c);
    });
    await new Promise<void>((resolve) =>
      res.on('end', () => {
        pdfEnded = true;
        resolve();
      }),
    );
    const { health, second, beforeLastPage } = await during!;
    expect(health.status).toBe(200);
    expect(second.status).toBe(503); // this app renders one at a time
    expect(beforeLastPage).toBe(true);
    expect(pageCount(Buffer.concat(chunks))).toBe(WINDOWS);
  });

  it('renders one PDF at a time here: the next gets 503 POSTER_PDF_BUSY and Retry-After; a client that leaves frees the slot', async () => {
    const first = await open(postersPath());
    expect(first.res.statusCode).toBe(200);
    first.res.pause(); // reads nothing more: the render stays open

    const busy = await get(postersPath(), otherToken);
    expect(busy.status).toBe(503);
    expect(busy.headers['content-type']).toContain('application/json');
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(busy.body.toString('utf8'))).toMatchObject({ code: 'POSTER_PDF_BUSY' });

    first.req.destroy(); // the client goes away mid-document
    let next = await get(postersPath(), otherToken);
    for (let attempt = 0; next.status === 503 && attempt < 50; attempt += 1) {
      await new Promise((r) => setTimeout(r, 100));
      next = await get(postersPath(), otherToken);
    }
    expect(next.status).toBe(200);
    expect(pageCount(next.body)).toBe(WINDOWS);
  });

  it('gives one person one PDF at a time: a second while the first is on its way is 429, in Chinese, with Retry-After', async () => {
    const first = await open(postersPath());
    expect(first.res.statusCode).toBe(200);
    first.res.pause();

    const again = await get(postersPath());
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(again.body.toString('utf8'))).toMatchObject({ code: 'POSTER_PDF_IN_PROGRESS', message: expect.stringContaining('上一个二维码文件') });

    first.req.destroy();
    let next = await get(postersPath());
    for (let attempt = 0; next.status !== 200 && attempt < 50; attempt += 1) {
      await new Promise((r) => setTimeout(r, 100));
      next = await get(postersPath());
    }
    expect(next.status).toBe(200);
    expect(pageCount(next.body)).toBe(WINDOWS);
  });

  it('cuts off a client that stays connected but stops reading, once idle for POSTER_PDF_IDLE_SECONDS, and frees its slot', async () => {
    const stalled = await open(postersPath());
    expect(stalled.res.statusCode).toBe(200);
    stalled.res.pause(); // connected, reading nothing, never leaving
    const cut = new Promise<boolean>((resolve) => {
      stalled.res.once('aborted', () => resolve(true));
      stalled.res.once('error', () => resolve(true));
      stalled.res.once('close', () => resolve(true));
    });

    // Within a few seconds (3 here: long enough for the other tests' requests on a busy machine) the slot is free
    // again, for someone else and for the same person.
    let other = await get(postersPath(), otherToken);
    for (let attempt = 0; other.status !== 200 && attempt < 100; attempt += 1) {
      await new Promise((r) => setTimeout(r, 100));
      other = await get(postersPath(), otherToken);
    }
    expect(other.status).toBe(200);
    expect(pageCount(other.body)).toBe(WINDOWS);
    expect((await get(postersPath())).status).toBe(200);
    // The stalled download was cut short: its connection is reset, so the file is visibly incomplete.
    stalled.res.resume();
    expect(await cut).toBe(true);
  });
});
