import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths the API owns; everything else under `/` belongs to the mini-program's H5 build. */
const API_PATHS = /^\/(api|health)(\/|$)/;
const HAS_EXTENSION = /\/[^/]+\.[A-Za-z0-9]+$/;

/**
 * Serves the H5 build at `/` with a client-side routing fallback: a page path such as `/r/AbC123` gets
 * `index.html`, and the H5 router takes over. Hashed assets are cached; `index.html` never is, so a new
 * release reaches phones at once.
 */
export function h5StaticMiddleware(h5Dir: string) {
  const indexFile = join(h5Dir, 'index.html');
  const assets = express.static(h5Dir, {
    index: false,
    fallthrough: true,
    setHeaders(res, path) {
      if (/\.[0-9a-f]{8,}\.(js|css)$/.test(path) || /[/\\](js|css|static)[/\\]/.test(path)) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      }
    },
  });

  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    if (!existsSync(indexFile)) return notBuilt(req, res, next);
    assets(req, res, () => {
      if (HAS_EXTENSION.test(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexFile);
    });
  };
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
