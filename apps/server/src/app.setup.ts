import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { API_PREFIX } from '@hcp/contracts';
import type { AppConfig } from './config/config.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { createValidationPipe } from './common/errors/validation.js';
import { inputGuardMiddleware } from './common/http/input-guard.js';
import { requestLogMiddleware } from './common/logging/logger.js';
import { requestContextMiddleware } from './common/logging/request-context.js';
import { CONSOLE_PATH, consoleStaticMiddleware } from './modules/web/console-static.js';
import { h5StaticMiddleware } from './modules/web/h5-static.js';
import { OPEN311_PATH, open311Router } from './modules/open311/open311-http.js';
import { Open311Service } from './modules/open311/open311.service.js';
import { RatePageData } from './modules/web/rate-page-data.js';
import { CreateRatingDto } from './modules/ratings/dto/create-rating.dto.js';
import { quickCreateRating } from './modules/ratings/dto/create-rating.quick.js';

/**
 * Everything that turns the Nest application into the product's HTTP server. Shared by `main.ts` and the
 * end-to-end tests, so the tests exercise the same pipeline users hit.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig, logger: Logger): void {
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  app.use(requestLogMiddleware(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Taro's H5 modal and the API docs set inline styles; scripts come from files only.
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'"],
          // The console prints a hall's posters PDF (fetched with the staff token) from a frame holding it as a blob.
          'frame-src': ["'self'", 'blob:'],
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins.includes('*') ? true : config.http.corsOrigins,
      exposedHeaders: ['X-Request-Id'],
    });
  }
  // Open311 GeoReport v2 speaks its own formats (form bodies in, JSON or XML and its error list out): it is mounted
  // before the API's JSON parser, input guard and error body, which do not apply to it.
  app.use(OPEN311_PATH, open311Router(() => app.get(Open311Service), logger));
  app.useBodyParser('json', { limit: '256kb' });
  app.use(inputGuardMiddleware);
  app.setGlobalPrefix(API_PREFIX.replace(/^\//, ''), { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(createValidationPipe(new Map([[CreateRatingDto, quickCreateRating]])));
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.use(CONSOLE_PATH, consoleStaticMiddleware(config.web.consoleDir));
  app.use(h5StaticMiddleware(config.web.h5Dir, { page: (request) => app.get(RatePageData).answer(request) }));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('政务服务好差评 API')
      .setDescription('Window QR ratings and 差评 cases. Every error body is { code, message, requestId }.')
      .setVersion('v1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}
