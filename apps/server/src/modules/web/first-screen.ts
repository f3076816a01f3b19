import {
  FIRST_SCREEN_FIELDS,
  FIRST_SCREEN_ID,
  RATE_H5_PATH,
  RATING_LEVELS,
  windowTitle,
  type RatingLevel,
  type ScanResult,
} from '@hcp/contracts';

export interface FirstScreen {
  scan: ScanResult;
  /** The level the citizen tapped on this screen before the scripts arrived, or null. */
  level: RatingLevel | null;
  /** 大字模式, as the browser's cookie says. */
  large: boolean;
  /** A line above 提交评价 (as the app shows its form error), or null. */
  notice: string | null;
}

/**
 * The first screen of a window's rating page as HTML, for the server to send inside `/r/{scene}` so the citizen can
 * tap a level before the scripts have arrived on a weak network. It is the app's own first screen (PageShell,
 * PageToolbar, WindowCard, RatingForm's question, levels and footer in apps/miniapp/src/pages/rate) with the same
 * class names, styled by the app's stylesheet, so nothing moves when the app replaces it.
 *
 * It works with no script at all: it is one form posting back to the page. A level is a submit button (its name, the
 * level's words, is what a screen reader says); the answer comes back with that level chosen, and the app, once
 * loaded, carries on from it (tags, comment, 提交评价). 返回首页 is a link, 大字模式 a submit button.
 */
export function renderFirstScreen({ scan, level, large, notice }: FirstScreen): string {
  const action = `${RATE_H5_PATH}/${encodeURIComponent(scan.scene)}`;
  const levels = RATING_LEVELS.map(({ level: value, label }) => {
    const chosen = value === level;
    return (
      `<button type="submit" name="${FIRST_SCREEN_FIELDS.level}" value="${value}" aria-pressed="${chosen}" ` +
      `class="first-screen__control level-choice level-choice--${value}${chosen ? ' level-choice--chosen' : ''}">` +
      `<span class="face face--${value} face--normal" aria-hidden="true"><span class="face__eye face__eye--left"></span>` +
      `<span class="face__eye face__eye--right"></span><span class="face__mouth"></span></span>` +
      `<span class="level-choice__label">${escapeHtml(label)}</span><span class="level-choice__mark"></span></button>`
    );
  }).join('');
  const staff = scan.staffOnDuty
    ? `<span class="window-card__staff">当前工作人员：${escapeHtml(scan.staffOnDuty.name)}（工号 ${escapeHtml(scan.staffOnDuty.staffNumber)}）</span>`
    : '';
  const keepLevel = level === null ? '' : `<input type="hidden" name="${FIRST_SCREEN_FIELDS.chosen}" value="${level}">`;
  return (
    `<div id="${FIRST_SCREEN_ID}" class="first-screen"><div class="${large ? 'hcp-page hcp-large' : 'hcp-page'}">` +
    `<form class="rate" method="post" action="${escapeHtml(action)}">${keepLevel}` +
    `<div class="toolbar"><a class="first-screen__control toolbar__home" href="/">返回首页</a>` +
    `<button type="submit" name="${FIRST_SCREEN_FIELDS.largeText}" value="${large ? 'off' : 'on'}" role="switch" ` +
    `aria-checked="${large}" class="first-screen__control large-toggle${large ? ' large-toggle--on' : ''}">` +
    `<span class="large-toggle__label">大字模式</span><span class="large-toggle__track"><span class="large-toggle__thumb"></span></span></button></div>` +
    `<div class="window-card"><span class="window-card__title">${escapeHtml(windowTitle(scan.window))}</span>` +
    `<span class="window-card__place"><span>${escapeHtml(scan.hall.name)}</span><span class="window-card__dot"> · </span>` +
    `<span>${escapeHtml(scan.unit.name)}</span></span>${staff}</div>` +
    `<div class="rate-form"><span class="rate-form__question">您对本次服务满意吗？</span>` +
    `<div class="levels" role="group" aria-label="满意程度">${levels}</div>` +
    `<div class="rate-form__footer">${notice ? `<span class="rate-form__error" role="alert">${escapeHtml(notice)}</span>` : ''}` +
    `<button type="submit" class="first-screen__control rate-submit">提交评价</button></div></div>` +
    `</form></div></div>`
  );
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute: names come from the catalog, which unit administrators write. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
