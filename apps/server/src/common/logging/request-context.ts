import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A caller-supplied id is kept only when it is short and plain, so it cannot inject into logs. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
export const REQUEST_ID_HEADER = 'x-request-id';

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Gives each request an id (the caller's `X-Request-Id` when acceptable), echoes it, and scopes it to the request. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(REQUEST_ID_HEADER);
  const requestId = incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  (req as Request & { id?: string }).id = requestId;
  storage.run({ requestId }, () => next());
}

export function requestIdOf(req: Request): string {
  return (req as Request & { id?: string }).id ?? currentRequestId() ?? 'unknown';
}
