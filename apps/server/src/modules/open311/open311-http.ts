import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../common/database-errors.js';
import { loggableError } from '../../common/errors/all-exceptions.filter.js';
import type { RequestReporter } from '../cases/case-requests.js';
import { Open311Error } from './open311-errors.js';
import { CONTENT_TYPES, xmlDocument, xmlList, parseW3cDateTime, type Open311Format, type Open311Record } from './open311-format.js';
import type { NewServiceRequest, Open311Service, RequestSearch } from './open311.service.js';

/** Mounted at this path, outside `/api/v1`: where Open311 clients expect the discovery document and the API. */
export const OPEN311_PATH = '/open311';

/** Bounds of what a request may carry (a larger body is 413; more fields 413; longer values 400). */
const BODY_LIMIT = '64kb';
const MAX_FIELDS = 200;
const MAX_ATTRIBUTES = 50;
const MAX_LIST_ITEMS = 100;
const LIMITS = { description: 4000, address: 300, name: 50, email: 254, phone: 20, code: 64, value: 1000, id: 64, jurisdiction: 100, apiKey: 200 } as const;

type Params = Record<string, unknown>;
type Handler = (format: Open311Format, match: RegExpExecArray, req: Request) => Promise<{ status?: number; body: string }>;

/**
 * The Open311 GeoReport v2 routes, in the specification's own forms: the format is the path's extension, errors are
 * its error list, POST bodies are form-encoded. Plain express (not the API's pipeline), because neither the API's
 * JSON body, validation nor error body applies here; the request id and access log still do.
 */
export function open311Router(service: () => Open311Service, logger: Logger): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: MAX_FIELDS, type: 'application/x-www-form-urlencoded' });
  const json = (format: Open311Format, root: string, item: string, records: Open311Record[]) => (format === 'json' ? JSON.stringify(records) : xmlList(root, item, records));

  const routes: { method: 'GET' | 'POST'; path: RegExp; handle: Handler }[] = [
    {
      method: 'GET',
      path: /^\/discovery\.(json|xml)$/,
      handle: async (format) => {
        const doc = service().discovery();
        return { body: format === 'json' ? JSON.stringify(doc) : xmlDocument('discovery', doc) };
      },
    },
    { method: 'GET', path: /^\/v2\/services\.(json|xml)$/, handle: async (format) => ({ body: json(format, 'services', 'service', await service().services()) }) },
    {
      method: 'GET',
      path: /^\/v2\/services\/([^/]+)\.(json|xml)$/,
      handle: async (format, m) => {
        const definition = await service().serviceDefinition(pathValue(m[1], 'service_code'));
        return { body: format === 'json' ? JSON.stringify(definition) : xmlDocument('service_definition', definition) };
      },
    },
    {
      method: 'GET',
      path: /^\/v2\/requests\.(json|xml)$/,
      handle: async (format, _m, req) => ({ body: json(format, 'service_requests', 'request', await service().requests(requestSearch(req.query as Params))) }),
    },
    {
      method: 'GET',
      path: /^\/v2\/requests\/([^/]+)\.(json|xml)$/,
      handle: async (format, m, req) => {
        common(req.query as Params);
        return { body: json(format, 'service_requests', 'request', await service().request(pathValue(m[1], 'service_request_id'))) };
      },
    },
    {
      method: 'GET',
      path: /^\/v2\/servicerequestupdates\.(json|xml)$/,
      handle: async (format, _m, req) => {
        const q = req.query as Params;
        common(q);
        const updates = await service().updates(date(q, 'start_date'), date(q, 'end_date'));
        return { body: json(format, 'service_request_updates', 'request_update', updates) };
      },
    },
    {
      method: 'POST',
      path: /^\/v2\/requests\.(json|xml)$/,
      handle: async (format, _m, req) => ({ status: 201, body: json(format, 'service_requests', 'request', await service().create(newRequest(req))) }),
    },
  ];

  /** Anything else is the server's: the cause goes to the log; the answer says only to try again. */
  const failed = (res: Response, format: Open311Format, error: unknown) => {
    const unavailable = isDatabaseUnavailable(error);
    logger.error({ err: loggableError(error), status: unavailable ? 503 : 500 }, 'request failed');
    if (unavailable) res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    send(res, format, unavailable ? new Open311Error(503, '服务暂时不可用，请稍后再试') : new Open311Error(500, '系统繁忙，请稍后再试'));
  };

  router.use((req: Request, res: Response) => {
    const format: Open311Format = req.path.endsWith('.xml') ? 'xml' : 'json';
    // HEAD is answered as GET (without the body), as express does for its own routes.
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = routes.find((r) => r.method === method && r.path.test(req.path));
    if (!route) return send(res, format, Open311Error.notFound('没有这个接口'));
    const match = route.path.exec(req.path)!;
    const run = () =>
      route
        .handle(match[match.length - 1] as Open311Format, match, req)
        .then((out) => {
          res.status(out.status ?? 200).type(CONTENT_TYPES[format]).send(out.body);
        })
        .catch((error: unknown) => (error instanceof Open311Error ? send(res, format, error) : failed(res, format, error)));
    if (method !== 'POST') return void run();
    if (!req.is('application/x-www-form-urlencoded')) return send(res, format, new Open311Error(415, '请以 application/x-www-form-urlencoded 表单提交'));
    form(req, res, (error?: unknown) => {
      if (error) return send(res, format, parserError(error));
      run();
    });
  });
  return router;
}

function send(res: Response, format: Open311Format, error: Open311Error): void {
  const errors = [{ code: error.status, description: error.description }];
  res
    .status(error.status)
    .type(CONTENT_TYPES[format])
    .send(format === 'json' ? JSON.stringify(errors) : xmlList('errors', 'error', errors));
}

/** The form parser's refusals, as Open311 errors (too large, too many fields, unreadable). */
function parserError(error: unknown): Open311Error {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') return new Open311Error(413, `提交的内容过大（上限 ${BODY_LIMIT}）`);
  if (type === 'parameters.too.many') return new Open311Error(413, `提交的字段过多（上限 ${MAX_FIELDS} 个）`);
  return Open311Error.badRequest('无法读取提交的表单');
}

const bad = (field: string, why: string) => Open311Error.badRequest(`${field} ${why}`);

/** A value with no NUL or other control characters but tab and line breaks, at most `max` characters. */
function clean(field: string, value: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value)) throw bad(field, '含有无效字符');
  if (value.length > max) throw bad(field, `过长（最多 ${max} 个字符）`);
  return value;
}

function pathValue(raw: string, field: string): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw bad(field, '格式不正确');
  }
  return clean(field, value, LIMITS.id);
}

/** One optional text field, trimmed; empty is absent. Sent twice is refused. */
function text(params: Params, field: string, max: number): string | undefined {
  const value = params[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(field, '只能提交一个值');
  const trimmed = clean(field, value, max).trim();
  return trimmed === '' ? undefined : trimmed;
}

function list(params: Params, field: string): string[] | undefined {
  const value = text(params, field, LIMITS.id * MAX_LIST_ITEMS);
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > MAX_LIST_ITEMS) throw bad(field, `最多 ${MAX_LIST_ITEMS} 项`);
  if (items.some((s) => s.length > LIMITS.id)) throw bad(field, `每项最多 ${LIMITS.id} 个字符`);
  return items;
}

function date(params: Params, field: string): Date | undefined {
  const value = text(params, field, 40);
  if (value === undefined) return undefined;
  const parsed = parseW3cDateTime(value);
  if (!parsed) throw bad(field, '应为 W3C 日期时间，如 2026-11-30T08:00:00+08:00');
  return parsed;
}

/** What every route accepts: `jurisdiction_id` (one endpoint serves one jurisdiction, so it is read and ignored). */
function common(params: Params): void {
  text(params, 'jurisdiction_id', LIMITS.jurisdiction);
}

function requestSearch(params: Params): RequestSearch {
  common(params);
  const status = list(params, 'status');
  if (status?.some((s) => s !== 'open' && s !== 'closed')) throw bad('status', '只能是 open 或 closed');
  return {
    serviceRequestIds: list(params, 'service_request_id'),
    serviceCodes: list(params, 'service_code'),
    start: date(params, 'start_date'),
    end: date(params, 'end_date'),
    status: status as RequestSearch['status'],
  };
}

function coordinate(params: Params, field: 'lat' | 'long', bound: number): number | null {
  const value = text(params, field, 32);
  if (value === undefined) return null;
  if (!/^[-+]?\d{1,3}(\.\d{1,15})?$/.test(value) || Math.abs(Number(value)) > bound) throw bad(field, `应为 -${bound} 到 ${bound} 之间的数`);
  return Number(value);
}

/** `attribute[code]` (or `attribute[code][]` for several values, joined with commas), by code. */
function attributes(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(params)) {
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(key);
    if (!m) continue;
    const code = clean('attribute', m[1], LIMITS.code);
    if (!/^[\w.:-]+$/.test(code)) throw bad(`attribute[${code}]`, '的代码只能含字母、数字和 _ . : -');
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => clean(`attribute[${code}]`, String(v), LIMITS.value));
    out[code] = values.join(',');
    if (out[code].length > LIMITS.value) throw bad(`attribute[${code}]`, `过长（最多 ${LIMITS.value} 个字符）`);
    if (Object.keys(out).length > MAX_ATTRIBUTES) throw bad('attribute', `最多 ${MAX_ATTRIBUTES} 项`);
  }
  return out;
}

function newRequest(req: Request): NewServiceRequest {
  const body = (req.body ?? {}) as Params;
  common(body);
  const apiKey = text(body, 'api_key', LIMITS.apiKey) ?? text(req.query as Params, 'api_key', LIMITS.apiKey);
  if (!apiKey) throw bad('api_key', '为必填项');
  const serviceCode = text(body, 'service_code', LIMITS.code);
  if (!serviceCode) throw bad('service_code', '为必填项');
  const description = text(body, 'description', LIMITS.description);
  if (!description) throw bad('description', '为必填项');
  const lat = coordinate(body, 'lat', 90);
  const long = coordinate(body, 'long', 180);
  if ((lat === null) !== (long === null)) throw bad('lat/long', '须同时提供');
  const address = text(body, 'address_string', LIMITS.address) ?? text(body, 'address_id', LIMITS.address) ?? null;
  if (lat === null && address === null) throw bad('lat/long 或 address_string', '须提供其一（诉求发生的位置）');
  const email = text(body, 'email', LIMITS.email) ?? null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw bad('email', '格式不正确');
  const phone = text(body, 'phone', LIMITS.phone) ?? null;
  if (phone !== null && !/^\+?[0-9][0-9 ()-]{2,19}$/.test(phone)) throw bad('phone', '格式不正确');
  const reporter: RequestReporter = {
    firstName: text(body, 'first_name', LIMITS.name) ?? null,
    lastName: text(body, 'last_name', LIMITS.name) ?? null,
    email,
    phone: phone === null ? null : phone.replace(/[\s()-]/g, ''),
  };
  return { apiKey, serviceCode, description, address, lat, long, attributes: attributes(body), reporter };
}
