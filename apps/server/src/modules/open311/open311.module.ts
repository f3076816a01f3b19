import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { Open311Service } from './open311.service.js';

/** Open311 GeoReport v2 (`/open311/…`, mounted in `app.setup.ts`): the catalog's services and the cases as requests. */
@Module({
  imports: [CatalogModule, CasesModule, ApiKeysModule],
  providers: [Open311Service],
  exports: [Open311Service],
})
export class Open311Module {}
