import type { OnModuleInit } from '@nestjs/common';
import type { JobQueueService } from './job-queue.service.js';

/** The schedule of a job that runs every minute. */
export const EVERY_MINUTE = '* * * * *';

/**
 * A service that runs one recurring job on the job queue (see JobQueueService). It states the job's name, its
 * schedule, whether this server runs it (configuration may turn it off) and one run's work; the job is registered
 * here, before the queue starts. A failed run is logged by the queue and the next one tries again.
 */
export abstract class RecurringJobService implements OnModuleInit {
  /** The queue's (and schedule's) name. */
  protected abstract readonly jobName: string;
  /** Five-field cron, UTC. */
  protected abstract readonly cron: string;

  protected constructor(private readonly queue: JobQueueService) {}

  /** Whether this server runs the job, read once as the module starts. */
  protected abstract get scheduled(): boolean;

  /** One scheduled run. */
  protected abstract runScheduled(): Promise<void>;

  onModuleInit(): void {
    if (this.scheduled) this.queue.register({ name: this.jobName, cron: this.cron, handler: () => this.runScheduled() });
  }

  /** Asks for a run now (one instance runs it); false when the queue is not running. */
  protected runSoon(): Promise<boolean> {
    return this.queue.runSoon(this.jobName);
  }
}
