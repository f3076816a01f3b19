import Taro from '@tarojs/taro';
import type { CreateRatingRequest, RatingReceipt, ScanResult } from '@hcp/contracts';

/** Where a rating was made, as the thank-you page and 我的评价 name it. */
export type RatedPlace = Pick<ScanResult, 'window' | 'hall' | 'unit'>;

/** A rating the server has accepted, kept on the phone for the thank-you page (which may be reloaded). */
export interface SavedReceipt {
  clientId: string;
  receipt: RatingReceipt;
  place: RatedPlace;
  /** The citizen allowed at least one WeChat notice about the case in the submit tap. */
  noticesAccepted: boolean;
  /**
   * A call-back number went with the rating, so a call may be promised. Receipts kept by older versions lack it:
   * they promise nothing they cannot know.
   */
  callbackExpected?: boolean;
}

/** Whether the rating carried a number to call back (typed, or WeChat's through its token). */
export function leftNumber(request: Pick<CreateRatingRequest, 'contactPhone' | 'phoneToken' | 'phoneCode'>): boolean {
  return !!(request.contactPhone || request.phoneToken || request.phoneCode);
}

const RECEIPTS_KEY = 'hcp.rating.receipts';
const KEPT = 10;

export function saveReceipt(saved: SavedReceipt): void {
  const others = savedReceipts().filter((r) => r.clientId !== saved.clientId);
  try {
    Taro.setStorageSync(RECEIPTS_KEY, [saved, ...others].slice(0, KEPT));
  } catch {
    // The rating is on the server; only the thank-you page's reload would miss it.
  }
}

export function findReceipt(clientId: string): SavedReceipt | undefined {
  return savedReceipts().find((r) => r.clientId === clientId);
}

function savedReceipts(): SavedReceipt[] {
  const stored: unknown = Taro.getStorageSync(RECEIPTS_KEY);
  return Array.isArray(stored) ? (stored as SavedReceipt[]) : [];
}
