import type { Clock } from './clock.js';
import { Errcode, WxFailure } from './errcodes.js';
import { newTraceId } from './ids.js';
import type { Logins } from './login.js';
import { isObject } from './util.js';

export type Suggest = 'pass' | 'review' | 'risky';

/** msgSecCheck labels: 100 正常, 10001 广告, 20001 时政, 20002 色情, 20003 辱骂, 20006 违法犯罪, 20008 欺诈, 20012 低俗, 20013 版权, 21000 其他. */
export const Label = { Normal: 100, Advert: 10001, Abuse: 20003, Other: 21000 } as const;

/** Obviously abusive test words (answered `risky`, label 20003) and words that need a human look (`review`). */
export const DEFAULT_RISKY_WORDS: readonly string[] = ['傻逼', '去死', 'sandbox-risky'];
export const DEFAULT_REVIEW_WORDS: readonly string[] = ['加微信', 'sandbox-review'];
/** "需检测的文本内容，文本字数的上限为2500字". */
export const CONTENT_MAX_LENGTH = 2500;
/** Scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export const SCENES = [1, 2, 3, 4] as const;

export interface ContentWords {
  risky: string[];
  review: string[];
}

interface Verdict {
  suggest: Suggest;
  label: number;
  keyword?: string;
}

/**
 * POST /wxa/msg_sec_check. Version 2 answers `{ result: { suggest, label }, detail, trace_id }` and needs the openid
 * of a user of this app who visited in the last two hours; without `version` it behaves as version 1 (87014 for
 * risky content).
 * Verdicts come from two configurable word lists, matched case-insensitively.
 */
export class ContentCheck {
  private words: ContentWords;

  constructor(
    private readonly clock: Clock,
    private readonly logins: Logins,
    private readonly defaults: ContentWords,
  ) {
    this.words = copy(defaults);
  }

  setWords(words: Partial<ContentWords>): ContentWords {
    for (const list of [words.risky, words.review]) {
      if (list !== undefined && (!Array.isArray(list) || list.some((w) => typeof w !== 'string' || w.trim() === ''))) {
        throw new RangeError('risky and review must be lists of non-empty words');
      }
    }
    this.words = { risky: words.risky ? [...words.risky] : this.words.risky, review: words.review ? [...words.review] : this.words.review };
    return this.getWords();
  }

  getWords(): ContentWords {
    return copy(this.words);
  }

  reset(): void {
    this.words = copy(this.defaults);
  }

  check(appId: string, body: unknown): object {
    if (!isObject(body)) throw new WxFailure(Errcode.DataFormatError);
    const content = body.content;
    if (typeof content !== 'string' || content.length === 0 || [...content].length > CONTENT_MAX_LENGTH) {
      throw new WxFailure(Errcode.DataFormatError);
    }
    if (body.version === undefined) {
      // Version 1 (retired by WeChat in 2021, still answering): an error code instead of a verdict.
      const v1 = this.verdict(content);
      if (v1.suggest === 'risky') throw new WxFailure(Errcode.RiskyContent);
      return { errcode: 0, errmsg: 'ok' };
    }
    // WeChat documents no code for a wrong version; the sandbox answers "invalid args".
    if (body.version !== 2 && body.version !== '2') throw new WxFailure(Errcode.InvalidArgs);
    // "40129 场景值错误（目前支持场景 1 资料；2 评论；3 论坛；4 社交日志）".
    if (!(SCENES as readonly unknown[]).includes(Number(body.scene))) throw new WxFailure(Errcode.InvalidScene);
    // 40003 an openid never seen, 43104 "appid 与 openid 不匹配", 61010 "用户访问记录超时" (no visit in two hours).
    this.logins.requireRecentVisitor(appId, body.openid);

    const verdict = this.verdict(content);
    const model = { strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: verdict.suggest === 'pass' ? 0 : 90 };
    const keyword = verdict.keyword
      ? { strategy: 'keyword', errcode: 0, suggest: verdict.suggest, label: verdict.label, level: 90, keyword: verdict.keyword }
      : { strategy: 'keyword', errcode: 0 };
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: verdict.suggest, label: verdict.label },
      detail: [model, keyword],
      trace_id: newTraceId(this.clock.now()),
    };
  }

  private verdict(content: string): Verdict {
    const text = content.toLowerCase();
    const risky = this.words.risky.find((w) => text.includes(w.toLowerCase()));
    if (risky) return { suggest: 'risky', label: Label.Abuse, keyword: risky };
    const review = this.words.review.find((w) => text.includes(w.toLowerCase()));
    if (review) return { suggest: 'review', label: Label.Other, keyword: review };
    return { suggest: 'pass', label: Label.Normal };
  }
}

const copy = (words: ContentWords): ContentWords => ({ risky: [...words.risky], review: [...words.review] });
