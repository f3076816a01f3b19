import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PublicCases, PublicUnits } from '@hcp/contracts';
import { Public } from '../identity/auth.decorators.js';
import { PublicCasesQueryDto, PublicUnitsQueryDto } from './dto/public-query.dto.js';
import { PUBLIC_CACHE_SECONDS, PublicService } from './public.service.js';

const CACHE = `public, max-age=${PUBLIC_CACHE_SECONDS}`;

/** Public disclosure (评价结果公开): no sign-in; see docs/public.md. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicController {
  constructor(private readonly service: PublicService) {}

  @Get('units')
  @Header('Cache-Control', CACHE)
  @ApiOperation({ summary: 'Per-unit figures (好评率, 差评率, 整改率, on-time rate) and the ranking for a month or a year, optionally of a region. No sign-in.' })
  units(@Query() q: PublicUnitsQueryDto): Promise<PublicUnits> {
    return this.service.units(q);
  }

  @Get('cases')
  @Header('Cache-Control', CACHE)
  @ApiOperation({ summary: 'The 差评 cases of a month with the unit’s reply and outcome, anonymised, paged (50 at most per page). No sign-in.' })
  cases(@Query() q: PublicCasesQueryDto): Promise<PublicCases> {
    return this.service.cases(q);
  }
}
