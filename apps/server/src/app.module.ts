import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DataSource } from 'typeorm';
import { migrate } from './database/migrate.js';
import { StaffLifecycleModule } from './common/lifecycle/staff-lifecycle.js';
import { dataSourceOptions } from './database/options.js';
import { ApiKeysModule } from './modules/api-keys/api-keys.module.js';
import { CalendarModule } from './modules/calendar/calendar.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { RatingsModule } from './modules/ratings/ratings.module.js';
import { DutyModule } from './modules/duty/duty.module.js';
import { ExportsModule } from './modules/exports/exports.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IdentityModule } from './modules/identity/identity.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { Open311Module } from './modules/open311/open311.module.js';
import { StatsModule } from './modules/stats/stats.module.js';
import { PublicModule } from './modules/public/public.module.js';
import { WebModule } from './modules/web/web.module.js';

@Module({})
export class AppModule {
  /** `databaseUrl` is the resolved one: the configured DATABASE_URL or the embedded server's. */
  static register(config: AppConfig, logger: Logger, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config, logger),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(databaseUrl, config.database), retryAttempts: 3, retryDelay: 1000 }),
          dataSourceFactory: async (options) => {
            await migrate(databaseUrl, config.database);
            return new DataSource(options!).initialize();
          },
        }),
        JobsModule.register({ url: databaseUrl, config: config.database }),
        StaffLifecycleModule,
        HealthModule,
        IdentityModule,
        ApiKeysModule,
        CatalogModule,
        DutyModule,
        CalendarModule,
        CasesModule,
        RatingsModule,
        StatsModule,
        Open311Module,
        PublicModule,
        ExportsModule,
        WebModule,
      ],
    };
  }
}
