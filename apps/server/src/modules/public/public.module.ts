import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module.js';
import { PublicController } from './public.controller.js';
import { PublicService } from './public.service.js';

/** Public disclosure: published figures (from the statistics roll-ups) and anonymised 差评 cases. */
@Module({
  imports: [StatsModule],
  controllers: [PublicController],
  providers: [PublicService],
})
export class PublicModule {}
