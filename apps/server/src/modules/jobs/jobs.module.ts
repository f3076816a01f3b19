import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JOBS_DATABASE, JobQueueService, type JobsDatabase } from './job-queue.service.js';

/** The background job queue (pg-boss) every module may schedule jobs on; see JobQueueService. */
@Global()
@Module({})
export class JobsModule {
  /** `database.url` is the server's resolved database (DATABASE_URL or the embedded one). */
  static register(database: JobsDatabase): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOBS_DATABASE, useValue: database }, JobQueueService],
      exports: [JobQueueService],
    };
  }
}
