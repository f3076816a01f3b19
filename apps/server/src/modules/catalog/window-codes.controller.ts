import { Controller, Get, Header, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../../common/authz/principal.js';
import { WindowCodesService } from './window-codes.service.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/** Printable codes for staff who may see the window (or hall). */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller()
export class WindowCodesController {
  constructor(private readonly codes: WindowCodesService) {}

  @Get('windows/:id/qrcode.png')
  @ApiProduces('image/png')
  @ApiOperation({ summary: "The window's QR code (PNG), encoding {PUBLIC_BASE_URL}/r/{scene}" })
  async png(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.codes.png(p, id), { type: 'image/png', disposition: `inline; filename="window-${id}.png"` });
  }

  @Get('windows/:id/qrcode.svg')
  @ApiProduces('image/svg+xml')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiOperation({ summary: "The window's QR code (SVG, for print)" })
  svg(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<string> {
    return this.codes.svg(p, id);
  }

  @Get('windows/:id/poster.png')
  @ApiProduces('image/png')
  @ApiOperation({ summary: 'A printable A4 poster for the window (hall, window, 扫码评价, QR)' })
  async poster(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.codes.poster(p, id), { type: 'image/png', disposition: `inline; filename="poster-${id}.png"` });
  }

  @Get(['windows/:id/wxacode', 'windows/:id/wxacode.png'])
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOperation({ summary: 'The WeChat mini-program code for the window (when WeChat is configured): JPEG or PNG, as WeChat sends it' })
  async wxacode(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<StreamableFile> {
    // WeChat sends JPEG or PNG: the type and the file name follow the bytes, whatever the path says.
    const image = await this.codes.wechatCode(p, id);
    return new StreamableFile(image.bytes, { type: image.contentType, disposition: `inline; filename="wxacode-${id}.${image.extension}"` });
  }

  @Get('halls/:id/posters.pdf')
  @ApiProduces('application/pdf')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A hall's posters: one A4 page per active window the caller may see",
    description:
      'Streamed page by page. At most POSTER_PDF_MAX_PAGES pages (400 POSTER_PDF_TOO_LARGE: print by unit with unitId); ' +
      'a few PDFs render at once, one per person (429 POSTER_PDF_IN_PROGRESS, or 503 POSTER_PDF_BUSY when all are taken, ' +
      'both with Retry-After); windows of deactivated units and halls are left out.',
  })
  @ApiQuery({ name: 'unitId', required: false, description: "Only this unit's windows" })
  async hallPosters(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Query('unitId', new ParseUUIDPipe({ version: '4', optional: true })) unitId: string | undefined,
  ): Promise<StreamableFile> {
    const { hallName, pdf } = await this.codes.hallPosters(p, id, unitId);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="posters-${id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${hallName}-评价二维码.pdf`)}`,
    });
  }
}
