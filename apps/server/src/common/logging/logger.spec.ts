import { Writable } from 'node:stream';
import type { LogLevel } from '../../config/config.js';
import { createLogger, PinoNestLogger } from './logger.js';

/** Nest's adapter over a logger at `level`, and the JSON lines it wrote. */
function nestLoggerAt(level: LogLevel): { nest: PinoNestLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { nest: new PinoNestLogger(createLogger(level, sink)), lines };
}

/** What Nest says while it starts: modules wired, routes mapped, then that it has started. */
function startUp(nest: PinoNestLogger): void {
  nest.log('Starting Nest application...', 'NestFactory');
  nest.log('CasesModule dependencies initialized', 'InstanceLoader');
  nest.log('CasesController {/api/v1}:', 'RoutesResolver');
  nest.log('Mapped {/api/v1/cases, GET} route', 'RouterExplorer');
  nest.log('Mapped {/api/v1/cases/:id, GET} route', 'RouterExplorer');
  nest.warn('something to look at', 'NestApplication');
  nest.log('Nest application successfully started', 'NestApplication');
}

describe("Nest's log lines in the JSON log", () => {
  it('leave the route map and the module wiring out at info level, keeping the rest', () => {
    const { nest, lines } = nestLoggerAt('info');
    startUp(nest);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'Starting Nest application...'],
      ['warn', 'something to look at'],
      ['info', 'Nest application successfully started'],
    ]);
  });

  it('show the route map at debug level', () => {
    const { nest, lines } = nestLoggerAt('debug');
    startUp(nest);
    expect(lines.filter((l) => l.level === 'debug').map((l) => [l.context, l.msg])).toEqual([
      ['InstanceLoader', 'CasesModule dependencies initialized'],
      ['RoutesResolver', 'CasesController {/api/v1}:'],
      ['RouterExplorer', 'Mapped {/api/v1/cases, GET} route'],
      ['RouterExplorer', 'Mapped {/api/v1/cases/:id, GET} route'],
    ]);
    expect(lines).toHaveLength(7);
  });
});
