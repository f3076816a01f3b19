import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startWechatSandbox, type WechatSandbox } from '@hcp/wechat-sandbox';
import { decryptField } from '../src/common/privacy/field-cipher.js';
import { PHONE_TOKEN_TTL_MS, sealPhoneToken } from '../src/modules/ratings/phone-token.js';
import { PHONE_EXCHANGES_PER_CITIZEN_HOUR } from '../src/modules/ratings/phone-numbers.service.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { bearer, login, seedWorld, TEST_DATA_KEY } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const APP = { appId: 'wx1a2b3c4d5e6f7a8b', appSecret: 'phone-numbers-secret' };

/**
 * The call-back number from WeChat's getPhoneNumber button: the code (single use, 5 minutes) is exchanged the moment
 * the citizen taps, and the rating carries the server's token, which survives the offline queue.
 */
describe('phone numbers from WeChat', () => {
  let t: TestApp;
  let wechat: WechatSandbox;

  beforeAll(async () => {
    wechat = await startWechatSandbox({ apps: [APP] });
    t = await createTestApp({ env: { WECHAT_APP_ID: APP.appId, WECHAT_APP_SECRET: APP.appSecret, WECHAT_API_BASE_URL: wechat.url } });
    await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });
  afterEach(() => wechat.clearFaults());

  const wechatCitizen = async () => {
    const { code, openid } = await wechat.issueLoginCode();
    const res = await request(t.http).post('/api/v1/auth/wechat').send({ code }).expect(200);
    return { token: res.body.accessToken as string, id: res.body.citizen.id as string, openid };
  };
  const exchange = (token: string, code: string) => request(t.http).post('/api/v1/ratings/phone-number').set(bearer(token)).send({ code });
  const rate = (token: string, body: Record<string, unknown>) =>
    request(t.http).post('/api/v1/ratings').set(bearer(token)).send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [], ...body });
  const stored = (id: string) => t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id });

  it('exchanges the code at once: a token for the rating and the number masked, never the number itself', async () => {
    const citizen = await wechatCitizen();
    const { code } = wechat.issuePhoneCode('13912345678', { openid: citizen.openid });
    const res = await exchange(citizen.token, code).expect(200);
    expect(res.body).toEqual({ phoneToken: expect.stringMatching(/^pt1\./), maskedPhone: '139****5678', expiresAt: expect.any(String) });
    expect(res.text).not.toContain('13912345678');
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(PHONE_TOKEN_TTL_MS - 60_000);

    const rating = await rate(citizen.token, { phoneToken: res.body.phoneToken }).expect(201);
    const row = await stored(rating.body.id);
    expect(row.contactPhoneMasked).toBe('139****5678');
    expect(decryptField(row.contactPhoneEnc!, TEST_DATA_KEY)).toBe('13912345678');
  });

  it('refuses another user’s code: WeChat is told whose it must be', async () => {
    const citizen = await wechatCitizen();
    const someoneElse = await wechatCitizen();
    const { code } = wechat.issuePhoneCode('13912345679', { openid: someoneElse.openid });
    expect((await exchange(citizen.token, code).expect(400)).body.code).toBe('RATING_PHONE_CODE_INVALID');
    expect((await exchange(someoneElse.token, code).expect(200)).body.maskedPhone).toBe('139****5679');
  });

  it('refuses a used or expired code with a code of its own (the citizen may tap again or go on without a number)', async () => {
    const citizen = await wechatCitizen();
    const { code } = wechat.issuePhoneCode('13912345670', { openid: citizen.openid });
    await exchange(citizen.token, code).expect(200);
    const again = await exchange(citizen.token, code).expect(400);
    expect(again.body.code).toBe('RATING_PHONE_CODE_INVALID');

    const late = wechat.issuePhoneCode('13912345671', { openid: citizen.openid });
    wechat.advanceTime(5 * 60_000 + 1000);
    expect((await exchange(citizen.token, late.code).expect(400)).body.code).toBe('RATING_PHONE_CODE_INVALID');
  });

  it.each([
    ['WeChat is busy (-1)', { errcode: -1, errmsg: 'system error' }],
    ['too many calls this minute (45011)', { errcode: 45011, errmsg: 'api minute-quota reach limit' }],
    ['WeChat is down (HTTP 502)', { httpStatus: 502 }],
    ['WeChat refuses the server’s IP address (40164, a whitelist to fix)', { errcode: 40164, errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist' }],
  ])('answers 503 RATING_PHONE_UNAVAILABLE, not "invalid code", when %s', async (_name, fault) => {
    const citizen = await wechatCitizen();
    const { code } = wechat.issuePhoneCode('13912345672', { openid: citizen.openid });
    wechat.injectFault({ path: '/wxa/business/getuserphonenumber', ...fault });
    const res = await exchange(citizen.token, code).expect(503);
    expect(res.body.code).toBe('RATING_PHONE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBeDefined();
    // The code was not spent: tapping again works once WeChat answers.
    expect((await exchange(citizen.token, code).expect(200)).body.maskedPhone).toBe('139****5672');
  });

  it('stores a rating whose token has expired, or belongs to someone else, without the number (never refuses it)', async () => {
    const citizen = await wechatCitizen();
    const other = await wechatCitizen();
    const expired = sealPhoneToken('13600000001', citizen.id, TEST_DATA_KEY, Date.now() - PHONE_TOKEN_TTL_MS - 1000).token;
    const foreign = sealPhoneToken('13600000002', other.id, TEST_DATA_KEY).token;
    const attempts: [string, string][] = [
      [expired, 'SceneWindowA1'],
      [foreign, 'SceneWindowB2'],
      ['pt1.forged', 'SceneWindowC1'],
    ];
    for (const [phoneToken, scene] of attempts) {
      const res = await rate(citizen.token, { phoneToken, scene, level: 2 }).expect(201);
      expect(res.body.callbackExpected).toBe(false); // the thank-you page promises no call
      expect(await stored(res.body.id)).toMatchObject({ contactPhoneEnc: null, contactPhoneMasked: null });
    }
  });

  it('delivers a queued rating from an older app version whose raw code expired, without the number', async () => {
    const citizen = await wechatCitizen();
    const { code } = wechat.issuePhoneCode('13912345673', { openid: citizen.openid });
    wechat.advanceTime(20 * 60_000);
    const res = await rate(citizen.token, { phoneCode: code, queued: true, ratedAt: new Date(Date.now() - 20 * 60_000).toISOString(), scene: 'SceneWindowC1' }).expect(201);
    expect(await stored(res.body.id)).toMatchObject({ level: 1, contactPhoneMasked: null, flags: [] });
  });

  it('is for WeChat citizens only: a browser types its number, staff may not call it, nobody unsigned', async () => {
    const browser = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'phone-numbers-device-01' }).expect(200)).body.accessToken;
    const { code } = wechat.issuePhoneCode('13912345674');
    expect((await exchange(browser, code).expect(400)).body.code).toBe('RATING_PHONE_CODE_INVALID');
    const staff = await login(t.http, 'A001');
    expect((await exchange(staff, code)).status).toBe(403);
    expect((await request(t.http).post('/api/v1/ratings/phone-number').send({ code })).status).toBe(401);
  });

  it('limits exchanges per citizen, each being a call on the product’s WeChat quota', async () => {
    const citizen = await wechatCitizen();
    for (let i = 0; i < PHONE_EXCHANGES_PER_CITIZEN_HOUR; i += 1) await exchange(citizen.token, 'no-such-code').expect(400);
    const limited = await exchange(citizen.token, 'no-such-code').expect(429);
    expect(limited.body.code).toBe('RATING_PHONE_EXCHANGE_LIMITED');
    expect(limited.body.message).toMatch(/^获取手机号次数过多，请 \d+ 分钟后再试，或直接填写手机号$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(3600);
  });

  it('does not count the taps WeChat did not answer against the citizen’s allowance', async () => {
    const citizen = await wechatCitizen();
    const { code } = wechat.issuePhoneCode('13912345673', { openid: citizen.openid });
    const taps = PHONE_EXCHANGES_PER_CITIZEN_HOUR + 2;
    wechat.injectFault({ path: '/wxa/business/getuserphonenumber', httpStatus: 502, times: taps });
    for (let i = 0; i < taps; i += 1) expect((await exchange(citizen.token, code).expect(503)).body.code).toBe('RATING_PHONE_UNAVAILABLE');
    // WeChat is back: the citizen's number comes, the allowance untouched by the outage.
    expect((await exchange(citizen.token, code).expect(200)).body.maskedPhone).toBe('139****5673');
  });
});
