import { RegionEntity } from '../modules/catalog/entities/region.entity.js';

/** Every entity, listed explicitly so the same list serves the app, the CLI data source and the tests. */
export const ENTITIES = [RegionEntity];
