import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { OPEN311_KEYS, type Open311KeyVerifier } from './open311-keys.js';
import { Open311Service } from './open311.service.js';

/** Until API keys exist, no key is good: every POST is refused with 403. */
const noKeys: Open311KeyVerifier = { verify: () => Promise.resolve(null) };

/** Open311 GeoReport v2 (`/open311/…`, mounted in `app.setup.ts`): the catalog's services and the cases as requests. */
@Module({
  imports: [CatalogModule, CasesModule],
  providers: [Open311Service, { provide: OPEN311_KEYS, useValue: noKeys }],
  exports: [Open311Service],
})
export class Open311Module {}
