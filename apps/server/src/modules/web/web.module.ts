import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { RatePageData } from './rate-page-data.js';

/** The H5 pages the server sends: the data written into them (the static files are served by `h5-static.ts`). */
@Module({
  imports: [CatalogModule],
  providers: [RatePageData],
  exports: [RatePageData],
})
export class WebModule {}
