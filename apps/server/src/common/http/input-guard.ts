import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../errors/app-exception.js';

/** Deeper than any request the API takes; deeper JSON is refused before validation walks it. */
export const MAX_INPUT_DEPTH = 16;

export type InputProblem = 'nul' | 'depth';

/**
 * Finds what no route accepts anywhere in a parsed request part: a NUL character in a string or key (PostgreSQL
 * cannot store one) or nesting deeper than MAX_INPUT_DEPTH (the validator recurses over it). Iterative, and bounded by
 * the body size limit, so a hostile body costs one pass.
 */
export function inputProblem(value: unknown): InputProblem | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return 'nul';
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return 'depth';
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (key.includes('\u0000')) return 'nul';
      stack.push({ value: item, depth: depth + 1 });
    }
  }
  return null;
}

const MESSAGES: Record<InputProblem, { message: string; rule: string; detail: string }> = {
  nul: { message: '提交的内容含有无效字符', rule: 'noNulCharacter', detail: 'NUL characters are not accepted' },
  depth: { message: '提交的内容层级过深', rule: 'maxDepth', detail: `nesting deeper than ${MAX_INPUT_DEPTH} levels is not accepted` },
};

function refuse(problem: InputProblem, field: string): AppException {
  const { message, rule, detail } = MESSAGES[problem];
  return new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, message, [{ field, rules: [rule], message: detail }]);
}

/** Refuses a request whose path, query or JSON body carries what no route accepts; runs after the body parser. */
export function inputGuardMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const path = req.originalUrl.split('?')[0];
  if (path.includes('\u0000') || path.toLowerCase().includes('%00')) return next(refuse('nul', 'path'));
  const query = inputProblem(req.query);
  if (query) return next(refuse(query, 'query'));
  const body = inputProblem(req.body);
  if (body) return next(refuse(body, 'body'));
  next();
}
