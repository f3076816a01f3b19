import { Init1795686640396 } from './1795686640396-Init.js';
import { CatalogAndIdentity1795688073763 } from './1795688073763-CatalogAndIdentity.js';
import { RatingAddressIndex1795690537102 } from './1795690537102-RatingAddressIndex.js';
import { RatingsAndCases1795688535574 } from './1795688535574-RatingsAndCases.js';
import { StaffAccountSecurity1796048331439 } from './1796048331439-StaffAccountSecurity.js';
import { CaseHandling1796051954242 } from './1796051954242-CaseHandling.js';
import { CaseDeadlineRounds1796058658733 } from './1796058658733-CaseDeadlineRounds.js';
import { CaseEventUnitName1796058808677 } from './1796058808677-CaseEventUnitName.js';
import { Notices1796060673605 } from './1796060673605-Notices.js';
import { CatalogVersion1796061500000 } from './1796061500000-CatalogVersion.js';
import { RatingIngest1796061600000 } from './1796061600000-RatingIngest.js';
import { StatsRollups1796063100000 } from './1796063100000-StatsRollups.js';
import { CaseSweepIndexes1796064000000 } from './1796064000000-CaseSweepIndexes.js';
import { ApiKeys1796065000000 } from './1796065000000-ApiKeys.js';
import { PublicCaseIndexes1796065100000 } from './1796065100000-PublicCaseIndexes.js';
import { NoticeRetention1796065200000 } from './1796065200000-NoticeRetention.js';
import { Open311Requests1796072729899 } from './1796072729899-Open311Requests.js';
import { StatsExclusionIndexes1796090000000 } from './1796090000000-StatsExclusionIndexes.js';
import { RegionCatalogVersion1796090100000 } from './1796090100000-RegionCatalogVersion.js';
import { RatingIngestBatch1796090200000 } from './1796090200000-RatingIngestBatch.js';

/** Every migration, oldest first. `migration:generate` writes new ones; add each here. */
export const MIGRATIONS = [Init1795686640396, CatalogAndIdentity1795688073763, RatingsAndCases1795688535574, RatingAddressIndex1795690537102, StaffAccountSecurity1796048331439, CaseHandling1796051954242, CaseDeadlineRounds1796058658733, CaseEventUnitName1796058808677, Notices1796060673605, CatalogVersion1796061500000, RatingIngest1796061600000, StatsRollups1796063100000, CaseSweepIndexes1796064000000, ApiKeys1796065000000, PublicCaseIndexes1796065100000, NoticeRetention1796065200000, Open311Requests1796072729899, StatsExclusionIndexes1796090000000, RegionCatalogVersion1796090100000, RatingIngestBatch1796090200000];
