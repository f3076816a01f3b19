import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { AppException } from '../../common/errors/app-exception.js';
import type { Principal } from '../identity/principal.js';
import { QrCodeRenderer, type WindowPoster } from '../qrcode/qrcode.renderer.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError } from '../wechat/wechat.errors.js';
import { HallEntity } from './entities/hall.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import { WindowEntity } from './entities/window.entity.js';
import { HallsService } from './halls.service.js';
import { WindowsService } from './windows.service.js';

/** The mini-program page a window's code opens; the H5 build serves the same page at /r/{scene}. */
export const RATE_PAGE = 'pages/rate/index';

/**
 * The codes that hang at a window. The plain QR encodes `{PUBLIC_BASE_URL}/r/{scene}`: WeChat opens the
 * mini-program from it (扫普通链接二维码打开小程序), any other browser the H5 rating page. The WeChat
 * mini-program code (getwxacodeunlimit) is offered when WeChat is configured.
 */
@Injectable()
export class WindowCodesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly windows: WindowsService,
    private readonly halls: HallsService,
    private readonly renderer: QrCodeRenderer,
    private readonly wechat: WechatClient,
  ) {}

  rateUrl(scene: string): string {
    return `${this.config.http.publicBaseUrl}/r/${scene}`;
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

  /** One A4 page per active window of the hall, in window-number order. */
  async hallPosters(principal: Principal, hallId: string): Promise<{ hallName: string; pdf: Buffer }> {
    const hall = await this.halls.findVisible(principal, hallId);
    const windows = await this.db.getRepository(WindowEntity).find({ where: { hallId, active: true } });
    windows.sort((a, b) => a.number.localeCompare(b.number, 'zh-CN', { numeric: true }));
    const posters = await Promise.all(windows.map((w) => this.describe(w, hall)));
    return { hallName: hall.name, pdf: await this.renderer.hallPostersPdf(hall.name, posters) };
  }

  async wechatCode(principal: Principal, windowId: string): Promise<Buffer> {
    const window = await this.windows.findVisible(principal, windowId);
    if (!this.wechat.isConfigured) throw new AppException(ErrorCode.WechatNotConfigured, HttpStatus.NOT_FOUND, '本平台未配置微信小程序，请使用普通二维码');
    try {
      return await this.wechat.getUnlimitedQrCode({ scene: window.scene, page: RATE_PAGE, checkPath: false, width: 430 });
    } catch (error) {
      const detail = error instanceof WechatApiError ? `（微信错误码 ${error.errcode}）` : '';
      throw new AppException(ErrorCode.ServiceUnavailable, HttpStatus.SERVICE_UNAVAILABLE, `暂时无法生成小程序码${detail}，请使用普通二维码`);
    }
  }

  private async describe(window: WindowEntity, hall?: HallEntity): Promise<WindowPoster> {
    const [h, unit] = await Promise.all([
      hall ?? this.db.getRepository(HallEntity).findOneByOrFail({ id: window.hallId }),
      this.db.getRepository(UnitEntity).findOneByOrFail({ id: window.unitId }),
    ]);
    return { hallName: h.name, windowNumber: window.number, windowName: window.name, unitName: unit.name, url: this.rateUrl(window.scene) };
  }
}
