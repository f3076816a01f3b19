import Taro from '@tarojs/taro';
import type { CreateRatingRequest, RatingReceipt } from '@hcp/contracts';
import { onNetworkRestored } from '../platform';
import { ApiError } from './request';
import { createRating } from './ratings';
import { leftNumber, saveReceipt, type RatedPlace } from './receipts';

/**
 * Ratings made while the phone had no usable network, kept in storage until the server has them. Halls in
 * county towns and villages often have weak signal: a citizen's rating must never be lost to it, nor sent twice.
 *
 * - Each rating keeps the `clientId` it was made with; the server treats a repeat as the same rating.
 * - Sent at app launch and show, when the network returns, when 我的评价 opens, and on a backing-off timer.
 * - One flush at a time, one rating at a time, oldest first.
 */
export interface PendingRating {
  /** The request exactly as it will be sent: its clientId and ratedAt (the moment of the tap) are fixed. */
  request: CreateRatingRequest & { ratedAt: string };
  place: RatedPlace;
  /** What 我的评价 shows while the rating waits (the labels of the table the citizen chose from). */
  tagLabels: string[];
  serviceItemName?: string;
  /** The citizen allowed WeChat notices about the case in the submit tap (kept for the receipt). */
  noticesAccepted: boolean;
}

export type QueueEvent =
  /** The server has the rating (made now, or earlier by an answer that never arrived). */
  | { type: 'sent'; clientId: string; receipt: RatingReceipt }
  /** The server refused it for good (a duplicate, a retired code…); it is not kept. */
  | { type: 'dropped'; clientId: string; error: ApiError }
  /** The list of pending ratings changed. */
  | { type: 'changed' };

const QUEUE_KEY = 'hcp.rating.queue';

/** Backing-off retry delays while ratings wait and no network event comes (a connected but useless network). */
const RETRY_DELAYS_MS = [15_000, 30_000, 60_000, 120_000, 300_000];

const listeners = new Set<(event: QueueEvent) => void>();
let flushing: Promise<void> | null = null;
let autoRetry = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let retryAttempt = 0;

export function pendingRatings(): PendingRating[] {
  const stored: unknown = Taro.getStorageSync(QUEUE_KEY);
  return Array.isArray(stored) ? (stored as PendingRating[]).filter(isPendingRating) : [];
}

/** Keeps a rating until it is sent. Throws when the phone's storage refuses it: the caller must then say so. */
export function enqueueRating(item: PendingRating): void {
  const others = pendingRatings().filter((p) => p.request.clientId !== item.request.clientId);
  Taro.setStorageSync(QUEUE_KEY, [...others, item]);
  emit({ type: 'changed' });
  scheduleRetry();
}

/** Sends every waiting rating. Calls made while a flush runs share it, so a rating is never sent twice at once. */
export function flushRatingQueue(): Promise<void> {
  if (!flushing) {
    flushing = sendAll().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

export function onQueueEvent(listener: (event: QueueEvent) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** For the app shell: flush whenever the network returns, and retry on a backing-off timer while ratings wait. */
export function keepFlushing(): () => void {
  autoRetry = true;
  const stopListening = onNetworkRestored(() => {
    clearRetry();
    void flushRatingQueue();
  });
  return () => {
    autoRetry = false;
    clearRetry();
    stopListening();
  };
}

async function sendAll(): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const next = pendingRatings().find((p) => !tried.has(p.request.clientId));
    if (!next) {
      retryAttempt = 0;
      return;
    }
    const { clientId } = next.request;
    tried.add(clientId);
    try {
      // `queued` tells the server why ratedAt lies in the past (older app versions stored requests without it).
      const receipt = await createRating({ ...next.request, queued: true });
      saveReceipt({ clientId, receipt, place: next.place, noticesAccepted: next.noticesAccepted, callbackExpected: receipt.callbackExpected ?? leftNumber(next.request) });
      remove(clientId);
      emit({ type: 'sent', clientId, receipt });
    } catch (error) {
      if (mustKeep(error)) {
        // The network (or the server) is not there yet: stop here, keep the order, try again later.
        scheduleRetry();
        return;
      }
      remove(clientId);
      emit({ type: 'dropped', clientId, error: error as ApiError });
    }
  }
}

/**
 * A rating is dropped only when the server has judged it (a 4xx about the rating itself: RATING_DUPLICATE, a
 * retired code, an invalid tag). No answer, a server error, a sign-in problem, a proxy timeout or "slow down"
 * says nothing about the rating, so it stays. (Accepted subscriptions waiting to be recorded follow the same rule.)
 */
export function mustKeep(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  if (error.status === 0 || error.status >= 500) return true;
  if (error.status === 401 || error.status === 408 || error.status === 429) return true;
  return error.code.startsWith('AUTH_');
}

function remove(clientId: string): void {
  Taro.setStorageSync(
    QUEUE_KEY,
    pendingRatings().filter((p) => p.request.clientId !== clientId),
  );
  emit({ type: 'changed' });
}

function emit(event: QueueEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch {
      // A page's listener must not stop the queue.
    }
  }
}

function scheduleRetry(): void {
  if (!autoRetry || retryTimer !== null) return;
  const delay = RETRY_DELAYS_MS[Math.min(retryAttempt, RETRY_DELAYS_MS.length - 1)];
  retryAttempt += 1;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void flushRatingQueue();
  }, delay);
}

function clearRetry(): void {
  if (retryTimer !== null) clearTimeout(retryTimer);
  retryTimer = null;
}

function isPendingRating(value: unknown): value is PendingRating {
  const request = (value as Partial<PendingRating> | null)?.request;
  return typeof request?.clientId === 'string' && typeof request.level === 'number';
}
