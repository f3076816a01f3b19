import type { CaseState } from './cases.js';
import type { RatingChannel } from './channels.js';
import type { RatingLevel } from './levels.js';

/** Free text a rater may add (national rule: at most 150 characters). */
export const RATING_COMMENT_MAX = 150;

/**
 * A citizen's rating, as the mini-program sends it. `clientId` is a UUID the phone generates once per rating and
 * keeps with it, so a retry (weak network, app restart) never makes a second rating.
 */
export interface CreateRatingRequest {
  clientId: string;
  /**
   * The window's current QR scene (from the code, or from a WeChat mini-program code, which carries the same scene).
   * A rotated code's scene is refused: a rating must come from the code that hangs at the window now.
   */
  scene: string;
  level: RatingLevel;
  /** Tags of the chosen level in the current national table; any number, none is fine. */
  tagCodes: number[];
  comment?: string;
  serviceItemCode?: string;
  /** Mainland mobile number for a call-back; only with a 差评. */
  contactPhone?: string;
  /**
   * The server's token for a number WeChat gave (`POST /ratings/phone-number`, exchanged the moment the citizen
   * tapped), instead of a typed number. Safe to keep in the offline queue; an expired or foreign token is ignored and
   * the rating is stored without a number.
   */
  phoneToken?: string;
  /**
   * @deprecated A raw getPhoneNumber code (single use, 5 minutes): older app versions sent it with the rating, even
   * from the offline queue. Still accepted; when WeChat refuses it the rating is stored without a number.
   */
  phoneCode?: string;
  /** When the phone queued the rating offline: the moment the citizen tapped submit (ISO 8601). */
  ratedAt?: string;
  /**
   * True when the rating comes from the phone's offline queue. Only then may `ratedAt` lie more than a few minutes
   * before the server receives it without the rating being flagged.
   */
  queued?: boolean;
  /** Defaults to 3 (二维码). */
  channel?: RatingChannel;
}

/** What the thank-you page shows. Deadlines are ISO 8601 instants (end of a Chinese working day). */
export interface RatingReceipt {
  id: string;
  level: RatingLevel;
  caseId?: string;
  caseNo?: string;
  callbackDueAt?: string;
  replyDueAt?: string;
  /**
   * For a 差评: whether the unit will call the rater back (a number was kept with the rating). False when none was
   * left, or a WeChat number could not be had: the page must then promise no call.
   */
  callbackExpected?: boolean;
}

/** `POST /ratings/phone-number`: a getPhoneNumber code, exchanged at once (it is single use and lives 5 minutes). */
export interface PhoneNumberExchangeRequest {
  code: string;
}

/** The number WeChat gave, held by the server: a token to send with the rating, and the number masked for display. */
export interface PhoneNumberExchange {
  phoneToken: string;
  /** 138****8000 */
  maskedPhone: string;
  /** After this the token is ignored (the rating is then stored without a number). ISO 8601. */
  expiresAt: string;
}

/**
 * Subscribe-message templates one prompt may ask about: older WeChat clients allow 3 (newer ones 5) and refuse the
 * whole prompt with errCode 20003 beyond that. The server's configuration and the mini-program both hold to it.
 */
export const SUBSCRIBE_TEMPLATES_PER_PROMPT = 3;

/** What the mini-program learns about this installation before the citizen signs in (`GET /client-config`). */
export interface ClientConfig {
  /** WeChat subscribe-message template ids for case notices; empty when none are configured. */
  subscribeTemplateIds: string[];
  /**
   * True when the server sends case notices as WeChat subscribe messages (WeChat and at least one citizen template
   * configured): only then may the thank-you page promise a 微信服务通知. Absent from older servers: read as false.
   */
  wechatNotices?: boolean;
  /** The templates a member of staff is asked to accept in WeChat (new case, deadlines…); empty when none. */
  staffSubscribeTemplateIds?: string[];
}

export interface MyRating {
  id: string;
  createdAt: string;
  level: RatingLevel;
  tagCodes: number[];
  tagVersion: string;
  comment: string | null;
  window: { number: string; name: string };
  hall: { name: string };
  unit: { name: string };
  serviceItem: { code: string; name: string } | null;
  case: { id: string; caseNo: string; state: CaseState; callbackDueAt: string; replyDueAt: string } | null;
}

/**
 * `GET /me/ratings/recent?scene=`: the citizen's own rating of this window within the one-rating period (一次一评),
 * so the rating page can say at once that another would be refused.
 */
export interface RecentRating {
  /** The latest such rating; null when the citizen may rate this window now (or the scene names no window). */
  rating: MyRating | null;
  /** The one-rating period in minutes (0: the rule is off). */
  periodMinutes: number;
  /** With a rating: when this window may be rated again. */
  ratableAgainAt: string | null;
}

/**
 * A day of the working-day calendar that breaks the weekday rule: a statutory holiday, a weekend make-up workday
 * (调休补班), or (`normal`) an administrator's decision that a day follows the weekday rule after all.
 */
export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday' | 'normal';
  name: string;
  source: 'chinese-days' | 'admin';
}

export interface CalendarYear {
  year: number;
  /** False when no holiday of that year is known: deadlines then count weekdays only. */
  complete: boolean;
  days: CalendarDay[];
}

export interface SetCalendarDayRequest {
  kind: CalendarDay['kind'];
  name?: string;
}
