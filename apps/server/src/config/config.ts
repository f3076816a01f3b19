import { resolve } from 'node:path';
import { SUBSCRIBE_TEMPLATES_PER_PROMPT } from '@hcp/contracts';
import { readDataKey } from '../common/privacy/data-key.js';
import { parseNoticeTemplates, templateIdsFor, type NoticeTemplates } from '../modules/notices/notice-templates.js';
import { SERVER_ROOT } from './paths.js';

/**
 * Configuration, read from the environment once at boot and validated as a whole: every bad value is reported
 * at once, with the variable's name and what is expected, and the server does not start.
 */
export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface HttpConfig {
  host: string;
  port: number;
  /** Base of every link the server hands out (QR codes, notices), without a trailing slash. */
  publicBaseUrl: string;
  /** Origins allowed by CORS; empty means same-origin only. `*` allows any. */
  corsOrigins: string[];
  /** Express `trust proxy`: the number of proxies in front, so client IPs are read correctly. */
  trustProxy: number;
}

export interface DatabaseConfig {
  /** External PostgreSQL; when absent an embedded one is started. */
  url: string | undefined;
  embeddedDir: string;
  /** Longest wait for a connection: a new one (TCP and PostgreSQL's start-up) or a free one from the pool. */
  connectTimeoutMs: number;
  /** The server cancels a statement that runs longer (`statement_timeout`); see database/options.ts. */
  statementTimeoutMs: number;
}

export interface WechatConfig {
  appId: string | undefined;
  appSecret: string | undefined;
  apiBaseUrl: string;
  /**
   * Subscribe-message template ids the mini-program asks citizens to allow (case progress, case result):
   * WECHAT_SUBSCRIBE_TEMPLATE_IDS, else the citizen templates of WECHAT_NOTICE_TEMPLATES (at most 3).
   */
  subscribeTemplateIds: string[];
  /** The templates staff are asked to allow in WeChat: the staff templates of WECHAT_NOTICE_TEMPLATES (at most 3). */
  staffSubscribeTemplateIds: string[];
  /** WECHAT_NOTICE_TEMPLATES: notice kind → template and how its fields are filled; see docs/notices.md. */
  noticeTemplates: NoticeTemplates;
  /** WECHAT_MINIPROGRAM_STATE: which version of the mini-program a subscribe message opens. */
  miniprogramState: 'developer' | 'trial' | 'formal';
}

export interface NoticesConfig {
  /** NOTICE_WORKER: deliver WeChat subscribe messages from this process (the in-app inbox works either way). */
  worker: boolean;
  /** NOTICE_WECHAT_MAX_ATTEMPTS: sends tried for one notice through transient errors before it is a dead letter. */
  maxAttempts: number;
  /**
   * NOTICE_CLAIM_LEASE_SECONDS: how long notices a worker claimed stay its own; a worker that died (a crash) gives
   * them back after this long. Longer than a claimed batch can take (200 sends, 16 at a time, against WeChat's timeout).
   */
  claimLeaseMs: number;
  /** NOTICE_PRUNE: delete read notices past their retention, once a day, from this installation's job queue. */
  prune: boolean;
  /** NOTICE_RETENTION_DAYS: a notice read and written longer ago than this many days is deleted. */
  retentionDays: number;
}

export interface RatingsConfig {
  /** A second rating by the same citizen at the same window within this many minutes is refused. */
  duplicateMinutes: number;
  perCitizenPerHour: number;
  perIpPerHour: number;
  /** RATING_BATCH_MAX: most ratings written in one statement and commit (group commit); 1 writes each alone. */
  batchMax: number;
  /** RATING_BATCH_IN_FLIGHT: most good ratings' writes (single or grouped) at the database at once; the rest wait and group. */
  batchInFlight: number;
}

export interface PrivacyConfig {
  /** AES-256 key for personal data stored in the database (phone numbers), and the key of their matching hashes. */
  dataKey: Buffer;
  /** True when DATA_ENCRYPTION_KEY is unset outside production and the public development key is in use. */
  developmentKey: boolean;
}

export interface IdentityConfig {
  /** New anonymous browser accounts one network address may create in an hour. */
  deviceSignupsPerIpHour: number;
}

export interface PostersConfig {
  /** Most pages (windows) in one hall PDF; a larger hall is printed unit by unit (`?unitId=`). */
  pdfMaxPages: number;
  /** Hall PDFs rendered at once in this process; one more is answered 503 `POSTER_PDF_BUSY`. */
  pdfConcurrency: number;
  /** A download whose client asked for nothing more for this long is cut off, and its render slot freed. */
  pdfIdleSeconds: number;
}

export interface CasesConfig {
  /** Run the deadline scheduler (reminders, overdue marks, 默认办结) in this process; see docs/cases.md. */
  scheduler: boolean;
}

export interface StatsConfig {
  /** Run the statistics roll-up job in this process (every minute, one instance at a time); see docs/stats.md. */
  rollup: boolean;
}

export interface AuthConfig {
  jwtSecret: string;
  /** True when no secret was configured and a random one was generated for this process. */
  jwtSecretGenerated: boolean;
}

export interface WebConfig {
  /** Folder of the mini-program's H5 build, served at `/`. */
  h5Dir: string;
  /** The desktop console's build, served at /console/. */
  consoleDir: string;
}

export interface Open311Config {
  /** Service requests one API key may POST per hour (the rest are 429). */
  requestsPerKeyPerHour: number;
  /** Where the discovery document says to write (an address or a URL). */
  contact: string;
}

export interface AppConfig {
  env: NodeEnv;
  http: HttpConfig;
  database: DatabaseConfig;
  wechat: WechatConfig;
  auth: AuthConfig;
  web: WebConfig;
  log: { level: LogLevel };
  ratings: RatingsConfig;
  privacy: PrivacyConfig;
  identity: IdentityConfig;
  posters: PostersConfig;
  cases: CasesConfig;
  stats: StatsConfig;
  notices: NoticesConfig;
  open311: Open311Config;
  /** Seed the demo hall (once) and print its sign-ins and QR links at start. */
  demo: { seed: boolean };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}="${value}" must be one of: ${allowed.join(', ')}`);
    return fallback;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
    this.problems.push(`${name}="${value}" must be true or false`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name}="${value}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  url(name: string, protocols: readonly string[], fallback?: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(`${name} is not a valid URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`);
      return fallback;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return fallback;
    }
    return value;
  }
}

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const port = r.integer('PORT', 3000, 1, 65535);
  const host = r.raw('HOST') ?? '0.0.0.0';

  const publicBaseUrl = (r.url('PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');

  const corsOrigins = (r.raw('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      r.problems.push(`CORS_ORIGINS entry "${origin}" must be an origin such as https://example.gov.cn (no path), or *`);
    }
  }

  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const embeddedDir = resolve(r.raw('EMBEDDED_PG_DIR') ?? resolve(SERVER_ROOT, '.data', 'postgres'));
  // A rating waits a few seconds at most for a database that does not answer; the phone then keeps it for later.
  const connectTimeoutMs = r.integer('DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 600_000);
  const statementTimeoutMs = r.integer('DATABASE_STATEMENT_TIMEOUT_MS', 5000, 100, 600_000);

  const appId = r.raw('WECHAT_APP_ID');
  const appSecret = r.raw('WECHAT_APP_SECRET');
  if ((appId === undefined) !== (appSecret === undefined)) {
    r.problems.push('WECHAT_APP_ID and WECHAT_APP_SECRET must be set together (or both left unset)');
  }
  if (appId !== undefined && !/^wx[0-9a-f]{16}$/.test(appId)) {
    r.problems.push(`WECHAT_APP_ID="${appId}" must look like wx followed by 16 hex digits`);
  }
  // Plain http carries the AppSecret and users' codes in the clear: only the sandbox (development, tests) may use it.
  const apiBaseUrl = (r.url('WECHAT_API_BASE_URL', nodeEnv === 'production' ? ['https:'] : ['http:', 'https:']) ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');

  let jwtSecret = r.raw('JWT_SECRET');
  let jwtSecretGenerated = false;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    r.problems.push('JWT_SECRET must be at least 32 characters long');
  }
  if (jwtSecret === undefined) {
    if (nodeEnv === 'production') r.problems.push('JWT_SECRET is required when NODE_ENV=production');
    jwtSecret = randomSecret();
    jwtSecretGenerated = true;
  }

  const notice = parseNoticeTemplates(r.raw('WECHAT_NOTICE_TEMPLATES'));
  r.problems.push(...notice.problems);
  const listed = r.raw('WECHAT_SUBSCRIBE_TEMPLATE_IDS');
  const subscribeTemplateIds =
    listed === undefined
      ? templateIdsFor(notice.templates, 'citizen').slice(0, SUBSCRIBE_TEMPLATES_PER_PROMPT)
      : [
          ...new Set(
            listed
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean),
          ),
        ];
  const staffSubscribeTemplateIds = templateIdsFor(notice.templates, 'staff').slice(0, SUBSCRIBE_TEMPLATES_PER_PROMPT);
  const miniprogramState = r.oneOf('WECHAT_MINIPROGRAM_STATE', ['developer', 'trial', 'formal'] as const, 'formal');
  const notices: NoticesConfig = {
    worker: r.oneOf('NOTICE_WORKER', ['on', 'off'], 'on') === 'on',
    maxAttempts: r.integer('NOTICE_WECHAT_MAX_ATTEMPTS', 6, 1, 20),
    claimLeaseMs: r.integer('NOTICE_CLAIM_LEASE_SECONDS', 120, 10, 3600) * 1000,
    prune: r.oneOf('NOTICE_PRUNE', ['on', 'off'], 'on') === 'on',
    retentionDays: r.integer('NOTICE_RETENTION_DAYS', 180, 30, 3650),
  };
  if (subscribeTemplateIds.length > SUBSCRIBE_TEMPLATES_PER_PROMPT) {
    // Older WeChat clients refuse the whole prompt (errCode 20003) when asked about more: nobody would subscribe.
    r.problems.push(`WECHAT_SUBSCRIBE_TEMPLATE_IDS lists ${subscribeTemplateIds.length} templates; one prompt may ask about ${SUBSCRIBE_TEMPLATES_PER_PROMPT} at most`);
  }

  const ratings: RatingsConfig = {
    duplicateMinutes: r.integer('RATING_DUPLICATE_MINUTES', 10, 0, 1440),
    perCitizenPerHour: r.integer('RATING_LIMIT_PER_CITIZEN_HOUR', 30, 1, 100000),
    perIpPerHour: r.integer('RATING_LIMIT_PER_IP_HOUR', 3000, 1, 1000000),
    batchMax: r.integer('RATING_BATCH_MAX', 64, 1, 1000),
    batchInFlight: r.integer('RATING_BATCH_IN_FLIGHT', 8, 1, 100),
  };

  const dataKey = readDataKey({ DATA_ENCRYPTION_KEY: r.raw('DATA_ENCRYPTION_KEY'), NODE_ENV: nodeEnv });
  if (dataKey.problem) r.problems.push(dataKey.problem);
  const identity: IdentityConfig = { deviceSignupsPerIpHour: r.integer('DEVICE_SIGNUPS_PER_IP_HOUR', 200, 1, 1000000) };

  const posters: PostersConfig = {
    pdfMaxPages: r.integer('POSTER_PDF_MAX_PAGES', 500, 1, 5000),
    pdfConcurrency: r.integer('POSTER_PDF_CONCURRENCY', 2, 1, 16),
    pdfIdleSeconds: r.integer('POSTER_PDF_IDLE_SECONDS', 30, 1, 600),
  };

  const cases: CasesConfig = { scheduler: r.oneOf('CASE_SCHEDULER', ['on', 'off'], 'on') === 'on' };
  const open311: Open311Config = {
    requestsPerKeyPerHour: r.integer('OPEN311_REQUESTS_PER_KEY_HOUR', 600, 1, 1000000),
    contact: r.raw('OPEN311_CONTACT') ?? '',
  };
  const stats: StatsConfig = { rollup: r.oneOf('STATS_ROLLUP', ['on', 'off'], 'on') === 'on' };

  const trustProxy = r.integer('TRUST_PROXY', 0, 0, 10);
  const level = r.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');
  const demoSeed = r.boolean('DEMO_SEED', false);
  const h5Dir = resolve(r.raw('H5_DIST_DIR') ?? resolve(SERVER_ROOT, '..', 'miniapp', 'dist-h5'));
  const consoleDir = resolve(r.raw('CONSOLE_DIST_DIR') ?? resolve(SERVER_ROOT, '..', 'console', 'dist'));

  if (r.problems.length > 0) throw new ConfigError(r.problems);

  return {
    env: nodeEnv,
    http: { host, port, publicBaseUrl, corsOrigins, trustProxy },
    database: { url: databaseUrl, embeddedDir, connectTimeoutMs, statementTimeoutMs },
    wechat: { appId, appSecret, apiBaseUrl, subscribeTemplateIds, staffSubscribeTemplateIds, noticeTemplates: notice.templates, miniprogramState },
    auth: { jwtSecret, jwtSecretGenerated },
    web: { h5Dir, consoleDir },
    log: { level },
    demo: { seed: demoSeed },
    ratings,
    privacy: { dataKey: dataKey.key, developmentKey: dataKey.developmentKey },
    identity,
    posters,
    cases,
    stats,
    notices,
    open311,
  };
}

/** What an operator must hear at every start: settings that work, but not for real use. */
export function startupWarnings(config: AppConfig): string[] {
  const warnings: string[] = [];
  if (config.auth.jwtSecretGenerated) {
    warnings.push('JWT_SECRET is not set: a random secret was generated, so sign-ins end when the server restarts');
  }
  if (config.privacy.developmentKey) {
    warnings.push(
      'DATA_ENCRYPTION_KEY is not set: phone numbers are encrypted with a public development key; set a key of your own (openssl rand -base64 32) before storing real data',
    );
  }
  return warnings;
}

function randomSecret(): string {
  const bytes = new Uint8Array(48);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
