import {
  DEFAULT_TEMPLATES,
  FIELD_RULES,
  SANDBOX_NOTICE_TEMPLATES,
  connectWechatSandbox,
  fakeRequestSubscribeMessage,
  readJpegComments,
  readPngText,
  scanCodeAnswer,
  scanWxacode,
  startWechatSandbox,
  subscribePrompt,
  type SubscribePromptFailure,
  type SubscribePromptSuccess,
  type ValueFieldType,
  type WechatSandbox,
} from './index.js';

const APP = { appId: 'wx00112233445566aa', appSecret: 'protocol-spec-secret' };
const OTHER_APP = 'wx00112233445566bb';

let sandbox: WechatSandbox;

beforeAll(async () => {
  sandbox = await startWechatSandbox({ apps: [APP, { appId: OTHER_APP, appSecret: 'other-secret' }], loginsPerMinute: 3 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

interface Call {
  method?: string;
  query?: Record<string, string>;
  body?: unknown;
  raw?: string;
}

async function call(path: string, { method, query = {}, body, raw }: Call = {}): Promise<Response> {
  const url = new URL(`${sandbox.url}${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const text = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  return fetch(url, { method: method ?? (text === undefined ? 'GET' : 'POST'), body: text });
}

/** The JSON answer; an image answer reads as `{ image: true }`. */
async function json(path: string, options?: Call): Promise<Record<string, unknown>> {
  const res = await call(path, options);
  if (res.headers.get('content-type')?.startsWith('image/')) return { image: true };
  return (await res.json()) as Record<string, unknown>;
}

const login = (code: string, overrides: Record<string, string> = {}) =>
  json('/sns/jscode2session', { query: { appid: APP.appId, secret: APP.appSecret, js_code: code, grant_type: 'authorization_code', ...overrides } });

async function token(forceRefresh?: boolean): Promise<string> {
  const body = await json('/cgi-bin/stable_token', {
    body: { grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret, ...(forceRefresh === undefined ? {} : { force_refresh: forceRefresh }) },
  });
  return body.access_token as string;
}

async function user(openid = 'o_protocol_user_01'): Promise<string> {
  await login(sandbox.issueLoginCode(openid).code);
  return openid;
}

describe('GET /sns/jscode2session', () => {
  it('labels its answers text/plain, as WeChat does, success and error alike (the other endpoints answer JSON)', async () => {
    const ok = await call('/sns/jscode2session', { query: { appid: APP.appId, secret: APP.appSecret, js_code: sandbox.issueLoginCode().code, grant_type: 'authorization_code' } });
    expect(ok.headers.get('content-type')).toBe('text/plain');
    expect(await ok.json()).toMatchObject({ openid: expect.any(String), session_key: expect.any(String) });
    const bad = await call('/sns/jscode2session', { query: { appid: APP.appId, secret: APP.appSecret, js_code: 'nope', grant_type: 'authorization_code' } });
    expect(bad.headers.get('content-type')).toBe('text/plain');
    expect(((await bad.json()) as { errcode: number }).errcode).toBe(40029);
    const token = await call('/cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret } });
    expect(token.headers.get('content-type')).toContain('application/json');
  });

  it('answers openid and session_key, and errors with WeChat messages and a rid', async () => {
    const { code } = sandbox.issueLoginCode('o_protocol_user_01');
    expect(await login(code)).toEqual({ openid: 'o_protocol_user_01', session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/) });
    expect(await login(code)).toEqual({ errcode: 40163, errmsg: expect.stringMatching(/^code been used rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/) });
    expect((await login('nope')).errcode).toBe(40029);
    expect((await login(sandbox.issueLoginCode().code, { appid: 'wx9999999999999999' })).errcode).toBe(40013);
    expect((await login(sandbox.issueLoginCode().code, { secret: 'wrong' })).errcode).toBe(40125);
    expect((await login(sandbox.issueLoginCode().code, { grant_type: 'client_credential' })).errcode).toBe(40002);
    expect((await json('/sns/jscode2session', { body: {} })).errcode).toBe(43001);
  });

  it('refuses a code issued for another app, and returns unionid when one was given', async () => {
    expect((await login(sandbox.issueLoginCode(undefined, { appId: 'wx00112233445566bb' }).code)).errcode).toBe(40029);
    expect(await login(sandbox.issueLoginCode('o_protocol_user_02', { unionid: 'o_union_02' }).code)).toMatchObject({ unionid: 'o_union_02' });
  });

  it('limits logins per user and minute (45011) and leaves the code usable next minute', async () => {
    for (let i = 0; i < 3; i++) expect(await login(sandbox.issueLoginCode('o_busy_user_001').code)).toHaveProperty('openid');
    const { code } = sandbox.issueLoginCode('o_busy_user_001');
    expect((await login(code)).errcode).toBe(45011);
    sandbox.advanceTime(61_000);
    expect(await login(code)).toHaveProperty('openid', 'o_busy_user_001');
  });
});

describe('POST /cgi-bin/stable_token', () => {
  it('returns the same token while valid; a forced refresh replaces it and invalidates the old one', async () => {
    const first = await json('/cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret } });
    expect(first).toEqual({ access_token: expect.stringMatching(/^\d+_/), expires_in: 7200 });
    sandbox.advanceTime(100_000);
    const again = await json('/cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret } });
    expect(again.access_token).toBe(first.access_token);
    expect(again.expires_in).toBeGreaterThanOrEqual(7098);
    expect(again.expires_in).toBeLessThanOrEqual(7100);
    const forced = await token(true);
    expect(forced).not.toBe(first.access_token);
    expect((await json('/wxa/business/getuserphonenumber', { query: { access_token: first.access_token as string }, body: { code: 'x' } })).errcode).toBe(40001);
  });

  it('allows 20 forced refreshes a day, 30 seconds apart (45009 after), and checks credentials and method', async () => {
    // Twenty refreshes 30 s apart take ten minutes of sandbox time: keep them within one China day (the quota's).
    const chinaMinutes = Math.floor(((Date.now() + 8 * 3600_000) % 86_400_000) / 60_000);
    if (chinaMinutes > 24 * 60 - 15) sandbox.advanceTime((24 * 60 - chinaMinutes + 1) * 60_000);
    for (let i = 0; i < 20; i++) {
      await token(true);
      sandbox.advanceTime(30_000);
    }
    expect(sandbox.forcedRefreshesToday()).toBe(20);
    expect((await json('/cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret, force_refresh: true } })).errcode).toBe(45009);
    expect(await token(false)).toMatch(/^\d+_/);
    expect((await json('/cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: APP.appId, secret: 'x' } })).errcode).toBe(40125);
    expect((await json('/cgi-bin/stable_token')).errcode).toBe(43002);
    expect((await json('/cgi-bin/stable_token', { raw: 'appid=x' })).errcode).toBe(47001);
  });

  it('does not refresh on a forced refresh within 30 seconds of the previous one: the current token comes back, still valid, uncounted', async () => {
    const first = await token(true);
    sandbox.advanceTime(29_000);
    const again = await json('/cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret, force_refresh: true } });
    expect(again.access_token).toBe(first);
    expect(again.expires_in).toBeGreaterThanOrEqual(7170);
    expect(again.expires_in).toBeLessThanOrEqual(7171);
    expect(sandbox.forcedRefreshesToday()).toBe(1);
    expect((await json('/wxa/business/getuserphonenumber', { query: { access_token: first }, body: { code: 'x' } })).errcode).toBe(40029);
    sandbox.advanceTime(1_000);
    const third = await token(true);
    expect(third).not.toBe(first);
    expect(sandbox.forcedRefreshesToday()).toBe(2);
    expect((await json('/wxa/business/getuserphonenumber', { query: { access_token: first }, body: { code: 'x' } })).errcode).toBe(40001);
  });

  it('hands out a new token in the last five minutes while the old one keeps working until it expires', async () => {
    const first = await token();
    sandbox.advanceTime(7200_000 - 4 * 60_000);
    const second = await token();
    expect(second).not.toBe(first);
    expect((await json('/wxa/business/getuserphonenumber', { query: { access_token: first }, body: { code: 'x' } })).errcode).toBe(40029);
    sandbox.advanceTime(5 * 60_000);
    expect((await json('/wxa/business/getuserphonenumber', { query: { access_token: first }, body: { code: 'x' } })).errcode).toBe(42001);
  });

  it('tells a missing (41001), malformed (40014) and expired (42001) token apart', async () => {
    expect((await json('/wxa/msg_sec_check', { body: {} })).errcode).toBe(41001);
    expect((await json('/wxa/msg_sec_check', { query: { access_token: 'not a token' }, body: {} })).errcode).toBe(40014);
    const t = await token();
    sandbox.expireTokens();
    expect((await json('/wxa/msg_sec_check', { query: { access_token: t }, body: {} })).errcode).toBe(42001);
  });
});

/** Drawing, encoding and reading back a 1,280-pixel code is CPU work that takes seconds on a busy 2-core machine. */
const IMAGE_TEST_TIMEOUT_MS = 30_000;

describe('POST /wxa/getwxacodeunlimit', () => {
  it('answers a baseline JPEG labelled image/jpeg, its width clamped to 280–1280', async () => {
    const access_token = await token();
    const res = await call('/wxa/getwxacodeunlimit', { query: { access_token }, body: { scene: 'id=1', width: 100 } });
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await res.arrayBuffer());
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8'); // SOI
    expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9'); // EOI
    const frame = jpeg.indexOf(Buffer.from([0xff, 0xc0])); // SOF0: baseline
    expect(frame).toBeGreaterThan(0);
    expect([jpeg.readUInt16BE(frame + 5), jpeg.readUInt16BE(frame + 7), jpeg[frame + 9]]).toEqual([280, 280, 3]); // height, width, YCbCr
    // Entropy-coded data: every 0xFF byte is stuffed with 0x00 up to the EOI marker.
    const scan = jpeg.indexOf(Buffer.from([0xff, 0xda]));
    const data = jpeg.subarray(scan + 2 + jpeg.readUInt16BE(scan + 2), -2);
    const unstuffed = [...data.keys()].filter((i) => data[i] === 0xff && data[i + 1] !== 0x00);
    expect(unstuffed).toEqual([]);
    expect(readJpegComments(jpeg)).toEqual(['wxacode:{"scene":"id=1","page":"pages/index/index","env_version":"release"}']);
    expect(scanWxacode(jpeg)).toEqual({ scene: 'id=1', page: 'pages/index/index', envVersion: 'release' });

    const big = Buffer.from(await (await call('/wxa/getwxacodeunlimit', { query: { access_token }, body: { scene: 'a', width: 5000 } })).arrayBuffer());
    const bigFrame = big.indexOf(Buffer.from([0xff, 0xc0]));
    expect(big.readUInt16BE(bigFrame + 7)).toBe(1280);
  }, IMAGE_TEST_TIMEOUT_MS);

  it('answers PNG bytes under the same image/jpeg label for a transparent code (is_hyaline)', async () => {
    const access_token = await token();
    const res = await call('/wxa/getwxacodeunlimit', { query: { access_token }, body: { scene: 'a', page: 'pages/index/index', is_hyaline: true, env_version: 'trial' } });
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(430); // IHDR width: the default
    expect(png[25]).toBe(6); // RGBA
    expect(readPngText(png)).toHaveProperty('wxacode');
    expect(scanWxacode(png)).toEqual({ scene: 'a', page: 'pages/index/index', envVersion: 'trial' });
    expect(scanWxacode(Buffer.from('not an image'))).toBeUndefined();
    expect(sandbox.qrCodes()).toHaveLength(1);
  }, IMAGE_TEST_TIMEOUT_MS);

  it('answers JSON errors for bad scene, page, env_version and body', async () => {
    const access_token = await token();
    const err = async (body: unknown, raw?: string) => (await json('/wxa/getwxacodeunlimit', { query: { access_token }, body, raw })).errcode;
    expect(await err({ scene: '' })).toBe(40169);
    expect(await err({ scene: 'a'.repeat(33) })).toBe(40169);
    expect(await err({ scene: 'a'.repeat(32) })).toBeUndefined();
    expect(await err({ scene: 'a b' })).toBe(40129);
    expect(await err({ scene: "!#$&'()*+,/:;=?@-._~09AZaz" })).toBeUndefined();
    expect(await err({ scene: 'a', page: '/pages/index/index' })).toBe(41030);
    expect(await err({ scene: 'a', page: 'pages/index/index?x=1' })).toBe(41030);
    expect(await err({ scene: 'a', page: 'pages/new/index' })).toBe(41030);
    expect(await err({ scene: 'a', page: 'pages/new/index', check_path: false })).toBeUndefined();
    expect(await err({ scene: 'a', env_version: 'beta' })).toBe(40097);
    expect(await err(undefined, '{not json')).toBe(40169);
    sandbox.registerPages(['pages/new/index']);
    expect(await err({ scene: 'a', page: 'pages/new/index' })).toBeUndefined();
  });
});

describe('POST /wxa/msg_sec_check', () => {
  it('answers version 2 with result, detail and trace_id', async () => {
    const access_token = await token();
    const openid = await user();
    const body = await json('/wxa/msg_sec_check', { query: { access_token }, body: { version: 2, openid, scene: 2, content: '你们都去死' } });
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: 'risky', label: 20003 },
      detail: [
        { strategy: 'content_model', errcode: 0, suggest: 'risky', label: 20003, prob: 90 },
        { strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20003, level: 90, keyword: '去死' },
      ],
      trace_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/),
    });
    sandbox.setContentWords({ review: ['排队'] });
    const review = await json('/wxa/msg_sec_check', { query: { access_token }, body: { version: 2, openid, scene: 2, content: '排队太久' } });
    expect(review.result).toEqual({ suggest: 'review', label: 21000 });
  });

  it('wants a recent visitor (40003, 61010 after two hours), a known scene (40129), and content', async () => {
    const access_token = await token();
    const check = async (body: unknown) => (await json('/wxa/msg_sec_check', { query: { access_token }, body })).errcode;
    expect(await check({ version: 2, openid: 'o_nobody', scene: 2, content: '好' })).toBe(40003);
    const openid = await user();
    expect(await check({ version: 2, openid, scene: 9, content: '好' })).toBe(40129);
    expect(await check({ version: 2, openid, scene: 0, content: '好' })).toBe(40129);
    expect(await check({ version: 3, openid, scene: 2, content: '好' })).toBe(40097);
    expect(await check({ version: 2, openid, scene: 2, content: '' })).toBe(47001);
    expect(await check({ version: 2, openid, scene: 2, content: '好' })).toBe(0);
    sandbox.advanceTime(2 * 3600_000);
    const fresh = await token();
    expect((await json('/wxa/msg_sec_check', { query: { access_token: fresh }, body: { version: 2, openid, scene: 2, content: '好' } })).errcode).toBe(61010);
  });

  it('counts a visit without a login, and a login, as the visit of the last two hours', async () => {
    const openid = 'o_visitor_only_01';
    const visit = sandbox.recordVisit(openid);
    expect(visit).toEqual({ openid, appId: APP.appId, visitedAt: expect.any(Number) });
    const check = async () => (await json('/wxa/msg_sec_check', { query: { access_token: await token() }, body: { version: 2, openid, scene: 2, content: '好' } })).errcode;
    expect(await check()).toBe(0);
    sandbox.advanceTime(2 * 3600_000 - 1000);
    expect(await check()).toBe(0);
    sandbox.advanceTime(1000);
    expect(await check()).toBe(61010);
    sandbox.recordVisit(openid);
    expect(await check()).toBe(0);
    sandbox.advanceTime(2 * 3600_000);
    expect(await check()).toBe(61010);
    await login(sandbox.issueLoginCode(openid).code);
    expect(await check()).toBe(0);
  });

  it('answers 43104 for an openid of another app, and 40003 for one never seen', async () => {
    const access_token = await token();
    const check = async (openid: string) => (await json('/wxa/msg_sec_check', { query: { access_token }, body: { version: 2, openid, scene: 2, content: '好' } })).errcode;
    sandbox.recordVisit('o_other_app_user', { appId: OTHER_APP });
    expect(await check('o_other_app_user')).toBe(43104);
    expect(await check('o_never_seen_anywhere')).toBe(40003);
  });

  it('answers version 1 (no version) with 87014 for risky content', async () => {
    const access_token = await token();
    expect(await json('/wxa/msg_sec_check', { query: { access_token }, body: { content: '傻逼' } })).toMatchObject({ errcode: 87014 });
    expect(await json('/wxa/msg_sec_check', { query: { access_token }, body: { content: '很好' } })).toEqual({ errcode: 0, errmsg: 'ok' });
  });
});

describe('POST /wxa/business/getuserphonenumber', () => {
  it('answers phone_info with the watermark of the calling app', async () => {
    const access_token = await token();
    const { code } = sandbox.issuePhoneCode('13912345678');
    const body = await json('/wxa/business/getuserphonenumber', { query: { access_token }, body: { code } });
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber: '13912345678', purePhoneNumber: '13912345678', countryCode: '86', watermark: { timestamp: expect.any(Number), appid: APP.appId } },
    });
    const foreign = await json('/wxa/business/getuserphonenumber', { query: { access_token }, body: { code: sandbox.issuePhoneCode('85291234', { countryCode: '852' }).code } });
    expect(foreign.phone_info).toMatchObject({ phoneNumber: '+85285291234', purePhoneNumber: '85291234', countryCode: '852' });
    sandbox.advanceTime(0);
    const late = sandbox.issuePhoneCode('13912345678').code;
    sandbox.advanceTime(5 * 60_000);
    expect((await json('/wxa/business/getuserphonenumber', { query: { access_token: await token() }, body: { code: late } })).errcode).toBe(40029);
    expect(() => sandbox.issuePhoneCode('12345')).toThrow(RangeError);
  });

  it('expires a code five minutes after it was issued, and takes it once', async () => {
    const exchange = async (code: string) => json('/wxa/business/getuserphonenumber', { query: { access_token: await token() }, body: { code } });
    const { code, expiresAt } = sandbox.issuePhoneCode('13912345678');
    sandbox.advanceTime(5 * 60_000 - 1000);
    expect(Date.now()).toBeLessThan(expiresAt);
    expect(await exchange(code)).toMatchObject({ errcode: 0 });
    expect((await exchange(code)).errcode).toBe(40029);
    const late = sandbox.issuePhoneCode('13912345678').code;
    sandbox.advanceTime(5 * 60_000);
    expect((await exchange(late)).errcode).toBe(40029);
  });

  it('checks the code against the optional openid: another user is refused with 40029 and the code stays usable', async () => {
    const access_token = await token();
    const exchange = async (body: Record<string, unknown>) => json('/wxa/business/getuserphonenumber', { query: { access_token }, body });
    const grant = sandbox.issuePhoneCode('13912345678', { openid: 'o_phone_owner_01' });
    expect(grant.openid).toBe('o_phone_owner_01');
    expect((await exchange({ code: grant.code, openid: 'o_someone_else_1' })).errcode).toBe(40029);
    expect((await exchange({ code: grant.code, openid: 42 })).errcode).toBe(47001);
    expect(await exchange({ code: grant.code, openid: 'o_phone_owner_01' })).toMatchObject({ errcode: 0, phone_info: { purePhoneNumber: '13912345678' } });
    const anyone = sandbox.issuePhoneCode('13912345678');
    expect(anyone.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect((await exchange({ code: anyone.code, openid: 'o_phone_owner_01' })).errcode).toBe(40029);
    expect((await exchange({ code: anyone.code })).errcode).toBe(0);
  });
});

describe('POST /cgi-bin/message/subscribe/send', () => {
  const send = async (body: Record<string, unknown>) => json('/cgi-bin/message/subscribe/send', { query: { access_token: await token() }, body });
  const result = (touser: string, data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    touser,
    template_id: 'hcp_case_result',
    data: Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }])),
    ...extra,
  });
  const good = { thing1: '社保卡补办', phrase2: '已办结', thing3: '已补发并致电回访', date4: '2026年11月26日' };

  it('sends one message per accept and lists it', async () => {
    const openid = await user();
    expect(sandbox.grantSubscription(openid, 'hcp_case_result', 2)).toBe(2);
    expect(await send(result(openid, good, { page: 'pages/index/index?case=1' }))).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(sandbox.remainingSubscriptions(openid, 'hcp_case_result')).toBe(1);
    expect(await send(result(openid, good))).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await send(result(openid, good))).errcode).toBe(43101);
    expect(sandbox.sentMessages({ touser: openid }).map((m) => m.data.phrase2)).toEqual(['已办结', '已办结']);
  });

  it('checks the user, template, page, state, lang and every field', async () => {
    const openid = await user();
    sandbox.grantSubscription(openid, 'hcp_case_result', 5);
    expect((await send(result('o_stranger', good))).errcode).toBe(40003);
    expect((await send({ ...result(openid, good), template_id: 'nope' })).errcode).toBe(40037);
    expect((await send(result(openid, good, { page: 'pages/secret/index' }))).errcode).toBe(41030);
    expect((await send(result(openid, good, { page: 'pages/secret/index', miniprogram_state: 'developer' }))).errcode).toBe(0);
    expect((await send(result(openid, good, { miniprogram_state: 'beta' }))).errcode).toBe(47003);
    expect((await send(result(openid, good, { lang: 'fr' }))).errcode).toBe(47003);
    const { thing3: _omitted, ...missing } = good;
    // WeChat's own spelling.
    expect(await send(result(openid, missing))).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('argument invalid! data.thing3.value is emtpy') });
    expect(await send(result(openid, { ...good, phrase2: '已经办结了吗' }))).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.phrase2.value invalid') });
    expect(await send(result(openid, { ...good, extra9: 'x' }))).toMatchObject({ errcode: 47003 });
    expect(sandbox.remainingSubscriptions(openid, 'hcp_case_result')).toBe(4);
  });

  it('answers a 19-digit msgid written with all its digits, on every other send by default', async () => {
    const openid = await user();
    sandbox.grantSubscription(openid, 'hcp_case_result', 6);
    const sendRaw = async () =>
      (await call('/cgi-bin/message/subscribe/send', { query: { access_token: await token() }, body: result(openid, good) })).text();
    const first = await sendRaw();
    expect(first).toMatch(/^\{"errcode":0,"errmsg":"ok","msgid":\d{19}\}$/);
    const digits = /"msgid":(\d+)/.exec(first)?.[1] as string;
    expect(String(Number(digits))).not.toBe(digits); // JSON.parse would round it
    expect(sandbox.sentMessages()[0]).toMatchObject({ msgid: digits, msgidReturned: true });
    expect(await sendRaw()).toBe('{"errcode":0,"errmsg":"ok"}');
    expect(await sendRaw()).toMatch(/"msgid":\d{19}\}$/);
    sandbox.setMsgidMode('never');
    expect(await sendRaw()).toBe('{"errcode":0,"errmsg":"ok"}');
    sandbox.setMsgidMode('always');
    expect(await sendRaw()).toMatch(/"msgid":\d{19}\}$/);
    expect(await sendRaw()).toMatch(/"msgid":\d{19}\}$/);
    const sent = sandbox.sentMessages();
    expect(sent.map((m) => m.msgidReturned)).toEqual([true, false, true, false, true, true]);
    expect(new Set(sent.map((m) => m.msgid)).size).toBe(6);
    expect(() => sandbox.setMsgidMode('sometimes' as 'never')).toThrow(RangeError);
  });

  it('refuses some valid-looking phrase values (47003), as developers report, from a list a test can change', async () => {
    const openid = await user();
    sandbox.grantSubscription(openid, 'hcp_case_result', 3);
    expect(sandbox.refusedPhrases()).toEqual(['正常结束', '成功', '通过']);
    expect(await send(result(openid, { ...good, phrase2: '正常结束' }))).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.phrase2.value invalid') });
    expect(await send(result(openid, { ...good, phrase2: '成功' }))).toMatchObject({ errcode: 47003 });
    sandbox.setRefusedPhrases(['已办结']);
    expect((await send(result(openid, good))).errcode).toBe(47003);
    expect((await send(result(openid, { ...good, phrase2: '成功' }))).errcode).toBe(0);
    expect(() => sandbox.setRefusedPhrases([''])).toThrow(RangeError);
    sandbox.reset();
    expect(sandbox.refusedPhrases()).toContain('正常结束');
  });

  it('takes only the registered values of an enum field', async () => {
    const openid = await user();
    sandbox.registerTemplate('tmpl_enum', { thing1: 'thing', enum2: 'enum' }, '办理状态', { enum2: ['待处理', '已办结'] });
    expect(sandbox.templates().find((t) => t.templateId === 'tmpl_enum')).toEqual({
      templateId: 'tmpl_enum',
      title: '办理状态',
      fields: { thing1: 'thing', enum2: 'enum' },
      enums: { enum2: ['待处理', '已办结'] },
    });
    sandbox.grantSubscription(openid, 'tmpl_enum', 2);
    const enumSend = (value: string) => send({ touser: openid, template_id: 'tmpl_enum', data: { thing1: { value: '社保' }, enum2: { value } } });
    expect(await enumSend('已受理')).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.enum2.value invalid') });
    expect((await enumSend('已办结')).errcode).toBe(0);
    expect(() => sandbox.registerTemplate('tmpl_bad', { enum1: 'enum' })).toThrow('needs its values');
    expect(() => sandbox.registerTemplate('tmpl_bad', { thing1: 'thing' }, 't', { thing1: ['a'] })).toThrow('not an enum field');
  });

  it('answers 47003 naming the field, as WeChat words it, for a value outside its kind’s rule, for every kind', async () => {
    const openid = await user();
    const bad: Record<ValueFieldType, string> = {
      thing: 'a'.repeat(21),
      number: '12a',
      letter: 'abc1',
      symbol: '!!!!!!',
      character_string: 'x'.repeat(33),
      time: '25:00',
      date: '15:01',
      amount: '¥12345678901',
      phone_number: '1'.repeat(18),
      car_number: '粤A8Z888挂12',
      name: '张三1',
      phrase: '已经办结了吗',
    };
    for (const [type, value] of Object.entries(bad) as [ValueFieldType, string][]) {
      sandbox.registerTemplate(`tmpl_${type}`, { [`${type}1`]: type });
      sandbox.grantSubscription(openid, `tmpl_${type}`, 1);
      const answer = await send({ touser: openid, template_id: `tmpl_${type}`, data: { [`${type}1`]: { value } } });
      expect([type, answer]).toEqual([type, { errcode: 47003, errmsg: expect.stringMatching(new RegExp(`^argument invalid! data\\.${type}1\\.value invalid rid: \\S+$`)) }]);
      expect(sandbox.remainingSubscriptions(openid, `tmpl_${type}`)).toBe(1); // a refused send uses no accept
    }
  });

  it.each<[ValueFieldType, string[], string[]]>([
    ['thing', ['市政务服务中心', 'a'.repeat(20), '二十个字二十个字二十个字二十个字二十个字'], ['a'.repeat(21)]],
    ['phrase', ['已受理', '非常不满意'], ['已受理了吗呀', 'OK', '已受理1']],
    ['character_string', ['C20261126-0001', 'x'.repeat(32)], ['x'.repeat(33), '案件1', 'a b']],
    ['time', ['15:01', '2019年10月1日 15:01', '2026-11-26 09:30', '2026-11-26 09:30:15', '09:00~17:30'], ['2026-11-26', '25:00', '明天']],
    ['date', ['2019年10月1日', '2026-11-26', '2026-11-26 15:01', '2026年11月1日~2026年11月15日'], ['15:01', '11月26日']],
    ['name', ['张三', '欧阳娜娜', 'Li Lei'], ['张三1', '一二三四五六七八九十一', 'a'.repeat(21)]],
    ['number', ['3', '15.5', '1'.repeat(32)], ['1'.repeat(33), 'three', '-3', '+3']],
    ['phone_number', ['13800138000', '+86-0766-66888866'], ['+86-0766-668888661234', '电话']],
    ['letter', ['abc', 'A'.repeat(32)], ['A'.repeat(33), 'abc1', '字母', 'a b']],
    ['symbol', ['%', '¥¥', '!@#$%'], ['!@#$%^', 'a', '1', '']],
    ['amount', ['¥100', '￥1234567890.50', '100元', '$5.5'], ['¥12345678901', '100美元', 'abc']],
    ['car_number', ['粤A8Z888挂', '京A12345'], ['粤A8Z888挂12', '粤-A888', '']],
  ])('applies the documented limits of %s', (type, valid, invalid) => {
    for (const value of valid) expect([value, FIELD_RULES[type](value)]).toEqual([value, true]);
    for (const value of invalid) expect([value, FIELD_RULES[type](value)]).toEqual([value, false]);
  });
});

describe('mini-program client stand-ins', () => {
  it('answer wx.requestSubscribeMessage: 20003 for more ids than the client takes (3 by default, 5 on current clients)', () => {
    const four = ['t1', 't2', 't3', 't4'];
    expect(subscribePrompt(four)).toEqual({ errCode: 20003, errMsg: 'requestSubscribeMessage:fail Templates count out of max bounds' });
    expect(subscribePrompt(four, { max: 5 })).toEqual({ errMsg: 'requestSubscribeMessage:ok', t1: 'accept', t2: 'accept', t3: 'accept', t4: 'accept' });
    expect(subscribePrompt(['t1', 't2'], { decisions: { t2: 'reject' } })).toEqual({ errMsg: 'requestSubscribeMessage:ok', t1: 'accept', t2: 'reject' });
    expect(subscribePrompt(['t1'], { decisions: 'ban' })).toMatchObject({ t1: 'ban' });
    expect(subscribePrompt([])).toMatchObject({ errCode: 10001 });
    expect(subscribePrompt([7])).toMatchObject({ errCode: 10004 });
    expect(subscribePrompt(['t1'], { switchedOff: true })).toMatchObject({ errCode: 20004 });
    expect(subscribePrompt(['t1', 'nope'], { knownTemplateIds: ['t1'] })).toMatchObject({ errCode: 20001 });
  });

  it('fake wx.requestSubscribeMessage as a promise and with callbacks', async () => {
    const answers: unknown[] = [];
    const request = fakeRequestSubscribeMessage({ decisions: { b: 'reject' }, onAnswer: (ids, answer) => answers.push([ids, answer]) });
    const calls: string[] = [];
    await expect(request({ tmplIds: ['a', 'b'], success: () => calls.push('success'), complete: () => calls.push('complete') })).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      a: 'accept',
      b: 'reject',
    });
    await expect(request({ tmplIds: ['a', 'b', 'c', 'd'], fail: (e) => calls.push(`fail ${e.errCode}`) })).rejects.toEqual({
      errCode: 20003,
      errMsg: 'requestSubscribeMessage:fail Templates count out of max bounds',
    });
    expect(calls).toEqual(['success', 'complete', 'fail 20003']);
    expect(answers).toHaveLength(2);
  });

  it('show the prompt to a user of the sandbox: accepted templates get one push each', async () => {
    const openid = await user();
    const answer = sandbox.promptSubscription(openid, ['hcp_case_result', 'hcp_case_progress'], { decisions: { hcp_case_progress: 'reject' } });
    expect(answer).toEqual({ errMsg: 'requestSubscribeMessage:ok', hcp_case_result: 'accept', hcp_case_progress: 'reject' } satisfies SubscribePromptSuccess);
    expect(sandbox.remainingSubscriptions(openid, 'hcp_case_result')).toBe(1);
    expect(sandbox.remainingSubscriptions(openid, 'hcp_case_progress')).toBe(0);
    const tooMany = sandbox.promptSubscription(openid, ['hcp_case_result', 'hcp_case_progress', 'hcp_staff_new_case', 'tmpl_x']);
    expect(tooMany).toEqual({ errCode: 20003, errMsg: expect.stringContaining('Templates count out of max bounds') } satisfies SubscribePromptFailure);
    expect(sandbox.promptSubscription(openid, ['not_registered'])).toMatchObject({ errCode: 20001 });
    expect(sandbox.remainingSubscriptions(openid, 'hcp_case_result')).toBe(1);
    expect(() => sandbox.promptSubscription(openid, ['hcp_case_result'], { max: 0 })).toThrow(RangeError);
  });

  it('answer wx.scanCode for a drawn code: the scene encoded on iOS, as is on Android; nothing without wxCode', async () => {
    const code = { scene: 'w=A1&b=2', page: 'pages/rate/index' };
    expect(scanCodeAnswer(code)).toEqual({
      errMsg: 'scanCode:ok',
      result: expect.any(String),
      scanType: 'WX_CODE',
      charSet: 'UTF-8',
      path: 'pages/rate/index?scene=w=A1&b=2',
      rawData: expect.any(String),
    });
    expect(scanCodeAnswer(code, { platform: 'ios' })).toMatchObject({ path: 'pages/rate/index?scene=w%3DA1%26b%3D2' });
    expect(scanCodeAnswer(code, { scanType: ['qrCode'] })).toEqual({ errMsg: 'scanCode:fail cancel' });
    expect(scanCodeAnswer(code)).toEqual(scanCodeAnswer(code)); // the same code scans the same way every time
  });
});

describe('faults', () => {
  it('answer a number of calls, then the endpoint behaves again; "always" lasts until cleared', async () => {
    sandbox.injectFault({ path: '/sns/jscode2session', errcode: -1, times: 2 });
    expect((await login('x')).errcode).toBe(-1);
    expect((await login('x')).errcode).toBe(-1);
    expect((await login('x')).errcode).toBe(40029);
    sandbox.injectFault({ path: '*', httpStatus: 502, times: 'always' });
    expect((await call('/cgi-bin/stable_token', { body: {} })).status).toBe(502);
    expect((await call('/sns/jscode2session')).status).toBe(502);
    sandbox.clearFaults();
    expect((await call('/sns/jscode2session')).status).toBe(200);
    expect(sandbox.requests().filter((r) => r.faulted)).toHaveLength(4);
  });

  it('delay an answer, or drop the connection', async () => {
    sandbox.injectFault({ path: '/sns/jscode2session', delayMs: 200 });
    const started = Date.now();
    expect((await login('x')).errcode).toBe(40029);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    sandbox.injectFault({ path: '/sns/jscode2session', dropConnection: true });
    await expect(login('x')).rejects.toThrow();
  });

  it('are checked when injected', () => {
    expect(() => sandbox.injectFault({ path: '/nope' as '*', errcode: 1 })).toThrow(RangeError);
    expect(() => sandbox.injectFault({ path: '*' })).toThrow('needs errcode');
    expect(() => sandbox.injectFault({ path: '*', httpStatus: 200 })).toThrow(RangeError);
  });
});

describe('control over HTTP', () => {
  it('mirrors the in-process methods under /__sandbox', async () => {
    const control = connectWechatSandbox(sandbox.url);
    const { code, openid } = await control.issueLoginCode('o_http_control_01');
    expect(await login(code)).toMatchObject({ openid });
    expect(await control.grantSubscription(openid, 'hcp_staff_new_case', 1)).toBe(1);
    expect(await control.remainingSubscriptions(openid, 'hcp_staff_new_case')).toBe(1);
    await control.registerTemplate('tmpl_x', { thing1: 'thing' }, '测试');
    expect(sandbox.templates().map((t) => t.templateId)).toContain('tmpl_x');
    expect(await control.registerPages(['pages/x/index'])).toContain('pages/x/index');
    await control.injectFault({ path: '/sns/jscode2session', errcode: 45011 });
    expect((await login('x')).errcode).toBe(45011);
    expect(await control.blockUser('o_bad')).toEqual(['o_bad']);
    expect((await control.setContentWords({ risky: ['坏'] })).risky).toEqual(['坏']);
    expect((await control.issuePhoneCode('13800138000')).code).toMatch(/^[0-9a-f]{64}$/);
    expect(await control.recordVisit('o_http_visitor_1')).toMatchObject({ openid: 'o_http_visitor_1', appId: APP.appId });
    expect(await control.promptSubscription(openid, ['hcp_case_result'])).toEqual({ errMsg: 'requestSubscribeMessage:ok', hcp_case_result: 'accept' });
    expect(await control.remainingSubscriptions(openid, 'hcp_case_result')).toBe(1);
    expect(await control.promptSubscription(openid, ['a', 'b', 'c', 'd'], { max: 5 })).toMatchObject({ errCode: 20001 });
    expect(await control.setRefusedPhrases(['不行'])).toEqual(['不行']);
    expect(await control.setMsgidMode('never')).toBe('never');
    expect(sandbox.msgidMode()).toBe('never');
    expect((await control.registerTemplate('tmpl_e', { enum1: 'enum' }, '枚举', { enum1: ['甲', '乙'] })).enums).toEqual({ enum1: ['甲', '乙'] });
    expect((await control.issuePhoneCode('13800138000', { openid: 'o_http_phone_01' })).openid).toBe('o_http_phone_01');
    await control.advanceTime(1000);
    await control.expireTokens();
    expect(await control.sentMessages()).toEqual([]);
    expect((await control.requests()).length).toBeGreaterThan(0);
    await control.reset();
    expect(sandbox.templates().map((t) => t.templateId)).not.toContain('tmpl_x');
    expect(sandbox.contentWords().risky).toContain('去死');
    expect(sandbox.refusedPhrases()).toContain('正常结束');
    expect(sandbox.msgidMode()).toBe('alternate');
  });

  it('answers 400 for bad input, 404 for unknown routes, and allows browsers (CORS)', async () => {
    const bad = await call('/__sandbox/subscriptions', { body: { openid: 'o_x', templateId: 'nope' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'template nope is not registered' });
    expect((await call('/__sandbox/nothing')).status).toBe(404);
    const preflight = await call('/__sandbox/login-codes', { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await json('/__sandbox')).apps).toEqual([{ appId: APP.appId }, { appId: 'wx00112233445566bb' }]);
  });

  it('answers 404 with 40066 for WeChat paths it does not implement', async () => {
    const res = await call('/cgi-bin/token');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errcode: number }).errcode).toBe(40066);
  });
});

describe('SANDBOX_NOTICE_TEMPLATES', () => {
  it('fills every field of a registered template and nothing else, for each notice kind', () => {
    for (const [kind, fill] of Object.entries(SANDBOX_NOTICE_TEMPLATES)) {
      const template = DEFAULT_TEMPLATES.find((t) => t.templateId === fill.templateId);
      expect({ kind, fields: Object.keys(fill.fields).sort() }).toEqual({ kind, fields: Object.keys(template?.fields ?? {}).sort() });
    }
  });
});
