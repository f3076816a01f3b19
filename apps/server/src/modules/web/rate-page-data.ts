import { HttpStatus, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  FIRST_SCREEN_FIELDS,
  LARGE_TEXT_COOKIE,
  LEVEL_MISSING_MESSAGE,
  RATE_H5_PATH,
  sceneSegment,
  type RatePageData as RatePageBlock,
  type RatingLevel,
  type ScanResult,
} from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';
import { ScanService } from '../catalog/scan.service.js';
import { renderFirstScreen } from './first-screen.js';
import { withinBudget, type PageAnswer, type PageRequest } from './h5-static.js';

/** What the first screen posted: each field absent, or one valid value. */
interface FirstScreenForm {
  level?: RatingLevel;
  chosen?: RatingLevel;
  large?: boolean;
}

const LEVEL_VALUE = /^[1-5]$/;
/** A year: 大字模式 is a lasting preference of the phone's owner. */
const LARGE_TEXT_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;
const LARGE_TEXT_IN_COOKIE = new RegExp(`(?:^|;)\\s*${LARGE_TEXT_COOKIE}=([01])\\s*(?:;|$)`);

/**
 * A window's rating page (`/r/{scene}`, what its QR code opens) comes with the scan's answer in it, so the app shows
 * the five levels as soon as its script runs, and with its first screen already drawn (first-screen.ts), so the
 * citizen can tap a level before the scripts have arrived. An unknown or retired code, or a database that does not
 * answer within the page's budget, gets the page alone (the app then asks, and says what is wrong).
 */
@Injectable()
export class RatePageData {
  constructor(private readonly scan: ScanService) {}

  /** The page's data and first screen for a request, or null for a path that has none. */
  async answer({ path, method, form, cookie, budgetMs }: PageRequest): Promise<PageAnswer | null> {
    const scene = sceneOf(path);
    if (scene === null) return null;
    // Refused before anything is looked up: a bad form costs nothing.
    const posted = method === 'POST' ? readForm(form) : null;
    const large = posted?.large ?? LARGE_TEXT_IN_COOKIE.exec(cookie ?? '')?.[1] === '1';
    const level = posted?.level ?? posted?.chosen ?? null;
    const scan = (await withinBudget(this.scan.resolve(scene), budgetMs)) as ScanResult | null;
    if (scan === null && posted === null) return null;

    const data: RatePageBlock = {};
    if (scan) data.scan = scan;
    if (level !== null) data.level = level;
    // 提交评价 tapped on the first screen: without a level the app would say so; with one, the app is about to take over.
    const submitted = posted !== null && posted.level === undefined && posted.large === undefined;
    const notice = submitted && level === null ? LEVEL_MISSING_MESSAGE : null;
    return {
      data: scan || level !== null ? data : undefined,
      firstScreen: scan ? renderFirstScreen({ scan, level, large, notice }) : undefined,
      setCookie:
        posted?.large === undefined
          ? undefined
          : `${LARGE_TEXT_COOKIE}=${posted.large ? 1 : 0}; Path=/; Max-Age=${LARGE_TEXT_COOKIE_MAX_AGE_S}; SameSite=Lax`,
    };
  }
}

function sceneOf(path: string): string | null {
  if (!path.startsWith(`${RATE_H5_PATH}/`)) return null;
  const encoded = sceneSegment(path);
  if (!encoded) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/** The first screen's form, or a 400 for anything its buttons never send. Other fields are ignored. */
function readForm(form: unknown): FirstScreenForm {
  const fields = typeof form === 'object' && form !== null ? (form as Record<string, unknown>) : {};
  const refuse = (field: string) =>
    new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, '提交的内容无效，请重新打开评价页面', [
      { field, rules: ['firstScreenField'], message: `${field} is not a value the rating page sends` },
    ]);
  const levelField = (name: string): RatingLevel | undefined => {
    const value = fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !LEVEL_VALUE.test(value)) throw refuse(name);
    return Number(value) as RatingLevel;
  };
  const result: FirstScreenForm = { level: levelField(FIRST_SCREEN_FIELDS.level), chosen: levelField(FIRST_SCREEN_FIELDS.chosen) };
  const large = fields[FIRST_SCREEN_FIELDS.largeText];
  if (large !== undefined) {
    if (large !== 'on' && large !== 'off') throw refuse(FIRST_SCREEN_FIELDS.largeText);
    result.large = large === 'on';
  }
  return result;
}
