import { Injectable } from '@nestjs/common';
import { RATE_H5_PATH, sceneSegment } from '@hcp/contracts';
import { ScanService } from '../catalog/scan.service.js';

/**
 * A window's rating page (`/r/{scene}`, what its QR code opens) comes with the scan's answer in it, so the five levels
 * show as soon as the script runs, without another round trip; an unknown or retired code gets the page alone (the
 * page then asks, and says what is wrong).
 */
@Injectable()
export class RatePageData {
  constructor(private readonly scan: ScanService) {}

  /** The data block for a page path, or null for a path that has none. */
  async forPath(path: string): Promise<unknown> {
    if (!path.startsWith(`${RATE_H5_PATH}/`)) return null;
    const encoded = sceneSegment(path);
    if (!encoded) return null;
    let scene: string;
    try {
      scene = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    return { scan: await this.scan.resolve(scene) };
  }
}
