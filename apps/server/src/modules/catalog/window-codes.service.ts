import type { Readable } from 'node:stream';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode, RATE_PAGE, rateUrl } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { Slots } from '../../common/concurrency/slots.js';
import { AppException } from '../../common/errors/app-exception.js';
import type { Principal } from '../../common/authz/principal.js';
import { QrCodeRenderer, type WindowPoster } from '../qrcode/qrcode.renderer.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError } from '../wechat/wechat.errors.js';
import type { WxacodeImage } from '../wechat/wechat.types.js';
import { HallEntity } from './entities/hall.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import { WindowEntity } from './entities/window.entity.js';
import { HallsService } from './halls.service.js';
import { WindowsService } from './windows.service.js';

/** Long enough to download the largest PDF (a few MB) over a slow line; then a stalled reader frees its slot. */
const POSTER_PDF_DEADLINE_MS = 5 * 60_000;
/** What a caller turned away because every render slot is taken is told to wait: about one PDF's render time. */
const POSTER_PDF_RETRY_AFTER_SECONDS = 5;
/** What a caller whose own PDF is still on its way is told to wait. */
const POSTER_PDF_OWN_RETRY_AFTER_SECONDS = 10;

/**
 * The codes that hang at a window. The plain QR encodes `{PUBLIC_BASE_URL}/r/{scene}`: WeChat opens the
 * mini-program from it (扫普通链接二维码打开小程序), any other browser the H5 rating page. The WeChat
 * mini-program code (getwxacodeunlimit) is offered when WeChat is configured.
 */
@Injectable()
export class WindowCodesService {
  /** Hall PDFs being rendered by this process right now. */
  private readonly rendering: Slots;
  /** Who has a hall PDF on its way from this process: one each, so one person cannot take every slot. */
  private readonly renderingFor = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly windows: WindowsService,
    private readonly halls: HallsService,
    private readonly renderer: QrCodeRenderer,
    private readonly wechat: WechatClient,
  ) {
    this.rendering = new Slots(config.posters.pdfConcurrency);
  }

  rateUrl(scene: string): string {
    return rateUrl(this.config.http.publicBaseUrl, scene);
  }

  async png(principal: Principal, windowId: string): Promise<Buffer> {
    const window = await this.windows.findVisible(principal, windowId);
    return this.renderer.png(this.rateUrl(window.scene), { size: 600 });
  }

  async svg(principal: Principal, windowId: string): Promise<string> {
    const window = await this.windows.findVisible(principal, windowId);
    return this.renderer.svg(this.rateUrl(window.scene));
  }

  async poster(principal: Principal, windowId: string): Promise<Buffer> {
    const window = await this.windows.findVisible(principal, windowId);
    return this.renderer.posterPng(await this.describe(window));
  }

  /**
   * The posters of a hall's active windows that the caller may see (only `unitId`'s when given), one A4 page each
   * in window-number order, streamed as they render. Everything that can refuse the request (the hall out of
   * scope, too many pages, no free render slot) is decided before the first byte, so it answers as a JSON error.
   */
  async hallPosters(principal: Principal, hallId: string, unitId?: string): Promise<{ hallName: string; pdf: Readable }> {
    const hall = await this.halls.findVisible(principal, hallId);
    const { pdfMaxPages } = this.config.posters;
    const { total, windows } = await this.windows.activeInHall(principal, hallId, { unitId, limit: pdfMaxPages });
    if (total > pdfMaxPages) {
      throw new AppException(
        ErrorCode.PosterPdfTooLarge,
        HttpStatus.BAD_REQUEST,
        `该大厅有 ${total} 个可打印的窗口，超过单个文件 ${pdfMaxPages} 页的上限，请按单位分别生成`,
        undefined,
        { windows: total, maxPages: pdfMaxPages },
      );
    }
    const caller = principal.kind === 'staff' ? principal.staffId : principal.citizenId;
    const release = this.takeRenderSlot(caller);
    const idleMs = this.config.posters.pdfIdleSeconds * 1000;
    const timers: { idle?: NodeJS.Timeout } = {};
    const pdf = this.renderer.hallPostersPdf(
      hall.name,
      windows.map((w) => this.posterOf(hall.name, w, w.unitName)),
      () => timers.idle?.refresh(),
    );
    // A reader that stops reading keeps its slot: it is cut off (and logged) once it has asked for no page for
    // `idleMs`, and in any case at the deadline (one that reads a byte now and then).
    const cutOff = (why: string) => () => pdf.destroy(new Error(`hall posters PDF ${why}`));
    timers.idle = setTimeout(cutOff(`not read for ${idleMs / 1000} s`), idleMs).unref();
    const deadline = setTimeout(cutOff(`not read within ${POSTER_PDF_DEADLINE_MS / 1000} s`), POSTER_PDF_DEADLINE_MS).unref();
    // `close` follows the last page, an error, and a reader that went away alike: the slot is always given back.
    pdf.once('close', () => {
      clearTimeout(timers.idle);
      clearTimeout(deadline);
      release();
    });
    return { hallName: hall.name, pdf };
  }

  /**
   * Hall PDFs are rendered on the event loop, a page per turn: each one in progress slows every other request a
   * little and holds a document's worth of memory, so only a few run at once, one per person (a second from the
   * same person is a 429), and one more is turned away at once (rather than queued), with a hint when to try again.
   */
  private takeRenderSlot(caller: string): () => void {
    if (this.renderingFor.has(caller)) {
      throw new AppException(
        ErrorCode.PosterPdfInProgress,
        HttpStatus.TOO_MANY_REQUESTS,
        '您的上一个二维码文件还在生成或下载，请等它完成后再试',
        undefined,
        { retryAfterSeconds: POSTER_PDF_OWN_RETRY_AFTER_SECONDS },
        { 'Retry-After': String(POSTER_PDF_OWN_RETRY_AFTER_SECONDS) },
      );
    }
    const release = this.rendering.tryEnter();
    if (!release) {
      throw new AppException(
        ErrorCode.PosterPdfBusy,
        HttpStatus.SERVICE_UNAVAILABLE,
        '正在生成其他二维码文件，请稍后再试',
        undefined,
        { retryAfterSeconds: POSTER_PDF_RETRY_AFTER_SECONDS },
        { 'Retry-After': String(POSTER_PDF_RETRY_AFTER_SECONDS) },
      );
    }
    this.renderingFor.add(caller);
    return () => {
      this.renderingFor.delete(caller);
      release();
    };
  }

  async wechatCode(principal: Principal, windowId: string): Promise<WxacodeImage> {
    const window = await this.windows.findVisible(principal, windowId);
    if (!this.wechat.isConfigured) throw new AppException(ErrorCode.WechatNotConfigured, HttpStatus.NOT_FOUND, '本平台未配置微信小程序，请使用普通二维码');
    try {
      return await this.wechat.getUnlimitedQrCode({ scene: window.scene, page: RATE_PAGE, checkPath: false, width: 430 });
    } catch (error) {
      const detail = error instanceof WechatApiError ? `（微信错误码 ${error.errcode}）` : '';
      throw new AppException(ErrorCode.ServiceUnavailable, HttpStatus.SERVICE_UNAVAILABLE, `暂时无法生成小程序码${detail}，请使用普通二维码`);
    }
  }

  private async describe(window: WindowEntity): Promise<WindowPoster> {
    const [h, unit] = await Promise.all([
      this.db.getRepository(HallEntity).findOneByOrFail({ id: window.hallId }),
      this.db.getRepository(UnitEntity).findOneByOrFail({ id: window.unitId }),
    ]);
    return this.posterOf(h.name, window, unit.name);
  }

  private posterOf(hallName: string, window: { number: string; name: string; scene: string }, unitName: string): WindowPoster {
    return { hallName, windowNumber: window.number, windowName: window.name, unitName, url: this.rateUrl(window.scene) };
  }
}
