import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RatingLevel } from '@hcp/contracts';

/** What case handling needs to know of the rating behind a case. */
export interface CaseRatingView {
  id: string;
  level: RatingLevel;
  tagCodes: number[];
  tagVersion: string;
  comment: string | null;
  /** The content check hid the comment (only supervisors read it). */
  commentHidden: boolean;
  ratedAt: Date;
  serviceItem: { code: string; name: string } | null;
  staffOnDuty: { name: string; staffNumber: string } | null;
  invalid: boolean;
  contactMasked: string | null;
}

/**
 * The ratings module's answers to case handling. Ratings own their table: cases read and change a rating only
 * through these methods (the ratings module registers itself at start, so neither module imports the other's
 * services in a cycle).
 */
export interface CaseRatings {
  views(manager: EntityManager, ratingIds: readonly string[]): Promise<Map<string, CaseRatingView>>;
  /** The rater's whole number, decrypted, or null. */
  contactPhone(manager: EntityManager, ratingId: string): Promise<string | null>;
  /** An upheld appeal: the rating leaves every figure; it is never deleted. */
  invalidate(manager: EntityManager, ratingId: string, reason: string): Promise<void>;
}

@Injectable()
export class CaseRatingsRegistry {
  private ratings?: CaseRatings;

  register(ratings: CaseRatings): void {
    this.ratings = ratings;
  }

  get(): CaseRatings {
    if (!this.ratings) throw new Error('the ratings module has not registered with case handling');
    return this.ratings;
  }
}
