import fc from 'fast-check';

/**
 * Generators of requests no route accepts, for the bad-input fuzzer (`test/fuzz.e2e-spec.ts`). Every generated
 * request carries at least one part that makes it invalid for its route (a "breaker"), so whatever else it holds,
 * the right answer is a 4xx and nothing stored.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One route as the server describes it: `/api/v1/units/{id}` style, with the names of its query parameters. */
export interface Route {
  method: Method;
  path: string;
  query: string[];
  /** Whether the route declares a request body (others ignore whatever body comes). */
  takesBody: boolean;
  bodyFields: string[];
  /** The body's properties as the document describes them (type, enum, items), when it does. */
  bodySchema?: Record<string, PropertySchema>;
  /** Open311 GeoReport routes: their own error list and form bodies. */
  open311?: boolean;
}

export interface FuzzRequest {
  method: Method;
  route: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  /** A raw body (sent as is) or nothing. */
  body?: string;
  breaker: string;
}

/** What the OpenAPI document says of one body property. */
export interface PropertySchema {
  type?: string;
  enum?: unknown[];
  items?: PropertySchema;
  maxLength?: number;
  /** Set by `routesOf` from the schema's `required` list. */
  required?: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Partial<Record<Lowercase<Method>, { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>>;
  components?: { schemas?: Record<string, { properties?: Record<string, PropertySchema>; required?: string[] }> };
}

/** The routes of the OpenAPI document the server builds (`/api/docs-json`). */
export function routesOf(document: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation) continue;
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const ref = Object.values(operation.requestBody?.content ?? {})[0]?.schema?.$ref;
      const schema = ref ? document.components?.schemas?.[ref.split('/').pop()!] : undefined;
      routes.push({ method: method.toUpperCase() as Method, path, query, takesBody: operation.requestBody !== undefined, bodyFields: Object.keys(schema?.properties ?? {}), bodySchema: schema?.properties && Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, { ...property, required: schema.required?.includes(name) ?? false }])),
      });
    }
  }
  return routes;
}

/** Open311 GeoReport v2 routes (the specification's own paths, mounted outside the API's pipeline). */
export const OPEN311_ROUTES: Route[] = [
  { method: 'GET', path: '/open311/discovery.{format}', query: [], takesBody: false, bodyFields: [], open311: true },
  { method: 'GET', path: '/open311/v2/services.{format}', query: ['jurisdiction_id'], takesBody: false, bodyFields: [], open311: true },
  { method: 'GET', path: '/open311/v2/services/{service_code}.{format}', query: ['jurisdiction_id'], takesBody: false, bodyFields: [], open311: true },
  {
    method: 'GET',
    path: '/open311/v2/requests.{format}',
    query: ['jurisdiction_id', 'service_request_id', 'service_code', 'start_date', 'end_date', 'status'],
    takesBody: false,
    bodyFields: [],
    open311: true,
  },
  { method: 'GET', path: '/open311/v2/requests/{service_request_id}.{format}', query: ['jurisdiction_id'], takesBody: false, bodyFields: [], open311: true },
  {
    method: 'POST',
    path: '/open311/v2/requests.{format}',
    query: [],
    takesBody: true,
    bodyFields: ['api_key', 'service_code', 'description', 'lat', 'long', 'address_string', 'email', 'phone', 'first_name', 'attribute[x]'],
    open311: true,
  },
];

const NUL = '\u0000';

/** Strings that trip parsers, converters and columns: numbers past every range, odd Unicode, markup, SQL, long runs. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e300',
    '-1e309',
    '0x5',
    '99999999999999999999999',
    '9007199254740993',
    'NaN',
    'Infinity',
    'true',
    'null',
    'undefined',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '2026-02-30',
    '2026-13-01T25:61:61Z',
    '9999-12-31',
    '0000-00-00',
    '\u202e\u200b\ufeff',
    '𠮷𠮷𠮷',
    '\ud800',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '差'.repeat(n)),
);

/** JSON values of any type, including deep and wide ones. */
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  nastyString,
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 4.5, 0, -1),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyString, { maxLength: 5 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
);

/** Percent-encodes any string, lone surrogates included (as their UTF-16 code units would be, which is invalid UTF-8). */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((c) => `%${(c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`).join('');
  }
}

/** A path segment: a nasty string, a NUL, or raw bytes that are not UTF-8. */
const pathValue: fc.Arbitrary<string> = fc.oneof(
  nastyString.map((s) => encode(s.slice(0, 1_000)) || '%20'),
  nastyString.map((s) => `${encode(s.slice(0, 100))}%00`),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
  fc.constantFrom('%', '%zz', '%E4%B8', '..', '.', '%2F', '%2e%2e'),
);

/** Query entries: declared or made-up names, each with nasty values, repeated or bracketed. */
function queryEntries(names: string[]): fc.Arbitrary<string[]> {
  const name = names.length > 0 ? fc.oneof(fc.constantFrom(...names), fc.string({ minLength: 1, maxLength: 10 })) : fc.string({ minLength: 1, maxLength: 10 });
  const entry = fc.oneof(
    // Past Node's 16 KB header limit: refused by the HTTP server itself (431, no body). Rare, or it drowns the rest.
    { arbitrary: fc.integer({ min: 2_000, max: 3_000 }).map((n) => `q=${encode('差'.repeat(n))}`), weight: 1 },
    { arbitrary: fc.tuple(name, nastyString).map(([k, v]) => `${encode(k)}=${encode(v.slice(0, 300))}`), weight: 20 },
    { arbitrary: fc.tuple(name, nastyString).map(([k, v]) => `${encode(k)}[${encode(v.slice(0, 8))}]=${encode(v.slice(0, 300))}`), weight: 10 },
    { arbitrary: fc.tuple(name, fc.array(nastyString, { minLength: 2, maxLength: 3 })).map(([k, vs]) => vs.map((v) => `${encode(k)}=${encode(v.slice(0, 300))}`).join('&')), weight: 10 },
    { arbitrary: name.map((k) => encode(k)), weight: 10 },
  );
  return fc.array(entry, { maxLength: 4 });
}

const contentTypes = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', ''];

/** Headers a client may send wrong: authorization, content type, request id, accept, language, forwarding. */
const noiseHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'Content-Type': fc.constantFrom(...contentTypes),
    Accept: fc.constantFrom('*/*', 'application/xml', 'text/html', '', 'application/json;q=abc'),
    'X-Request-Id': fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
    'Accept-Language': fc.string({ unit: 'grapheme-ascii', maxLength: 50 }),
    'X-Forwarded-For': fc.constantFrom('1.2.3.4', 'not-an-address', '::1, 999.999.1.1', ''),
    'Idempotency-Key': fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
  },
  { requiredKeys: [] },
).map((headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[\r\n]/g, '')])));

/** Bodies no route takes: unknown fields, wrong shapes, broken or deep JSON, oversized, NUL characters. */
function badJsonBody(fields: string[], schema: Record<string, PropertySchema> = {}): fc.Arbitrary<{ body: string; kind: string }> {
  const known = fields.length > 0 ? fc.dictionary(fc.constantFrom(...fields), nastyJson, { maxKeys: fields.length }) : fc.constant({});
  const typed = Object.keys(schema).length > 0 ? [
    fc
      .tuple(wellTypedBody(schema), fc.constantFrom(...Object.keys(schema)).chain((name) => fc.tuple(fc.constant(name), wrongTyped(schema[name]!))))
      .map(([body, [name, value]]) => ({ body: JSON.stringify({ ...body, [name]: value }), kind: `wrong type for ${name}` })),
  ] : [];
  return fc.oneof(
    ...typed,
    fc.tuple(known, fc.string({ minLength: 1, maxLength: 12 }), nastyJson).map(([body, key, value]) => ({
      body: JSON.stringify({ ...body, [`x-unknown-${key}`]: value }),
      kind: 'unknown field',
    })),
    fc.tuple(known, fc.constantFrom(...(fields.length > 0 ? fields : ['value']))).map(([body, key]) => ({ body: JSON.stringify({ ...body, [key]: `a${NUL}b` }), kind: 'NUL in a field' })),
    fc.oneof(fc.array(nastyJson, { maxLength: 3 }), nastyString, fc.double(), fc.constant(null)).map((value) => ({ body: JSON.stringify(value ?? null), kind: 'not an object' })),
    fc.constantFrom('{', '{"a":', '[1,]', "{'a':1}", '{"a":1}}', 'undefined', '\u0000', '{"__proto__":{"admin":true},"x":').map((body) => ({ body, kind: 'broken JSON' })),
    fc.integer({ min: 17, max: 5_000 }).map((depth) => ({ body: `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`, kind: 'deep nesting' })),
    fc.integer({ min: 257, max: 600 }).map((kb) => ({ body: JSON.stringify({ a: 'x'.repeat(kb * 1024) }), kind: 'oversized' })),
  );
}

/** A value of the property's own type (so validation passes it), from the nasty end of that type. */
function wellTyped(schema: PropertySchema, name = ''): fc.Arbitrary<unknown> {
  if (/Id$/.test(name)) return fc.uuid({ version: 4 });
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return fc.oneof(
        { arbitrary: fc.string({ minLength: 1, maxLength: 20 }).filter((v) => !v.includes(NUL)), weight: 4 },
        { arbitrary: nastyString.filter((v) => !v.includes(NUL)), weight: 1 },
        { arbitrary: fc.uuid({ version: 4 }), weight: 2 },
        { arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), weight: 1 },
      );
    case 'number':
    case 'integer':
      return fc.oneof(fc.integer({ min: -3, max: 10 }), fc.constantFrom(2_147_483_648, Number.MAX_SAFE_INTEGER, -2_147_483_649));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(wellTyped(schema.items ?? {}), { maxLength: 4 });
    default:
      return fc.oneof(fc.constant(null), fc.uuid({ version: 4 }), nastyString.filter((v) => !v.includes(NUL)));
  }
}

/** A value no property of this type takes. */
function wrongTyped(schema: PropertySchema): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      return fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
    case 'number':
    case 'integer':
      return fc.oneof(fc.constantFrom('4', '0x5', '1e0', true, 4.5, '', [1], { n: 1 }), fc.double({ noInteger: true, noNaN: true }));
    case 'boolean':
      return fc.constantFrom('true', 1, 0, 'yes', [], {});
    case 'array':
      return fc.oneof(nastyString, fc.integer(), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
    default:
      return fc.constantFrom([[[]]], { a: { b: {} } }, true);
  }
}

/** Every described property with a value of its own type: a body validation lets through. */
export function wellTypedBody(schema: Record<string, PropertySchema>): fc.Arbitrary<Record<string, unknown>> {
  const required = Object.keys(schema).filter((name) => schema[name]!.required);
  return fc.record(Object.fromEntries(Object.entries(schema).map(([name, property]) => [name, wellTyped(property, name)])), { requiredKeys: required });
}

/** Form bodies Open311 refuses: no or a wrong API key, or no service code, with nasty fields. */
function badFormBody(fields: string[]): fc.Arbitrary<{ body: string; kind: string }> {
  return fc
    .tuple(fc.dictionary(fc.constantFrom(...fields.filter((f) => f !== 'api_key')), nastyString, { maxKeys: 6 }), fc.option(nastyString, { nil: undefined }))
    .map(([fields, key]) => ({
      body: new URLSearchParams({ ...fields, ...(key === undefined ? {} : { api_key: `wrong-${key}` }) }).toString(),
      kind: 'form without a valid key',
    }));
}

/** Access tokens the requests carry, so that they get past the guards to validation: a system administrator's and a citizen's. */
export interface Tokens {
  staff: string;
  citizen: string;
  /** An Open311 API key, so that service requests get past the key check. */
  open311Key: string;
}

/** A request to `route` that the route must refuse with a 4xx. */
export function badRequestFor(route: Route, tokens: Tokens): fc.Arbitrary<FuzzRequest> {
  const params = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((p) => p !== 'format');
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const breakers: string[] = ['NUL in the query'];
  if (params.length > 0) breakers.push('bad path value');
  if (route.takesBody) breakers.push('bad body');
  // A record that does not exist, asked for with a well-formed id and a body validation lets through: this reaches
  // the route's own code, which must answer 404 (or refuse the body) without storing anything.
  if (!route.open311 && params.length > 0 && params.every((p) => p === 'id')) breakers.push('no such record');
  // A new record that names another which does not exist (a unit, hall, staff member): refused, never half-stored.
  // Ids a client makes up itself (a device, a rating's idempotency key) name nothing stored beforehand.
  const references = Object.keys(route.bodySchema ?? {}).filter((name) => /Id$/.test(name) && !['deviceId', 'clientId'].includes(name));
  if (!route.open311 && params.length === 0 && references.length > 0) breakers.push('unknown reference');
  if (route.open311) breakers.splice(0, breakers.length, 'unknown format', ...(params.length > 0 ? ['bad path value'] : []), ...(route.takesBody ? ['bad body', 'unknown service'] : []));
  if (route.open311 && route.query.includes('start_date')) breakers.push('bad date');

  return fc
    .record({
      breaker: fc.constantFrom(...breakers),
      values: fc.array(pathValue, { minLength: params.length, maxLength: params.length }),
      query: queryEntries(route.query),
      headers: noiseHeaders,
      token: fc.constantFrom(tokens.staff, tokens.staff, tokens.citizen, '', 'Bearer not-a-token', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Basic YTpi'),
      body: hasBody ? (route.open311 ? badFormBody(route.bodyFields) : badJsonBody(route.bodyFields, route.bodySchema)) : fc.constant(undefined),
      goodBody: route.bodySchema ? wellTypedBody(route.bodySchema) : fc.constant(undefined),
      ids: fc.array(fc.uuid({ version: 4 }), { minLength: params.length, maxLength: params.length }),
      refIds: fc.array(fc.uuid({ version: 4 }), { minLength: references.length, maxLength: references.length }),
      format: fc.constantFrom('json', 'xml'),
      badFormat: fc.constantFrom('csv', 'html', 'JSON', 'json%00', ''),
      // (An empty date is no date: Open311 treats an empty field as absent.)
      badDate: fc.tuple(
        fc.constantFrom('start_date', 'end_date'),
        fc.oneof(
          fc.constantFrom('2026-13-01T00:00:00Z', '2026-02-30T08:00:00+08:00', 'yesterday', '1e300', '2026-11-30T25:00:00Z', '2026-11-30T08:00:00+99:00', '%00'),
          fc.string({ minLength: 41, maxLength: 200 }),
        ),
      ),
      form: fc.dictionary(fc.constantFrom('description', 'lat', 'long', 'address_string', 'email', 'phone', 'first_name', 'attribute[x]', 'jurisdiction_id'), nastyString, { maxKeys: 6 }),
      serviceCode: fc.string({ minLength: 1, maxLength: 20 }),
    })
    .map(({ breaker, values, query, headers, token, body, goodBody, ids, refIds, format, badFormat, badDate, form, serviceCode }) => {
      if (breaker === 'unknown service') {
        return {
          method: route.method,
          route: `${route.method} ${route.path}`,
          path: route.path.replace('{format}', format),
          query: '',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...form, api_key: tokens.open311Key, service_code: `NO-SUCH-${serviceCode}` }).toString(),
          breaker,
        };
      }
      if (breaker === 'unknown reference') {
        return {
          method: route.method,
          route: `${route.method} ${route.path}`,
          path: route.path,
          query: '',
          headers: { Authorization: `Bearer ${route.path.includes('/me/') ? tokens.citizen : tokens.staff}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...goodBody, ...Object.fromEntries(references.map((name, i) => [name, refIds[i]])) }),
          breaker,
        };
      }
      if (breaker === 'no such record') {
        return {
          method: route.method,
          route: `${route.method} ${route.path}`,
          path: params.reduce((path, name, i) => path.replace(`{${name}}`, ids[i]!), route.path),
          query: '',
          headers: { Authorization: `Bearer ${route.path.includes('/me/') ? tokens.citizen : tokens.staff}`, 'Content-Type': 'application/json' },
          body: route.takesBody ? JSON.stringify(goodBody ?? {}) : undefined,
          breaker,
        };
      }
      let path = route.path;
      params.forEach((name, i) => {
        // Valid path values are not generated: a made-up id or code matches nothing (404), which is an answer too.
        path = path.replace(`{${name}}`, breaker === 'bad path value' || !route.open311 ? values[i]! : `NO-SUCH-${i}`);
      });
      path = path.replace('{format}', breaker === 'unknown format' ? badFormat : format);
      if (!route.open311 && breaker === 'bad path value' && !values.some((v) => v.length > 0)) path += '%00';
      const entries = [...query];
      if (breaker === 'NUL in the query') entries.push(`${encode(route.query[0] ?? 'q')}=x%00y`);
      if (breaker === 'bad date') entries.push(`${badDate[0]}=${badDate[1] === '%00' ? '%00' : encode(badDate[1])}`);
      const all: Record<string, string> = { ...headers };
      if (token) all.Authorization = token.startsWith('Bearer ') || token.startsWith('Basic ') ? token : `Bearer ${token}`;
      if (route.open311 && hasBody) all['Content-Type'] = headers['Content-Type'] === 'application/json' ? 'application/json' : 'application/x-www-form-urlencoded';
      else if (hasBody && breaker === 'bad body') all['Content-Type'] = 'application/json';
      return {
        method: route.method,
        route: `${route.method} ${route.path}`,
        path,
        query: entries.join('&'),
        headers: all,
        body: hasBody ? body?.body : undefined,
        breaker: breaker === 'bad body' && body ? `bad body (${body.kind})` : breaker,
      };
    });
}

/** Any route, then a bad request to it. */
export function badRequests(routes: Route[], tokens: Tokens): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...routes).chain((route) => badRequestFor(route, tokens));
}

/** What a failed run prints, so it can be replayed (`FUZZ_SEED=… FUZZ_RUNS=…`). */
export function fuzzSettings(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 0x100000000);
  const numRuns = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : defaultRuns;
  return { seed, numRuns };
}
