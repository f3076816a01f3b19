import { Writable } from 'node:stream';
import { Test } from '@nestjs/testing';
import { PNG } from 'pngjs';
import { scanWxacode, startWechatSandbox, type WechatSandbox } from '@hcp/wechat-sandbox';
import { createLogger } from '../../common/logging/logger.js';
import { ConfigModule } from '../../config/config.module.js';
import { loadConfig, type AppConfig } from '../../config/config.js';
import { WechatClient } from './wechat.client.js';
import { WechatApiError, WechatNotConfiguredError, WechatUnavailableError } from './wechat.errors.js';
import { WechatModule } from './wechat.module.js';
import type { WechatClientOptions } from './wechat.types.js';

const APP_ID = 'wx5e1f0c2d3b4a6978';
const APP_SECRET = 'sandbox-secret-for-the-adapter-spec';

let sandbox: WechatSandbox;
let logLines: string[];

beforeAll(async () => {
  sandbox = await startWechatSandbox({ apps: [{ appId: APP_ID, appSecret: APP_SECRET }], pages: ['pages/index/index', 'pages/rate/index'] });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
  logLines = [];
});

function configFor(url: string, credentials: { appId?: string; appSecret?: string } = { appId: APP_ID, appSecret: APP_SECRET }): AppConfig {
  return loadConfig({ WECHAT_APP_ID: credentials.appId, WECHAT_APP_SECRET: credentials.appSecret, WECHAT_API_BASE_URL: url });
}

/** A client on the sandbox whose log lines (every level) land in `logLines`. */
function clientFor(options: WechatClientOptions = {}, config = configFor(sandbox.url)): WechatClient {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  return new WechatClient(config, createLogger('trace', sink), { timeoutMs: 2000, ...options });
}

/** A user who opened the mini-program: logged in through a code, as WeChat requires before it knows the openid. */
async function loggedInUser(client: WechatClient, openid = 'o_spec_citizen_0001'): Promise<string> {
  const session = await client.code2Session(sandbox.issueLoginCode(openid).code);
  return session.openid;
}

async function apiError(promise: Promise<unknown>): Promise<WechatApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WechatApiError)) throw new Error(`expected a WechatApiError, got ${String(error)}`);
  return error;
}

const tokenRequests = () => sandbox.requests().filter((r) => r.path === '/cgi-bin/stable_token');

/** How far to move the clocks so that the next fifteen minutes lie within one China day (WeChat's daily quotas). */
function untilClearOfChinaMidnight(now: number): number {
  const chinaMinutes = Math.floor(((now + 8 * 3600_000) % 86_400_000) / 60_000);
  return chinaMinutes > 24 * 60 - 15 ? (24 * 60 - chinaMinutes + 1) * 60_000 : 0;
}

describe('WechatClient (against @hcp/wechat-sandbox)', () => {
  describe('code2Session', () => {
    it('turns a wx.login code into the openid it was issued for', async () => {
      const client = clientFor();
      const { code } = sandbox.issueLoginCode('o_spec_citizen_0001', { unionid: 'o_union_spec_0001' });
      const session = await client.code2Session(code);
      expect(session).toEqual({ openid: 'o_spec_citizen_0001', sessionKey: expect.any(String), unionid: 'o_union_spec_0001' });
      expect(session.sessionKey.length).toBeGreaterThan(10);
    });

    it('refuses an unknown code with 40029 and a reused one with 40163 (WeChat: "code been used")', async () => {
      const client = clientFor();
      expect((await apiError(client.code2Session('made-up-code'))).errcode).toBe(40029);
      const { code } = sandbox.issueLoginCode();
      await client.code2Session(code);
      const reused = await apiError(client.code2Session(code));
      expect(reused).toMatchObject({ errcode: 40163, endpoint: '/sns/jscode2session' });
    });

    it('refuses a code older than five minutes with 40029', async () => {
      const client = clientFor();
      const { code } = sandbox.issueLoginCode();
      sandbox.advanceTime(5 * 60_000 + 1);
      expect((await apiError(client.code2Session(code))).errcode).toBe(40029);
    });

    it('passes on WeChat rate limiting (45011) and blocked users (40226) as API errors', async () => {
      const client = clientFor();
      sandbox.injectFault({ path: '/sns/jscode2session', errcode: 45011 });
      const limited = await apiError(client.code2Session(sandbox.issueLoginCode().code));
      expect(limited.errcode).toBe(45011);
      expect(limited.transient).toBe(true);

      sandbox.blockUser('o_spec_risky_user');
      expect((await apiError(client.code2Session(sandbox.issueLoginCode('o_spec_risky_user').code))).errcode).toBe(40226);
    });

    it('reports a wrong AppSecret as 40125 without ever logging the secret', async () => {
      const client = clientFor({}, configFor(sandbox.url, { appId: APP_ID, appSecret: 'not-the-right-secret' }));
      expect((await apiError(client.code2Session(sandbox.issueLoginCode().code))).errcode).toBe(40125);
      expect(logLines.join('')).toContain('WECHAT_APP_SECRET');
      expect(logLines.join('')).not.toContain('not-the-right-secret');
    });
  });

  describe('when WeChat is not configured', () => {
    it('says so, and calls fail with WechatNotConfiguredError before reaching WeChat', async () => {
      const client = clientFor({}, configFor(sandbox.url, {}));
      expect(client.isConfigured).toBe(false);
      expect(clientFor().isConfigured).toBe(true);
      await expect(client.code2Session('any')).rejects.toBeInstanceOf(WechatNotConfiguredError);
      await expect(client.checkText({ openid: 'o', content: 'x' })).rejects.toThrow('WECHAT_APP_ID and WECHAT_APP_SECRET');
      await expect(client.getAccessToken()).rejects.toBeInstanceOf(WechatNotConfiguredError);
      expect(sandbox.requests()).toEqual([]);
    });
  });

  describe('access token', () => {
    it('is fetched once and reused across calls, in normal mode', async () => {
      const client = clientFor();
      const openid = await loggedInUser(client);
      await client.checkText({ openid, content: '窗口服务很好' });
      await client.checkText({ openid, content: '办事效率高' });
      await client.getUnlimitedQrCode({ scene: 'w=A1', page: 'pages/index/index' });
      expect(tokenRequests()).toHaveLength(1);
      expect(tokenRequests()[0].forceRefresh).toBe(false);
    });

    it('is requested once for concurrent callers', async () => {
      const client = clientFor();
      const tokens = await Promise.all([client.getAccessToken(), client.getAccessToken(), client.getAccessToken(), client.getAccessToken()]);
      expect(new Set(tokens).size).toBe(1);
      expect(tokenRequests()).toHaveLength(1);
    });

    it('is renewed and the call retried once when WeChat says it expired (42001), without a forced refresh', async () => {
      const client = clientFor();
      const openid = await loggedInUser(client);
      const before = await client.getAccessToken();
      sandbox.expireTokens();
      await expect(client.checkText({ openid, content: '态度很好' })).resolves.toBe('pass');
      const after = await client.getAccessToken();
      expect(after).not.toBe(before);
      const checks = sandbox.requests().filter((r) => r.path === '/wxa/msg_sec_check');
      expect(checks.map((r) => r.errcode)).toEqual([42001, 0]);
      expect(tokenRequests().map((r) => r.forceRefresh)).toEqual([false, false]);
    });

    it('forces a refresh only when WeChat rejects a token and normal mode hands back the same one', async () => {
      const client = clientFor();
      const openid = await loggedInUser(client);
      await client.getAccessToken();
      sandbox.injectFault({ path: '/wxa/msg_sec_check', errcode: 40001 });
      await expect(client.checkText({ openid, content: '很满意' })).resolves.toBe('pass');
      expect(tokenRequests().map((r) => r.forceRefresh)).toEqual([false, false, true]);
      expect(sandbox.forcedRefreshesToday()).toBe(1);
    });

    it('forces a refresh at most once in 30 seconds (WeChat would not refresh sooner), and says WeChat is unavailable meanwhile', async () => {
      let now = Date.now();
      const client = clientFor({ now: () => now });
      const openid = await loggedInUser(client);
      await client.getAccessToken();
      const rejectOnce = () => sandbox.injectFault({ path: '/wxa/msg_sec_check', errcode: 40001 });
      const wait = (ms: number) => {
        now += ms;
        sandbox.advanceTime(ms);
      };

      wait(untilClearOfChinaMidnight(now)); // the daily count must not restart halfway
      rejectOnce();
      await expect(client.checkText({ openid, content: '很满意' })).resolves.toBe('pass');
      wait(10_000);
      rejectOnce();
      await expect(client.checkText({ openid, content: '很满意' })).rejects.toBeInstanceOf(WechatUnavailableError);
      expect(sandbox.forcedRefreshesToday()).toBe(1);

      wait(21_000);
      rejectOnce();
      await expect(client.checkText({ openid, content: '很满意' })).resolves.toBe('pass');
      expect(sandbox.forcedRefreshesToday()).toBe(2);
    });

    it('makes no more than 20 forced refreshes in a China day', async () => {
      let now = Date.now();
      const client = clientFor({ now: () => now });
      const wait = (ms: number) => {
        now += ms;
        sandbox.advanceTime(ms);
      };
      // Twenty refreshes 31 s apart take ten minutes: keep them clear of China's midnight.
      wait(untilClearOfChinaMidnight(now));
      const openid = await loggedInUser(client);
      for (let i = 0; i < 20; i += 1) {
        sandbox.injectFault({ path: '/wxa/msg_sec_check', errcode: 40001 });
        await expect(client.checkText({ openid, content: '好' })).resolves.toBe('pass');
        wait(31_000);
      }
      sandbox.injectFault({ path: '/wxa/msg_sec_check', errcode: 40001 });
      await expect(client.checkText({ openid, content: '好' })).rejects.toBeInstanceOf(WechatUnavailableError);
      expect(sandbox.forcedRefreshesToday()).toBe(20);
      expect(sandbox.requests().filter((r) => r.path === '/cgi-bin/stable_token' && r.errcode !== 0)).toEqual([]);
    });

    it('never lets a forced refresh join a normal one in flight (that would hand back the token WeChat refused)', async () => {
      const client = clientFor();
      sandbox.injectFault({ path: '/cgi-bin/stable_token', delayMs: 300 });
      const normal = client.getAccessToken();
      // What renewing a refused token does once normal mode handed it back: a forced refresh, here while another
      // caller's normal refresh is still on its way.
      const forced = (client as unknown as { refreshToken(force: boolean): Promise<string> }).refreshToken(true);
      const [fromNormal, fromForced] = await Promise.all([normal, forced]);
      expect(tokenRequests().map((r) => r.forceRefresh)).toEqual([false, true]);
      expect(fromForced).not.toBe(fromNormal);
      expect(await client.getAccessToken()).toBe(fromForced);
    });

    it('is refreshed ahead of time in its last five minutes', async () => {
      let now = Date.now();
      const client = clientFor({ now: () => now });
      const first = await client.getAccessToken();
      const step = 7200_000 - 6 * 60_000;
      now += step;
      sandbox.advanceTime(step);
      expect(await client.getAccessToken()).toBe(first);
      now += 2 * 60_000;
      sandbox.advanceTime(2 * 60_000);
      const second = await client.getAccessToken();
      expect(second).not.toBe(first);
      expect(tokenRequests().map((r) => r.forceRefresh)).toEqual([false, false]);
    });

    it('keeps the current token in its last minutes when WeChat cannot renew it', async () => {
      let now = Date.now();
      const client = clientFor({ now: () => now });
      const first = await client.getAccessToken();
      now += 7200_000 - 60_000;
      sandbox.injectFault({ path: '/cgi-bin/stable_token', httpStatus: 502 });
      expect(await client.getAccessToken()).toBe(first);
    });

    it('reports an error of the token endpoint as WeChat unavailable, never as the calling endpoint’s own errcode', async () => {
      for (const errcode of [-1, 45009, 40125]) {
        sandbox.injectFault({ path: '/cgi-bin/stable_token', errcode });
        const error = await clientFor().getPhoneNumber('any-code').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WechatUnavailableError);
        expect(error).toMatchObject({ endpoint: '/cgi-bin/stable_token', reason: 'bad-response' });
      }
    });
  });

  describe('getUnlimitedQrCode', () => {
    it('returns the image WeChat sends, JPEG or PNG, typed by its bytes, of the code that opens the requested page', async () => {
      const client = clientFor();
      const jpeg = await client.getUnlimitedQrCode({ scene: 'w=H01-W03', page: 'pages/rate/index', checkPath: true, envVersion: 'release', width: 300 });
      expect(jpeg).toMatchObject({ contentType: 'image/jpeg', extension: 'jpg' });
      expect([...jpeg.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect(scanWxacode(jpeg.bytes)).toEqual({ scene: 'w=H01-W03', page: 'pages/rate/index', envVersion: 'release' });

      // A transparent code comes as PNG (WeChat labels both image/jpeg: the bytes decide).
      const png = await client.getUnlimitedQrCode({ scene: 'w=H01-W03', page: 'pages/rate/index', width: 300, isHyaline: true });
      expect(png).toMatchObject({ contentType: 'image/png', extension: 'png' });
      const image = PNG.sync.read(png.bytes);
      expect([image.width, image.height]).toEqual([300, 300]);
      expect(scanWxacode(png.bytes)).toEqual({ scene: 'w=H01-W03', page: 'pages/rate/index', envVersion: 'release' });
    });

    it('refuses scenes WeChat refuses: bad characters (40129) and more than 32 characters (40169)', async () => {
      const client = clientFor();
      expect((await apiError(client.getUnlimitedQrCode({ scene: '窗口=1' }))).errcode).toBe(40129);
      expect((await apiError(client.getUnlimitedQrCode({ scene: 'x'.repeat(33) }))).errcode).toBe(40169);
    });

    it('refuses a page with a leading slash, or unknown while checkPath is on (41030)', async () => {
      const client = clientFor();
      expect((await apiError(client.getUnlimitedQrCode({ scene: 'a', page: '/pages/rate/index' }))).errcode).toBe(41030);
      expect((await apiError(client.getUnlimitedQrCode({ scene: 'a', page: 'pages/unreleased/index' }))).errcode).toBe(41030);
      const image = await client.getUnlimitedQrCode({ scene: 'a', page: 'pages/unreleased/index', checkPath: false, envVersion: 'develop' });
      expect(scanWxacode(image.bytes)).toEqual({ scene: 'a', page: 'pages/unreleased/index', envVersion: 'develop' });
    });
  });

  describe('checkText', () => {
    it('passes plain comments and flags abusive ones as risky, doubtful ones as review', async () => {
      const client = clientFor();
      const openid = await loggedInUser(client);
      expect(await client.checkText({ openid, content: '窗口工作人员很耐心，一次就办好了' })).toBe('pass');
      expect(await client.checkText({ openid, content: '你们都去死' })).toBe('risky');
      expect(await client.checkText({ openid, content: '有事加微信 abc123' })).toBe('review');
    });

    it('needs an openid WeChat knows (40003)', async () => {
      const client = clientFor();
      expect((await apiError(client.checkText({ openid: 'o_never_opened_the_app', content: '好' }))).errcode).toBe(40003);
    });
  });

  describe('getPhoneNumber', () => {
    it('exchanges a code for the phone number, once', async () => {
      const client = clientFor();
      const { code } = sandbox.issuePhoneCode('13800138000');
      expect(await client.getPhoneNumber(code)).toBe('13800138000');
      expect((await apiError(client.getPhoneNumber(code))).errcode).toBe(40029);
      expect(logLines.join('')).not.toContain('13800138000');
    });

    it('has WeChat check the code belongs to the user named (the optional openid)', async () => {
      const client = clientFor();
      const { code } = sandbox.issuePhoneCode('13800138001', { openid: 'o_phone_owner_0001' });
      expect((await apiError(client.getPhoneNumber(code, 'o_somebody_else_01'))).errcode).toBe(40029);
      expect(await client.getPhoneNumber(code, 'o_phone_owner_0001')).toBe('13800138001');
    });
  });

  describe('sendSubscribeMessage', () => {
    const progress = (touser: string, status = '已受理') => ({
      touser,
      templateId: 'hcp_case_progress',
      page: 'pages/index/index?case=C-0001',
      data: { character_string1: 'C20261126-0001', phrase2: status, thing3: '市政务服务中心', time4: '2026-11-26 10:30', thing5: '我们将在1个工作日内回访' },
      miniprogramState: 'formal' as const,
    });

    it('uses exactly one accept per message: the second send is refused with 43101', async () => {
      const client = clientFor();
      const openid = await loggedInUser(client);
      sandbox.grantSubscription(openid, 'hcp_case_progress');
      const sent = await client.sendSubscribeMessage(progress(openid));
      const [recorded] = sandbox.sentMessages({ touser: openid });
      expect(recorded).toEqual(expect.objectContaining({ templateId: 'hcp_case_progress', data: expect.objectContaining({ phrase2: '已受理' }) }));
      expect(sent).toEqual({ msgid: recorded.msgid });
      expect((await apiError(client.sendSubscribeMessage(progress(openid, '已办结')))).errcode).toBe(43101);
      expect(sandbox.sentMessages()).toHaveLength(1);
    });

    it('reads WeChat’s 19-digit message ids to the last digit, and takes a success without an id as a success', async () => {
      const client = clientFor();
      const openid = await loggedInUser(client);
      sandbox.grantSubscription(openid, 'hcp_case_progress', 4);
      sandbox.setMsgidMode('alternate');
      const answers = [];
      for (let i = 0; i < 4; i += 1) answers.push(await client.sendSubscribeMessage(progress(openid)));
      const recorded = sandbox.sentMessages({ touser: openid });
      expect(recorded).toHaveLength(4);
      for (const [i, message] of recorded.entries()) {
        expect(message.msgid).toMatch(/^\d{19}$/);
        expect(answers[i]).toEqual(message.msgidReturned ? { msgid: message.msgid } : {});
      }
      expect(recorded.filter((m) => !m.msgidReturned)).toHaveLength(2);
    });

    it('is refused (47003) for a phrase WeChat will not take although it is short, keeping the accept', async () => {
      const client = clientFor();
      const openid = await loggedInUser(client);
      sandbox.grantSubscription(openid, 'hcp_case_progress');
      const error = await apiError(client.sendSubscribeMessage(progress(openid, '通过')));
      expect(error.errcode).toBe(47003);
      expect(error.errmsg).toContain('phrase2');
      await expect(client.sendSubscribeMessage(progress(openid, '已受理'))).resolves.toBeDefined();
    });

    it('refuses values over the field limits with 47003 and keeps the accept for a correct message', async () => {
      const client = clientFor();
      const openid = await loggedInUser(client);
      sandbox.grantSubscription(openid, 'hcp_case_progress');
      const tooLong = { ...progress(openid), data: { ...progress(openid).data, thing3: '某某市某某区政务服务中心综合受理窗口第三窗口' } };
      const error = await apiError(client.sendSubscribeMessage(tooLong));
      expect(error.errcode).toBe(47003);
      expect(error.errmsg).toContain('data.thing3.value');
      expect((await apiError(client.sendSubscribeMessage(progress(openid, '正在处理中了')))).errcode).toBe(47003);
      await expect(client.sendSubscribeMessage(progress(openid))).resolves.toBeDefined();
      expect(sandbox.sentMessages({ touser: openid })).toHaveLength(1);
    });

    it('refuses an openid that never opened the mini-program (40003) and an unknown template (40037)', async () => {
      const client = clientFor();
      expect((await apiError(client.sendSubscribeMessage(progress('o_stranger_000001')))).errcode).toBe(40003);
      const openid = await loggedInUser(client);
      expect((await apiError(client.sendSubscribeMessage({ ...progress(openid), templateId: 'no-such-template' }))).errcode).toBe(40037);
    });
  });

  describe('when WeChat is unavailable', () => {
    it('reports an HTTP 502 from WeChat as WechatUnavailableError', async () => {
      const client = clientFor();
      sandbox.injectFault({ path: '/sns/jscode2session', httpStatus: 502 });
      await expect(client.code2Session(sandbox.issueLoginCode().code)).rejects.toMatchObject({
        name: 'WechatUnavailableError',
        reason: 'http-status',
        status: 502,
      });
    });

    it('gives up after the timeout', async () => {
      const client = clientFor({ timeoutMs: 150 });
      sandbox.injectFault({ path: '/sns/jscode2session', delayMs: 1000 });
      const started = Date.now();
      await expect(client.code2Session(sandbox.issueLoginCode().code)).rejects.toMatchObject({ reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(900);
    });

    it('reports a dropped connection and a closed server as network failures', async () => {
      const client = clientFor();
      sandbox.injectFault({ path: '/sns/jscode2session', dropConnection: true });
      await expect(client.code2Session(sandbox.issueLoginCode().code)).rejects.toMatchObject({ reason: 'network' });

      const gone = await startWechatSandbox({ apps: [{ appId: APP_ID, appSecret: APP_SECRET }] });
      const { code } = gone.issueLoginCode();
      await gone.close();
      const error = await clientFor({}, configFor(gone.url)).code2Session(code).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WechatUnavailableError);
      expect(error).toMatchObject({ reason: 'network', endpoint: '/sns/jscode2session' });
    });
  });

  it('never logs codes, openids, session keys, tokens or the secret', async () => {
    const client = clientFor();
    const { code } = sandbox.issueLoginCode('o_spec_private_0001');
    const session = await client.code2Session(code);
    const token = await client.getAccessToken();
    sandbox.expireTokens();
    await client.checkText({ openid: session.openid, content: '很好' });
    sandbox.injectFault({ path: '/wxa/msg_sec_check', httpStatus: 503 });
    await client.checkText({ openid: session.openid, content: '很好' }).catch(() => undefined);
    const log = logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of [APP_SECRET, code, session.openid, session.sessionKey, token]) expect(log).not.toContain(secret);
  });

  it('is provided by WechatModule with the global configuration', async () => {
    const config = configFor(sandbox.url);
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.register(config, createLogger('silent')), WechatModule] }).compile();
    const client = moduleRef.get(WechatClient);
    expect(client.isConfigured).toBe(true);
    expect((await client.code2Session(sandbox.issueLoginCode('o_spec_module_0001').code)).openid).toBe('o_spec_module_0001');
    await moduleRef.close();
  });
});
