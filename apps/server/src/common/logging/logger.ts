import { types } from 'node:util';
import { pino, type Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { LogLevel } from '../../config/config.js';
import { loggableError } from '../errors/all-exceptions.filter.js';
import { currentRequestId } from './request-context.js';

/**
 * One JSON line per event. Every line written during a request carries its `requestId`. Nothing personal is
 * logged: no headers, bodies, query strings (they may carry phone numbers or codes) or client addresses.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hcp-server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      // An error under `err` is written as `loggableError` describes it: a database error's other properties hold the
      // query's parameters (a phone number, an openid). What is already described passes as it is (pino's own
      // serializer would rename its type "Object").
      serializers: { err: (err: unknown) => (types.isNativeError(err) ? loggableError(err) : err) },
      redact: { paths: ['password', '*.password', 'phone', '*.phone', 'authorization', '*.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}

/** Logs each finished request: method, route path without its query, status and duration. */
export function requestLogMiddleware(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split('?')[0];
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      logger[level]({ method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request completed');
    });
    next();
  };
}

/**
 * Nest's start-up detail: a line per module wired and per route mapped, a hundred lines that bury the few that
 * matter. Written at debug level (`LOG_LEVEL=debug` shows them).
 */
const START_UP_DETAIL = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Routes Nest's own log calls (bootstrap, route mapping, errors) into the same JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write(context !== undefined && START_UP_DETAIL.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, traceOrContext?: string, context?: string): void {
    const stack = context !== undefined ? traceOrContext : undefined;
    this.logger.error({ context: context ?? traceOrContext, stack }, stringify(message));
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context?: string): void {
    this.logger[level]({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  return JSON.stringify(message);
}
