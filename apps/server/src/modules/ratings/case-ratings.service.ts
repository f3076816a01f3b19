import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { RatingLevel } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { decryptField } from '../../common/privacy/field-cipher.js';
import { CaseRatingsRegistry, type CaseRatingView, type CaseRatings } from '../cases/case-ratings.js';
import { RatingEntity } from './entities/rating.entity.js';

/** The ratings module's side of case handling: reads of the ratings behind cases, and invalidation. */
@Injectable()
export class CaseRatingsService implements CaseRatings, OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: CaseRatingsRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async views(m: EntityManager, ratingIds: readonly string[]): Promise<Map<string, CaseRatingView>> {
    if (ratingIds.length === 0) return new Map();
    // Of the person on duty only what the case page shows: their account row holds a password hash and a phone.
    const rows = await m
      .createQueryBuilder(RatingEntity, 'r')
      .leftJoinAndSelect('r.serviceItem', 'item')
      .leftJoin('r.staff', 'staff')
      .addSelect(['staff.id', 'staff.name', 'staff.staffNumber'])
      .where({ id: In([...ratingIds]) })
      .getMany();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          level: r.level as RatingLevel,
          tagCodes: r.tagCodes,
          tagVersion: r.tagVersion,
          comment: r.comment,
          commentHidden: r.commentHidden,
          ratedAt: r.ratedAt,
          serviceItem: r.serviceItem ? { code: r.serviceItem.code, name: r.serviceItem.name } : null,
          staffOnDuty: r.staff ? { name: r.staff.name, staffNumber: r.staff.staffNumber } : null,
          invalid: r.invalidatedAt !== null,
          contactMasked: r.contactPhoneMasked,
        },
      ]),
    );
  }

  async contactPhone(m: EntityManager, ratingId: string): Promise<string | null> {
    const rating = await m.findOne(RatingEntity, { where: { id: ratingId }, select: { id: true, contactPhoneEnc: true } });
    return rating?.contactPhoneEnc ? decryptField(rating.contactPhoneEnc, this.config.privacy.dataKey) : null;
  }

  async invalidate(m: EntityManager, ratingId: string, reason: string): Promise<void> {
    await m.update(RatingEntity, { id: ratingId }, { invalidatedAt: new Date(), invalidReason: reason });
  }
}
