import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/options.js';
import { CalendarModule } from './modules/calendar/calendar.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { RatingsModule } from './modules/ratings/ratings.module.js';
import { DutyModule } from './modules/duty/duty.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IdentityModule } from './modules/identity/identity.module.js';

@Module({})
export class AppModule {
  /** `databaseUrl` is the resolved one: the configured DATABASE_URL or the embedded server's. */
  static register(config: AppConfig, logger: Logger, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config, logger),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.database), migrationsRun: true, retryAttempts: 3, retryDelay: 1000 }),
        HealthModule,
        IdentityModule,
        CatalogModule,
        DutyModule,
        CalendarModule,
        CasesModule,
        RatingsModule,
      ],
    };
  }
}
