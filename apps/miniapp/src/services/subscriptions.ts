import Taro from '@tarojs/taro';
import type { SubscriptionsRequest, SubscriptionsResponse } from '@hcp/contracts';
import type { SubscribeDecision } from '../platform';
import { citizenRequest } from './citizen';
import { mustKeep } from './rating-queue';

/**
 * Subscribe-message templates the citizen accepted, waiting to be told to the server (`POST /me/subscriptions`).
 * Each accept allows WeChat exactly one push, and the server may send only as many as it was told of, so an accept
 * made while the phone was offline (a 差评 rated in a hall with no signal) is kept until it is recorded.
 * One entry per prompt: the server counts each entry's ids as one allowance each.
 */
const PENDING_KEY = 'hcp.subscriptions.pending';
/** A phone offline for weeks keeps at most this many prompts' answers; older ones have likely lapsed anyway. */
const MAX_PENDING = 20;

/** The template ids a prompt's answer accepted (WeChat's answer per id: accept, reject, ban or filter). */
export function acceptedTemplateIds(decisions: Record<string, SubscribeDecision>): string[] {
  return Object.keys(decisions).filter((id) => decisions[id] === 'accept');
}

function pending(): string[][] {
  const stored: unknown = Taro.getStorageSync(PENDING_KEY);
  if (!Array.isArray(stored)) return [];
  return stored.filter((entry): entry is string[] => Array.isArray(entry) && entry.every((id) => typeof id === 'string'));
}

function store(entries: string[][]): void {
  try {
    if (entries.length === 0) Taro.removeStorageSync(PENDING_KEY);
    else Taro.setStorageSync(PENDING_KEY, entries.slice(-MAX_PENDING));
  } catch {
    // A full storage costs only the WeChat push; the in-app notice still comes.
  }
}

/** Keeps the accepted ids of one prompt and tells the server at once if it can (else at the next flush). */
export function recordCitizenSubscriptions(templateIds: string[]): Promise<void> {
  if (templateIds.length === 0) return Promise.resolve();
  store([...pending(), templateIds]);
  return flushSubscriptions();
}

let flushing: Promise<void> | null = null;

/**
 * Tells the server of every kept prompt, oldest first, one request each; called with the rating queue's flushes
 * (launch, show, network back). An entry leaves when the server recorded it or refused it for good (a 4xx about
 * the request); no answer, a server error, a sign-in problem or "slow down" keeps it for later.
 */
export function flushSubscriptions(): Promise<void> {
  if (!flushing) {
    flushing = sendAll().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

async function sendAll(): Promise<void> {
  for (;;) {
    const [next] = pending();
    if (!next) return;
    try {
      const body: SubscriptionsRequest = { templateIds: next };
      await citizenRequest<SubscriptionsResponse>('/me/subscriptions', { method: 'POST', data: { ...body } });
    } catch (error) {
      if (mustKeep(error)) return;
    }
    // Drop exactly the entry sent: another prompt may have added one meanwhile.
    const rest = pending();
    const index = rest.findIndex((entry) => entry.join(',') === next.join(','));
    if (index >= 0) rest.splice(index, 1);
    store(rest);
  }
}
