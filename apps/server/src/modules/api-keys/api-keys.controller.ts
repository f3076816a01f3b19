import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiKey, CreatedApiKey } from '@hcp/contracts';
import type { Principal, StaffPrincipal } from '../../common/authz/principal.js';
import { CurrentPrincipal, Roles } from '../identity/auth.decorators.js';
import { ApiKeyService } from './api-key.service.js';
import { CreateApiKeyDto } from './dto/api-keys.dto.js';

/** API keys for other systems: system administrators only. */
@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('system_admin')
@Controller('admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Get()
  @ApiOperation({ summary: 'Every key, live first (never the key itself)' })
  list(): Promise<ApiKey[]> {
    return this.keys.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a key: the answer carries the key, shown this once and stored only hashed' })
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.keys.create(p as StaffPrincipal, dto);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key: refused from the next call on; revoking again changes nothing' })
  revoke(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<ApiKey> {
    return this.keys.revoke(p as StaffPrincipal, id);
  }
}
