import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { ApiKeyService } from './api-key.service.js';
import { StaffOrApiKeyGuard } from './api-key.guard.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeyEntity } from './entities/api-key.entity.js';

/**
 * API keys: administrators manage them here; other modules verify them through ApiKeyService (a key from a form or
 * query) or open a route to them with @StaffOrApiKey (a key in the X-Api-Key header).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), IdentityModule],
  controllers: [ApiKeysController],
  providers: [ApiKeyService, StaffOrApiKeyGuard],
  // IdentityModule goes along: a guard named in @UseGuards is built in the module of the route that names it.
  exports: [ApiKeyService, StaffOrApiKeyGuard, IdentityModule],
})
export class ApiKeysModule {}
