import { ConfigError, loadConfig, startupWarnings } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts with defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.http.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.database.url).toBeUndefined();
    expect(config.wechat.apiBaseUrl).toBe('https://api.weixin.qq.com');
    expect(config.auth.jwtSecretGenerated).toBe(true);
    expect(config.http.corsOrigins).toEqual([]);
  });

  it('names every bad variable at once, with what is expected', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/x',
      PUBLIC_BASE_URL: 'not a url',
      WECHAT_APP_ID: 'wx123',
      LOG_LEVEL: 'loud',
      CORS_ORIGINS: 'https://ok.gov.cn,https://bad.gov.cn/path',
      JWT_SECRET: 'short',
    });
    expect(problems).toEqual([
      'PORT="eighty" must be a whole number from 1 to 65535',
      'PUBLIC_BASE_URL is not a valid URL (expected http://… or https://…)',
      'CORS_ORIGINS entry "https://bad.gov.cn/path" must be an origin such as https://example.gov.cn (no path), or *',
      'DATABASE_URL must start with postgres:// or postgresql://',
      'WECHAT_APP_ID and WECHAT_APP_SECRET must be set together (or both left unset)',
      'WECHAT_APP_ID="wx123" must look like wx followed by 16 hex digits',
      'JWT_SECRET must be at least 32 characters long',
      'LOG_LEVEL="loud" must be one of: fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('refuses to run in production without a JWT secret', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toContain('JWT_SECRET is required when NODE_ENV=production');
  });

  it('bounds the hall posters PDF: pages per file, renders at once, and how long a reader may stall', () => {
    expect(loadConfig({}).posters).toEqual({ pdfMaxPages: 500, pdfConcurrency: 2, pdfIdleSeconds: 30 });
    expect(problemsOf({ POSTER_PDF_MAX_PAGES: '0', POSTER_PDF_CONCURRENCY: '100', POSTER_PDF_IDLE_SECONDS: '0' })).toEqual([
      'POSTER_PDF_MAX_PAGES="0" must be a whole number from 1 to 5000',
      'POSTER_PDF_CONCURRENCY="100" must be a whole number from 1 to 16',
      'POSTER_PDF_IDLE_SECONDS="0" must be a whole number from 1 to 600',
    ]);
  });

  it('runs the case deadline scheduler unless told not to', () => {
    expect(loadConfig({}).cases).toEqual({ scheduler: true });
    expect(loadConfig({ CASE_SCHEDULER: 'off' }).cases).toEqual({ scheduler: false });
    expect(problemsOf({ CASE_SCHEDULER: 'yes' })).toEqual(['CASE_SCHEDULER="yes" must be one of: on, off']);
  });

  it('derives the public base URL from the port and strips a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).http.publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://pj.example.gov.cn/' }).http.publicBaseUrl).toBe('https://pj.example.gov.cn');
  });

  it('warns at every start while the public development data key is in use, as for a generated JWT secret', () => {
    const warnings = startupWarnings(loadConfig({}));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^JWT_SECRET is not set/);
    expect(warnings[1]).toMatch(/^DATA_ENCRYPTION_KEY is not set: phone numbers are encrypted with a public development key/);
    const configured = loadConfig({ JWT_SECRET: 'x'.repeat(40), DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(startupWarnings(configured)).toEqual([]);
    expect(configured.privacy.dataKey).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses a data key of the wrong size, and production without one', () => {
    expect(problemsOf({ DATA_ENCRYPTION_KEY: 'c2hvcnQ=' })).toEqual(['DATA_ENCRYPTION_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)']);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toEqual(['DATA_ENCRYPTION_KEY is required when NODE_ENV=production']);
  });

  it('reads the device sign-up limit per address', () => {
    expect(loadConfig({}).identity.deviceSignupsPerIpHour).toBe(200);
    expect(loadConfig({ DEVICE_SIGNUPS_PER_IP_HOUR: '50' }).identity.deviceSignupsPerIpHour).toBe(50);
    expect(problemsOf({ DEVICE_SIGNUPS_PER_IP_HOUR: '1e3' })).toEqual(['DEVICE_SIGNUPS_PER_IP_HOUR="1e3" must be a whole number from 1 to 1000000']);
  });

  it('refuses more subscribe templates than one WeChat prompt may ask about, and plain http to WeChat in production', () => {
    expect(loadConfig({ WECHAT_SUBSCRIBE_TEMPLATE_IDS: 'a, b ,c,a' }).wechat.subscribeTemplateIds).toEqual(['a', 'b', 'c']);
    expect(problemsOf({ WECHAT_SUBSCRIBE_TEMPLATE_IDS: 'a,b,c,d' })).toEqual(['WECHAT_SUBSCRIBE_TEMPLATE_IDS lists 4 templates; one prompt may ask about 3 at most']);
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(problemsOf({ ...production, WECHAT_API_BASE_URL: 'http://127.0.0.1:4100' })).toEqual(['WECHAT_API_BASE_URL must start with https://']);
    expect(problemsOf({ ...production, WECHAT_API_BASE_URL: 'https://api.weixin.qq.com' })).toEqual([]);
    expect(loadConfig({ WECHAT_API_BASE_URL: 'http://127.0.0.1:4100' }).wechat.apiBaseUrl).toBe('http://127.0.0.1:4100');
  });

  it('reads the notice templates, offers their ids to citizens and staff unless listed, and stops at a wrong one', () => {
    const field = { thing1: 'title' };
    const templates = JSON.stringify({
      citizen_replied: { templateId: 'p', fields: field },
      citizen_closed: { templateId: 'r', fields: field },
      staff_case_new: { templateId: 's', fields: field },
    });
    const config = loadConfig({ WECHAT_NOTICE_TEMPLATES: templates });
    expect(config.wechat).toMatchObject({ subscribeTemplateIds: ['p', 'r'], staffSubscribeTemplateIds: ['s'], miniprogramState: 'formal' });
    expect(loadConfig({ WECHAT_NOTICE_TEMPLATES: templates, WECHAT_SUBSCRIBE_TEMPLATE_IDS: 'p' }).wechat.subscribeTemplateIds).toEqual(['p']);
    expect(loadConfig({}).notices).toEqual({ worker: true, maxAttempts: 6, prune: true, retentionDays: 180, claimLeaseMs: 120_000 });
    expect(loadConfig({ NOTICE_RETENTION_DAYS: '365', NOTICE_PRUNE: 'off' }).notices).toMatchObject({ prune: false, retentionDays: 365 });
    expect(loadConfig({ NOTICE_CLAIM_LEASE_SECONDS: '15' }).notices.claimLeaseMs).toBe(15_000);
    expect(problemsOf({ NOTICE_RETENTION_DAYS: '7' })[0]).toMatch(/NOTICE_RETENTION_DAYS/);
    expect(problemsOf({ WECHAT_NOTICE_TEMPLATES: '{"citizen_replied":{"templateId":"p","fields":{"phrase1":"title"}}}' })).toEqual([
      'WECHAT_NOTICE_TEMPLATES.citizen_replied.fields.phrase1: a phrase field takes status',
    ]);
    expect(problemsOf({ NOTICE_WORKER: 'maybe', WECHAT_MINIPROGRAM_STATE: 'beta' })).toHaveLength(2);
  });
});
