import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import { badRequests, fuzzSettings, OPEN311_ROUTES, routesOf, type FuzzRequest, type Route, type Tokens } from './support/fuzz.js';
import { bearer, login, seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Generated requests no route accepts, to every route the server describes: always a 4xx with a stable code (Open311:
 * its error list), never a 5xx, and nothing stored. A few hundred inputs here; `pnpm test:reliability` sends 10,000.
 * A failure prints the seed and the shrunk request; `FUZZ_SEED=<seed> FUZZ_RUNS=<n>` replays it.
 */
const { seed, numRuns } = fuzzSettings(300);

describe('bad-input fuzzer', () => {
  let t: TestApp;
  let base: string;
  let routes: Route[];
  let tokens: Tokens;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://hcp.example.cn' } });
    await seedWorld(t.dataSource);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const admin = await login(t.http, 'admin');
    const citizen = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'fuzz-citizen-device-01' }).expect(200)).body.accessToken as string;
    const open311Key = (await request(t.http).post('/api/v1/admin/api-keys').set(bearer(admin)).send({ name: '12345 热线', scopes: ['open311'] }).expect(201)).body.key as string;
    tokens = { staff: admin, citizen, open311Key };
    routes = [...routesOf((await request(t.http).get('/api/docs-json').expect(200)).body), ...OPEN311_ROUTES];
  });
  afterAll(async () => {
    await t.close();
  });

  /** Rows of every table of the application's schema. */
  const rowCounts = async (): Promise<Record<string, number>> => {
    const tables = (await t.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)) as { tablename: string }[];
    const counts: Record<string, number> = {};
    for (const { tablename } of tables) counts[tablename] = Number(((await t.dataSource.query(`SELECT count(*) AS n FROM "${tablename}"`)) as { n: string }[])[0]!.n);
    return counts;
  };

  const send = async (r: FuzzRequest) => {
    let call = request(base)[r.method.toLowerCase() as 'get'](`${r.path}${r.query ? `?${r.query}` : ''}`).timeout(20_000);
    for (const [name, value] of Object.entries(r.headers)) call = call.set(name, value);
    if (r.body !== undefined) call = call.send(r.body);
    // Every answer is read as text, whatever its type, so error bodies are judged the same way.
    return call.ok(() => true).buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
  };

  /** The bytes of the request line and headers, which Node's HTTP server limits to 16 KB. */
  const headerBytes = (r: FuzzRequest) =>
    Buffer.byteLength(`${r.path}?${r.query ?? ''}`) + Object.entries(r.headers).reduce((sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${String(value)}`), 0);

  /** Why the answer to `r` is wrong, or null when it is a proper refusal. */
  const wrongAnswer = (r: FuzzRequest, res: request.Response): string | null => {
    if (res.status < 400 || res.status > 499) return `status ${res.status}`;
    // Node's HTTP server refuses a request line and headers over 16 KB itself, before any route sees it.
    if (res.status === 431) return null;
    const text = String(res.body);
    if (r.path.startsWith('/open311/')) {
      if (r.path.includes('.xml') && !r.path.match(/\.(json|JSON)/)) return /<errors>\s*<error>/.test(text) ? null : `not an Open311 error list: ${res.status} ${res.headers['content-type']} ${text.slice(0, 200)}`;
      const list = (() => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return null;
        }
      })();
      const ok = Array.isArray(list) && list.length > 0 && list.every((e: { code?: unknown; description?: unknown }) => e.code === res.status && typeof e.description === 'string');
      return ok || /<errors>\s*<error>/.test(text) ? null : `not an Open311 error list: ${res.status} ${res.headers['content-type']} ${text.slice(0, 200)}`;
    }
    const body = (() => {
      try {
        return JSON.parse(text) as { code?: unknown; message?: unknown } | null;
      } catch {
        return null;
      }
    })();
    if (typeof body?.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(body.code)) return `no stable code: ${res.status} ${res.headers['content-type']} ${text.slice(0, 200)}`;
    if (typeof body.message !== 'string') return 'no message';
    return null;
  };

  it(`refuses ${numRuns} generated bad requests with a 4xx and a code, and stores nothing (seed ${seed})`, async () => {
    console.log(`bad-input fuzzer: ${routes.length} routes, ${numRuns} requests, seed ${seed} (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${numRuns})`);
    expect(routes.length).toBeGreaterThan(50);
    const before = await rowCounts();
    const seen = new Map<string, number>();
    const answers = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(badRequests(routes, tokens), async (r) => {
        const res = await send(r).catch((error: { code?: string }) => {
          // Over Node's 16 KB header limit the HTTP server refuses the request itself; Node 24 may close the connection
          // before the client has read its 431. Either way no route saw it.
          if ((error.code === 'ECONNRESET' || error.code === 'EPIPE') && headerBytes(r) > 15_000) return { status: 431, body: '', headers: {} } as unknown as request.Response;
          throw error;
        });
        seen.set(r.route, (seen.get(r.route) ?? 0) + 1);
        const answer = `${r.breaker.replace(/ \(.*/, '')} → ${res.status}`;
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
        const wrong = wrongAnswer(r, res);
        if (wrong) throw new Error(`${r.method} ${r.path}${r.query ? `?${r.query}` : ''} [${r.breaker}]: ${wrong}`);
      }),
      { seed, numRuns, endOnFailure: false },
    );
    console.log(`answers (kind of bad input → status: count):\n${[...answers].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n')}`);
    // Refused sign-ins and device sign-ups count against throttles, which is what they are for; nothing else grows.
    const after = await rowCounts();
    const changed = Object.keys(after).filter((table) => after[table] !== before[table] && table !== 'login_throttle');
    expect(changed.map((table) => `${table}: ${before[table]} → ${after[table]}`)).toEqual([]);
    if (numRuns >= 1_000) expect(seen.size).toBe(routes.length);
  }, 600_000);

  describe('oversized and deep bodies are refused before they cost anything', () => {
    it('20 MB to a JSON route: 413 PAYLOAD_TOO_LARGE, answered from the declared length', async () => {
      const started = performance.now();
      const res = await request(base).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(`{"staffNumber":"${'x'.repeat(20 * 1024 * 1024)}"}`);
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(performance.now() - started).toBeLessThan(3_000);
    });

    it('250 KB of nesting: 400 VALIDATION_FAILED at once', async () => {
      const depth = 125_000;
      const started = performance.now();
      const res = await request(base).post('/api/v1/ratings').set('Content-Type', 'application/json').send(`${'['.repeat(depth)}${']'.repeat(depth)}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it('a 1 MB form to Open311: 413 in its own error list', async () => {
      const res = await request(base).post('/open311/v2/requests.json').type('form').send(`description=${'x'.repeat(1024 * 1024)}`);
      expect(res.status).toBe(413);
      expect(res.body).toEqual([{ code: 413, description: expect.any(String) }]);
    });
  });
});
