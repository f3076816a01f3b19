import { ApiKeyEntity } from '../modules/api-keys/entities/api-key.entity.js';
import { CalendarDayEntity } from '../modules/calendar/entities/calendar-day.entity.js';
import { CaseEventEntity } from '../modules/cases/entities/case-event.entity.js';
import { CaseSettingsEntity } from '../modules/cases/entities/case-settings.entity.js';
import { ContactRevealEntity } from '../modules/cases/entities/contact-reveal.entity.js';
import { RoutingRuleEntity } from '../modules/cases/entities/routing-rule.entity.js';
import { CaseEntity } from '../modules/cases/entities/case.entity.js';
import { CaseRequestEntity } from '../modules/cases/entities/case-request.entity.js';
import { HallEntity } from '../modules/catalog/entities/hall.entity.js';
import { RegionEntity } from '../modules/catalog/entities/region.entity.js';
import { RetiredSceneEntity } from '../modules/catalog/entities/retired-scene.entity.js';
import { ServiceItemEntity } from '../modules/catalog/entities/service-item.entity.js';
import { UnitEntity } from '../modules/catalog/entities/unit.entity.js';
import { WindowEntity } from '../modules/catalog/entities/window.entity.js';
import { DutyShiftEntity } from '../modules/duty/entities/duty-shift.entity.js';
import { CitizenEntity } from '../modules/identity/entities/citizen.entity.js';
import { LoginThrottleEntity } from '../modules/identity/entities/login-throttle.entity.js';
import { RefreshTokenEntity } from '../modules/identity/entities/refresh-token.entity.js';
import { StaffDeviceEntity } from '../modules/identity/entities/staff-device.entity.js';
import { StaffEntity } from '../modules/identity/entities/staff.entity.js';
import { RatingEntity } from '../modules/ratings/entities/rating.entity.js';
import {
  StatsCaseFactEntity,
  StatsDayDetailEntity,
  StatsDayUnitEntity,
  StatsDayWindowEntity,
  StatsMonthUnitEntity,
  StatsMonthWindowEntity,
  StatsTagUnitEntity,
  StatsTagUnitMonthEntity,
  StatsTagWindowEntity,
  StatsWatermarkEntity,
} from '../modules/stats/entities/stats-rollups.entity.js';
import { NoticeEntity } from '../modules/notices/entities/notice.entity.js';
import { NoticeSubscriptionEntity } from '../modules/notices/entities/notice-subscription.entity.js';
import { StaffWechatEntity } from '../modules/notices/entities/staff-wechat.entity.js';

/** Every entity, listed explicitly so the same list serves the app, the CLI data source and the tests. */
export const ENTITIES = [
  RegionEntity,
  UnitEntity,
  HallEntity,
  WindowEntity,
  RetiredSceneEntity,
  ServiceItemEntity,
  StaffEntity,
  CitizenEntity,
  RefreshTokenEntity,
  LoginThrottleEntity,
  DutyShiftEntity,
  StaffDeviceEntity,
  CalendarDayEntity,
  RatingEntity,
  CaseEntity,
  CaseRequestEntity,
  CaseEventEntity,
  CaseSettingsEntity,
  RoutingRuleEntity,
  ContactRevealEntity,
  StatsDayDetailEntity,
  StatsDayWindowEntity,
  StatsDayUnitEntity,
  StatsMonthWindowEntity,
  StatsMonthUnitEntity,
  StatsTagWindowEntity,
  StatsTagUnitEntity,
  StatsTagUnitMonthEntity,
  StatsCaseFactEntity,
  StatsWatermarkEntity,
  NoticeEntity,
  NoticeSubscriptionEntity,
  StaffWechatEntity,
  ApiKeyEntity,
];
