import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { CaseList, CaseListQuery } from '@hcp/contracts';
import { ApiError } from '../../services/request';
import { listCases } from './cases';
import { leaveIfSignedOut } from './staff-api';
import { exceptionsFor, NO_EXCEPTIONS, type DayExceptions } from './time-left';
import { nextDeadline } from './labels';

const PAGE_SIZE = 20;

export type Listing =
  | { kind: 'loading' }
  | { kind: 'loaded'; list: CaseList; page: number; now: number }
  | { kind: 'failed'; message: string };

/**
 * One case list (`GET /cases` with `query`), loaded when the page shows (so it is fresh after acting on a case) and
 * whenever the filter changes, with 加载更多 and the working-day calendar its deadlines are counted in.
 */
export function useCaseList(query: CaseListQuery) {
  const [listing, setListing] = useState<Listing>({ kind: 'loading' });
  const [exceptions, setExceptions] = useState<DayExceptions>(NO_EXCEPTIONS);
  const [loadingMore, setLoadingMore] = useState(false);
  const key = JSON.stringify(query);
  // Answers to an earlier filter may arrive after the current one's: only the latest may show.
  const latest = useRef(0);

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    const filter = JSON.parse(key) as CaseListQuery;
    try {
      const list = await listCases({ ...filter, page: 1, pageSize: PAGE_SIZE });
      if (ticket !== latest.current) return;
      const now = Date.now();
      setListing({ kind: 'loaded', list, page: 1, now });
      const deadlines = list.items.flatMap((item) => nextDeadline(item)?.at ?? []);
      void exceptionsFor(deadlines, now).then(setExceptions);
    } catch (error) {
      if (ticket !== latest.current || leaveIfSignedOut(error)) return;
      const message = error instanceof ApiError ? error.message : '加载失败，请稍后再试';
      setListing((current) => (current.kind === 'loaded' ? current : { kind: 'failed', message }));
    }
  }, [key]);

  const loadMore = useCallback(async () => {
    if (listing.kind !== 'loaded' || loadingMore) return;
    const ticket = latest.current;
    setLoadingMore(true);
    try {
      const next = await listCases({ ...(JSON.parse(key) as CaseListQuery), page: listing.page + 1, pageSize: PAGE_SIZE });
      if (ticket !== latest.current) return;
      setListing({ ...listing, list: { ...next, items: [...listing.list.items, ...next.items] }, page: listing.page + 1 });
    } catch (error) {
      leaveIfSignedOut(error);
    } finally {
      setLoadingMore(false);
    }
  }, [key, listing, loadingMore]);

  useEffect(() => {
    setListing({ kind: 'loading' });
    void load();
  }, [load]);
  useDidShow(() => {
    if (listing.kind !== 'loading') void load();
  });

  return { listing, exceptions, reload: load, loadMore, loadingMore };
}
