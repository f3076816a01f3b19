import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import type { AppConfig } from './config/config.js';
import { PinoNestLogger } from './common/logging/logger.js';

export async function createApp(config: AppConfig, logger: Logger, databaseUrl: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, logger, databaseUrl), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  configureApp(app, config, logger);
  return app;
}
