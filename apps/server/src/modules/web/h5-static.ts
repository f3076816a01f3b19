import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip as gzipCallback } from 'node:zlib';
import type { Stats } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { HttpStatus } from '@nestjs/common';
import { ErrorCode, PAGE_DATA_ID } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

/** Paths the API owns; everything else under `/` belongs to the mini-program's H5 build. */
const API_PATHS = /^\/(api|health)(\/|$)/;
const HAS_EXTENSION = /\/[^/]+\.[A-Za-z0-9]+$/;
/** Build output whose name changes with its content (`app.5a908ba4.js`), or that sits in the build's asset folders. */
const HASHED = /\.[0-9a-f]{8,}\.(js|css)$/;
const ASSET_FOLDER = /^\/(js|css|static)\//;

/** A year, the longest lifetime caches honour: a hashed file never changes, a new release has new names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Kept, but asked about again each time (answered 304 while unchanged), so a new release reaches phones at once. */
const REVALIDATE = 'no-cache';

/**
 * The compressed copies the build writes beside each text file (scripts/precompress.mjs), best first: brotli is
 * about a fifth smaller than gzip on our scripts, and every browser that speaks it says so in Accept-Encoding.
 */
const CODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;
type Coding = (typeof CODINGS)[number]['coding'];

/**
 * Serves the H5 build at `/` with a client-side routing fallback: a page path such as `/r/AbC123` gets
 * `index.html`, and the H5 router takes over. Hashed assets are cached for a year; `index.html` and other unhashed
 * files are revalidated on every use. A file the build also wrote compressed (`app.js.br`, `app.js.gz`) is sent in
 * the best coding the browser accepts, with `Vary: Accept-Encoding`; anything else (images, small files, a browser
 * that accepts neither) is sent as it is.
 */
export interface H5StaticOptions {
  /**
   * What a client-side route's page carries beyond the build's `index.html`, or null for a path that has none (a
   * POST to such a path is not the pages' to answer).
   */
  page?: (request: PageRequest) => Promise<PageAnswer | null>;
  /** How long a page waits for its data (PAGE_DATA_BUDGET_MS by default). */
  pageDataBudgetMs?: number;
}

export interface PageRequest {
  path: string;
  method: 'GET' | 'HEAD' | 'POST';
  /** The parsed body of a POST (a form the page posts back to itself). */
  form: unknown;
  /** The Cookie header. */
  cookie: string | undefined;
  /** How long the page may wait for its data: withinBudget(lookup, budgetMs). */
  budgetMs: number;
}

export interface PageAnswer {
  /**
   * Data the page needs at once, written into it as a JSON data block (`<script type="application/json"
   * id="hcp-page-data">`, which runs nothing, so the `script-src 'self'` policy allows it), so the phone need not ask
   * for it after the script loaded: one round trip less on a weak network.
   */
  data?: unknown;
  /**
   * HTML of the page's first screen, put before the app's root element, with the build's stylesheet written into
   * the page (no second round trip before it shows). The app removes it when its own page is on the screen.
   */
  firstScreen?: string;
  /** A Set-Cookie header for the answer. */
  setCookie?: string;
  /**
   * Scripts and stylesheets (URL paths) the page will load after the app's own, named as preloads so that they come
   * with them instead of one round trip later: a subpackage's chunks on its pages.
   */
  preload?: readonly string[];
}

/**
 * The data is a convenience: when it is not there within this time (a slow or silent database) the page goes
 * without it, and asks for it itself, which then answers as the API answers in an outage. The first byte of a rating
 * page never waits for the database's connect timeout.
 */
export const PAGE_DATA_BUDGET_MS = 300;

/** Pages made for one answer are compressed when larger than this (a first screen with its stylesheet: ~35 KB). */
const COMPRESS_PAGE_ABOVE = 1024;

export function h5StaticMiddleware(h5Dir: string, options: H5StaticOptions = {}) {
  const root = resolve(h5Dir);
  const indexFile = join(root, 'index.html');

  return (req: Request, res: Response, next: NextFunction): void => {
    const method = req.method === 'GET' || req.method === 'HEAD' || req.method === 'POST' ? req.method : null;
    if (method === null || API_PATHS.test(req.path)) return next();
    void (async () => {
      if (!(await fileStats(indexFile))) return notBuilt(req, res, next);
      if (method !== 'POST') {
        const file = builtFile(root, req.path);
        if (file && (await fileStats(file))) return sendBuilt(req, res, next, root, file);
      }
      if (HAS_EXTENSION.test(req.path)) return next();
      const answer = options.page
        ? await options.page({
            path: req.path,
            method,
            form: method === 'POST' ? await readForm(req) : undefined,
            cookie: req.headers.cookie,
            budgetMs: options.pageDataBudgetMs ?? PAGE_DATA_BUDGET_MS,
          })
        : null;
      if (answer) return sendPage(req, res, root, indexFile, answer);
      if (method === 'POST') return next();
      const preload = await subpackageFiles(root, req.path);
      if (preload.length > 0) return sendPage(req, res, root, indexFile, { preload });
      return sendBuilt(req, res, next, root, indexFile);
    })().catch(next);
  };
}

/** A page's own form is a few fields: more than this is not one. */
const FORM_LIMIT_BYTES = 2048;

/**
 * The body of a form a page posted back to itself (`application/x-www-form-urlencoded`) as its fields, a field sent
 * more than once as a list (413 past FORM_LIMIT_BYTES); any other body as the API's parser read it (JSON).
 * Only pages' POSTs are read here: the API takes JSON alone.
 */
async function readForm(req: Request): Promise<unknown> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return (req.body as unknown) ?? {};
  const tooLarge = () => new AppException(ErrorCode.PayloadTooLarge, HttpStatus.PAYLOAD_TOO_LARGE, '提交的内容过大');
  if (Number(req.headers['content-length'] ?? 0) > FORM_LIMIT_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    const before = fields[name];
    fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return fields;
}

/** What `pending` gives within `ms`, or null when it fails or is later (its answer is then dropped). */
export async function withinBudget(pending: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([pending.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The page with its data block and first screen: made for this answer, so it is neither cached nor compared (no ETag). */
async function sendPage(req: Request, res: Response, root: string, indexFile: string, answer: PageAnswer): Promise<void> {
  let page = await readFile(indexFile, 'utf8');
  // Replacer functions throughout, so `$&`, `$'` or `` $` `` in the data (a window named so) are written as they are.
  if (answer.firstScreen !== undefined) {
    page = await withStylesInline(root, page);
    page = page.includes(APP_ROOT) ? page.replace(APP_ROOT, () => `${answer.firstScreen}${APP_ROOT}`) : page;
  }
  if (answer.data !== undefined) {
    // `<` escaped, so no text inside the data can close the block (`</script>`).
    const block = `<script type="application/json" id="${PAGE_DATA_ID}">${JSON.stringify(answer.data).replace(/</g, '\\u003c')}</script>`;
    page = page.includes('</head>') ? page.replace('</head>', () => `${block}</head>`) : `${block}${page}`;
  }
  if (answer.preload && answer.preload.length > 0) {
    const links = answer.preload.map((href) => `<link rel="preload" href="${href}" as="${href.endsWith('.css') ? 'style' : 'script'}">`).join('');
    page = page.includes('</head>') ? page.replace('</head>', () => `${links}</head>`) : `${links}${page}`;
  }
  if (answer.setCookie) res.append('Set-Cookie', answer.setCookie);
  res.setHeader('Cache-Control', 'no-store');
  res.type('html');
  const body = Buffer.from(page, 'utf8');
  if (body.length <= COMPRESS_PAGE_ABOVE) {
    res.send(body);
    return;
  }
  res.vary('Accept-Encoding');
  const coding = preferredCoding(req.headers['accept-encoding'], ['br', 'gzip']);
  if (coding === null) {
    res.send(body);
    return;
  }
  // In the thread pool, not on the event loop; a low brotli quality: the page is made for one answer.
  const packed =
    coding === 'br'
      ? await brotli(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } })
      : await gzip(body, { level: 6 });
  res.setHeader('Content-Encoding', coding);
  res.send(packed);
}

const APP_ROOT = '<div id="app">';
/** The build's stylesheet links (`<link href="/css/app.d97ac2e9.css" rel="stylesheet">`), attributes in any order. */
const STYLESHEET_LINK = /<link\b[^>]*>/g;
const inlineStyles = new Map<string, { mtimeMs: number; css: string }>();

/**
 * The page with the build's own stylesheets written into it in place of their links: the first screen is drawn as
 * soon as the page arrives, with no round trip for its styles. (The `style-src` policy allows inline styles.) A sheet
 * that cannot be read, or that could close the style element, stays a link.
 */
async function withStylesInline(root: string, page: string): Promise<string> {
  const links = [...page.matchAll(STYLESHEET_LINK)].map((m) => m[0]).filter((tag) => /\brel="?stylesheet"?/.test(tag));
  for (const link of links) {
    const href = /\bhref="(\/[^"]+\.css)"/.exec(link)?.[1];
    const file = href ? builtFile(root, href) : null;
    const stats = file ? await fileStats(file) : null;
    if (!file || !stats) continue;
    let cached = inlineStyles.get(file);
    if (!cached || cached.mtimeMs !== stats.mtimeMs) {
      cached = { mtimeMs: stats.mtimeMs, css: await readFile(file, 'utf8') };
      inlineStyles.set(file, cached);
    }
    if (/<\/style/i.test(cached.css)) continue;
    const css = cached.css;
    page = page.replace(link, () => `<style data-href="${href}">${css}</style>`);
  }
  return page;
}

/** Where the H5 build lists the scripts and stylesheets of each subpackage page (apps/miniapp/config/index.ts). */
const SUBPACKAGE_FILES = 'subpackage-files.json';
/** A built file's name as the list gives it, safe to write into an attribute. */
const BUILT_NAME = /^[\w.-]+(\/[\w.-]+)*\.(js|css)$/;
let subpackageList: { file: string; mtimeMs: number; pages: Record<string, unknown> } | null = null;

/**
 * The scripts and stylesheets (URL paths) a subpackage page loads when it opens (`/staff/cases/index` → the `staff`
 * chunk, the shared chunks and its own), or none: a main-package page, or a build without the list.
 */
async function subpackageFiles(root: string, urlPath: string): Promise<string[]> {
  const file = join(root, SUBPACKAGE_FILES);
  const stats = await fileStats(file);
  if (!stats) return [];
  if (subpackageList?.file !== file || subpackageList.mtimeMs !== stats.mtimeMs) {
    let pages: Record<string, unknown> = {};
    try {
      pages = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    } catch {
      // A list that cannot be read names nothing: the pages load their chunks as they would without it.
    }
    subpackageList = { file, mtimeMs: stats.mtimeMs, pages };
  }
  const names = Object.hasOwn(subpackageList.pages, urlPath) ? subpackageList.pages[urlPath] : [];
  return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string' && BUILT_NAME.test(name)).map((name) => `/${name}`) : [];
}

/** The file a URL path names inside the build, or null for a path that leaves it or names a hidden file. */
function builtFile(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.split(/[\\/]/).some((segment) => segment === '..' || segment.startsWith('.'))) return null;
  const file = join(root, path);
  return file.startsWith(root + sep) ? file : null;
}

async function sendBuilt(req: Request, res: Response, next: NextFunction, root: string, file: string): Promise<void> {
  const source = await fileStats(file);
  if (!source) return next();
  const urlPath = `/${file.slice(root.length + 1).split(sep).join('/')}`;
  res.setHeader('Cache-Control', HASHED.test(urlPath) || ASSET_FOLDER.test(urlPath) ? IMMUTABLE : REVALIDATE);

  // Copies older than their file are left over from an earlier build (a watch build rewrites only the file).
  const copies: (typeof CODINGS)[number][] = [];
  for (const copy of CODINGS) {
    const copyStats = await fileStats(file + copy.suffix);
    if (copyStats && copyStats.mtimeMs >= source.mtimeMs) copies.push(copy);
  }
  if (copies.length > 0) res.vary('Accept-Encoding');
  const coding = preferredCoding(req.headers['accept-encoding'], copies.map((c) => c.coding));
  const copy = copies.find((c) => c.coding === coding);
  if (copy) {
    res.type(extname(file));
    res.setHeader('Content-Encoding', copy.coding);
  }
  const sent = copy ? file + copy.suffix : file;
  res.sendFile(sent.slice(root.length + 1), { root, dotfiles: 'deny' }, (error?: Error & { status?: number }) => {
    if (!error || res.headersSent) return;
    res.removeHeader('Content-Encoding');
    res.removeHeader('Content-Type');
    next(error.status === 404 ? undefined : error);
  });
}

/**
 * The coding to send, from those a file has copies in (best first), by the request's Accept-Encoding: the best one
 * the browser accepts with the highest weight (`br;q=0` refuses brotli, `*` stands for codings not named), or null
 * for the file as it is.
 */
export function preferredCoding(acceptEncoding: string | undefined, available: readonly Coding[]): Coding | null {
  if (!acceptEncoding || available.length === 0) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.map((p) => /^q=([01](\.\d{0,3})?)$/.exec(p)).find((m) => m !== null);
    weights.set(name === 'x-gzip' ? 'gzip' : name, q ? Number(q[1]) : 1);
  }
  let best: Coding | null = null;
  let bestWeight = 0;
  for (const coding of available) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

async function fileStats(path: string): Promise<Stats | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

function notBuilt(req: Request, res: Response, next: NextFunction): void {
  if (req.path !== '/') return next();
  res
    .status(503)
    .type('html')
    .send(
      '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>政务服务好差评</title>' +
        '<body style="font-family:sans-serif;padding:2em"><h1>政务服务好差评</h1>' +
        '<p>移动端页面尚未构建。请在项目根目录运行 <code>npm start</code>，或 <code>pnpm --filter @hcp/miniapp build:h5</code>。</p>' +
        '<p>接口文档：<a href="/api/docs">/api/docs</a></p></body></html>',
    );
}
