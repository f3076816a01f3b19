import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { h5StaticMiddleware } from './h5-static.js';

/** Where the desktop console (apps/console) is served. */
export const CONSOLE_PATH = '/console';

/**
 * Serves the console's build under `/console/` exactly as the H5 build is served at `/` (client-side routes fall back
 * to its `index.html`, hashed files in `static/` cached for a year, `index.html` revalidated, brotli and gzip copies
 * sent when accepted), by the same middleware mounted at the path. Mount it with `app.use(CONSOLE_PATH, …)` before
 * the H5 build's middleware, which would otherwise answer `/console/…` with the mini-program's page.
 */
export function consoleStaticMiddleware(consoleDir: string) {
  const serve = h5StaticMiddleware(consoleDir);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // `/console` → `/console/`, so the browser resolves the console's own links against the right folder.
    if (req.originalUrl === CONSOLE_PATH || req.originalUrl.startsWith(`${CONSOLE_PATH}?`)) {
      res.redirect(301, `${CONSOLE_PATH}/${req.originalUrl.slice(CONSOLE_PATH.length)}`);
      return;
    }
    void stat(join(consoleDir, 'index.html')).then(
      () => serve(req, res, next),
      () => notBuilt(req, res, next),
    );
  };
}

function notBuilt(req: Request, res: Response, next: NextFunction): void {
  if (req.path !== '/') return next();
  res
    .status(503)
    .type('html')
    .send(
      '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>好差评监督管理平台</title>' +
        '<body style="font-family:sans-serif;padding:2em"><h1>好差评监督管理平台</h1>' +
        '<p>管理端页面尚未构建。请在项目根目录运行 <code>npm start</code>，或 <code>pnpm --filter @hcp/console build</code>。</p></body></html>',
    );
}
