import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Paged } from '@hcp/contracts';
import { api } from '../api/client';

type Item = Record<string, string>;

/**
 * The catalog lists a form can pick from, with what to show and what to send. `byKey`: the value is the list's key
 * in paths (`GET /units/{id}`), so one item can be read by it; service items are sent by code and found by search.
 */
export const PICKABLE = {
  units: { path: '/units', byKey: true, value: (u: { id: string }) => u.id, label: (u: { name: string; code: string }) => `${u.name}（${u.code}）` },
  halls: { path: '/halls', byKey: true, value: (h: { id: string }) => h.id, label: (h: { name: string }) => h.name },
  regions: { path: '/regions', byKey: true, value: (r: { code: string }) => r.code, label: (r: { name: string; code: string }) => `${r.name}（${r.code}）` },
  serviceItems: { path: '/service-items', byKey: false, value: (s: { code: string }) => s.code, label: (s: { name: string; code: string }) => `${s.name}（${s.code}）` },
} as const;

export type Pickable = keyof typeof PICKABLE;

const valueOf = (of: Pickable, item: Item) => (PICKABLE[of].value as (x: Item) => string)(item);
const labelOf = (of: Pickable, item: Item) => (PICKABLE[of].label as (x: Item) => string)(item);
const oneKey = (of: Pickable, value: string) => ['catalog-one', of, value] as const;

/** The one item a value names, or null when the reader may not see it (or it is gone). */
async function fetchOne(of: Pickable, value: string): Promise<Item | null> {
  const spec = PICKABLE[of];
  try {
    if (spec.byKey) return await api<Item>(`${spec.path}/${encodeURIComponent(value)}`);
    const found = await api<Paged<Item>>(spec.path, { query: { q: value, pageSize: 50 } });
    return found.items.find((item) => valueOf(of, item) === value) ?? null;
  } catch {
    return null;
  }
}

/** Items a search brought are kept as single items too, so their names need no request of their own. */
function remember(client: QueryClient, of: Pickable, items: Item[]): void {
  for (const item of items) client.setQueryData(oneKey(of, valueOf(of, item)), item);
}

/** The items these values name, read one by one (each cached), whatever list page they are on. */
export function useCatalogItems(of: Pickable, values: readonly string[]): Map<string, Item | null | undefined> {
  const results = useQueries({
    queries: values.map((value) => ({ queryKey: oneKey(of, value), queryFn: () => fetchOne(of, value), staleTime: 300_000 })),
  });
  return new Map(values.map((value, i) => [value, results[i]?.data]));
}

/** An id or code shortened, for one whose item cannot be read. */
const short = (value: string) => (value.length > 12 ? `${value.slice(0, 8)}…` : value);

/** The name of the unit, hall, region or service item a row holds only the id (or code) of. */
export function CatalogName({ of, value }: { of: Pickable; value: unknown }) {
  const key = typeof value === 'string' && value ? value : null;
  const item = useCatalogItems(of, key ? [key] : []).get(key ?? '');
  if (!key) return <>—</>;
  return <>{item === undefined ? '…' : item ? item.name : short(key)}</>;
}

interface Props {
  of: Pickable;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  'aria-label'?: string;
  style?: React.CSSProperties;
}

/**
 * A select over a catalog list that searches the server as the user types (a list may hold thousands), showing the
 * first 50 matches of what the signed-in user may see. What is chosen shows by name even when it is not among them
 * (a form opened on a record whose unit is the 500th): it is read by itself.
 */
export function RemoteSelect({ of, value, onChange, multiple, placeholder, allowClear = true, id, style, ...rest }: Props) {
  const spec = PICKABLE[of];
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const list = useQuery({
    queryKey: ['pick', of, q],
    queryFn: async () => {
      const found = await api<Paged<Item>>(spec.path, { query: { q, pageSize: 50, active: true } });
      remember(client, of, found.items);
      return found;
    },
    staleTime: 60_000,
  });
  const options = (list.data?.items ?? []).map((item) => ({ value: valueOf(of, item), label: labelOf(of, item) }));
  const chosenValues = (Array.isArray(value) ? value : value ? [value] : []).filter((v) => !options.some((o) => o.value === v));
  const chosen = useCatalogItems(of, chosenValues);
  const chosenOptions = chosenValues.map((v) => {
    const item = chosen.get(v);
    return { value: v, label: item ? labelOf(of, item) : item === undefined ? '正在读取…' : short(v) };
  });
  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      style={style}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | string[] | undefined) ?? null)}
      options={[...options, ...chosenOptions]}
      loading={list.isFetching}
      placeholder={placeholder ?? '输入名称或编码搜索'}
      allowClear={allowClear}
      notFoundContent={list.isFetching ? '正在搜索…' : '没有匹配的结果'}
    />
  );
}
