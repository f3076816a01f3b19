import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Paged, RoutingRule } from '@hcp/contracts';
import { Roles } from '../../identity/auth.decorators.js';
import { CreateRoutingRuleDto, RoutingRuleQueryDto } from './routing-rules.dto.js';
import { RoutingService } from './routing.service.js';

/** Which unit handles a case when not the window's own (系统管理员 only); see RoutingService. */
@ApiTags('cases')
@ApiBearerAuth()
@Roles('system_admin')
@Controller('routing-rules')
export class RoutingRulesController {
  constructor(private readonly routing: RoutingService) {}

  @Get()
  @ApiOperation({ summary: 'Routing rules, oldest first (filter by kind, active; search match, note, unit name)' })
  list(@Query() query: RoutingRuleQueryDto): Promise<Paged<RoutingRule>> {
    return this.routing.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a routing rule: new cases of the service item, hall or region go to the unit',
    description:
      '400 `ROUTING_RULE_INVALID` when the match (service item code, hall id, 12-digit region code) or the unit does not exist or is deactivated; 409 `ROUTING_RULE_INVALID` when an active rule already has the same kind and match. Open cases keep their unit.',
  })
  create(@Body() dto: CreateRoutingRuleDto): Promise<RoutingRule> {
    return this.routing.create(dto);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop a routing rule (kept for the cases it routed); 404 `NOT_FOUND` for an unknown id' })
  deactivate(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<RoutingRule> {
    return this.routing.deactivate(id);
  }
}
