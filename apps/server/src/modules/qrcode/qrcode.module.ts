import { Module } from '@nestjs/common';
import { QrCodeRenderer } from './qrcode.renderer.js';

/** Renders window QR codes and their printable posters; routes live in the modules that own halls and windows. */
@Module({
  providers: [QrCodeRenderer],
  exports: [QrCodeRenderer],
})
export class QrCodeModule {}
