import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

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
   * Data a client-side route's page needs at once, written into the page as a JSON data block
   * (`<script type="application/json" id="hcp-page-data">`, which runs nothing, so the `script-src 'self'` policy
   * allows it) so the phone need not ask for it after the script loaded: one round trip less on a weak network.
   * Null for a path that has none.
   */
  pageData?: (urlPath: string) => Promise<unknown>;
  /** How long the page waits for its data (PAGE_DATA_BUDGET_MS by default). */
  pageDataBudgetMs?: number;
}

/**
 * The data is a convenience: when it is not there within this time (a slow or silent database) the page goes
 * without it, and asks for it itself, which then answers as the API answers in an outage. The first byte of a rating
 * page never waits for the database's connect timeout.
 */
export const PAGE_DATA_BUDGET_MS = 300;

/** The id of the JSON data block the H5 pages read (see the mini-program's platform module). */
export const PAGE_DATA_ID = 'hcp-page-data';

export function h5StaticMiddleware(h5Dir: string, options: H5StaticOptions = {}) {
  const root = resolve(h5Dir);
  const indexFile = join(root, 'index.html');

  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    void (async () => {
      if (!(await fileStats(indexFile))) return notBuilt(req, res, next);
      const file = builtFile(root, req.path);
      if (file && (await fileStats(file))) return sendBuilt(req, res, next, root, file);
      if (HAS_EXTENSION.test(req.path)) return next();
      const data = options.pageData ? await withinBudget(options.pageData(req.path), options.pageDataBudgetMs ?? PAGE_DATA_BUDGET_MS) : null;
      if (data !== null && data !== undefined) return sendWithData(res, indexFile, data);
      return sendBuilt(req, res, next, root, indexFile);
    })().catch(next);
  };
}

/** What `pending` gives within `ms`, or null when it fails or is later (its answer is then dropped). */
async function withinBudget(pending: Promise<unknown>, ms: number): Promise<unknown> {
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

/** The page with its data block: made for this answer, so it is neither cached nor compared (no ETag). */
async function sendWithData(res: Response, indexFile: string, data: unknown): Promise<void> {
  const html = await readFile(indexFile, 'utf8');
  // `<` escaped, so no text inside the data can close the block (`</script>`).
  const block = `<script type="application/json" id="${PAGE_DATA_ID}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
  // A replacer function, so `$&`, `$'` or `` $` `` in the data (a window named so) are written as they are, not expanded.
  const page = html.includes('</head>') ? html.replace('</head>', () => `${block}</head>`) : `${block}${html}`;
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(page);
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
