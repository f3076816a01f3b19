import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Paged } from '@hcp/contracts';
import { api } from '../api/client';

/** The catalog lists a form can pick from, with what to show and what to send. */
export const PICKABLE = {
  units: { path: '/units', value: (u: { id: string }) => u.id, label: (u: { name: string; code: string }) => `${u.name}（${u.code}）` },
  halls: { path: '/halls', value: (h: { id: string }) => h.id, label: (h: { name: string }) => h.name },
  regions: { path: '/regions', value: (r: { code: string }) => r.code, label: (r: { name: string; code: string }) => `${r.name}（${r.code}）` },
  serviceItems: { path: '/service-items', value: (s: { code: string }) => s.code, label: (s: { name: string; code: string }) => `${s.name}（${s.code}）` },
} as const;

type Pickable = keyof typeof PICKABLE;

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
 * first 50 matches of what the signed-in user may see.
 */
export function RemoteSelect({ of, value, onChange, multiple, placeholder, allowClear = true, id, style, ...rest }: Props) {
  const spec = PICKABLE[of];
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const list = useQuery({
    queryKey: ['pick', of, q],
    queryFn: () => api<Paged<Record<string, string>>>(spec.path, { query: { q, pageSize: 50, active: true } }),
    staleTime: 60_000,
  });
  const options = (list.data?.items ?? []).map((item) => ({
    value: (spec.value as (x: unknown) => string)(item),
    label: (spec.label as (x: unknown) => string)(item),
  }));
  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      style={style}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | string[] | undefined) ?? null)}
      options={options}
      loading={list.isFetching}
      placeholder={placeholder ?? '输入名称或编码搜索'}
      allowClear={allowClear}
      notFoundContent={list.isFetching ? '正在搜索…' : '没有匹配的结果'}
    />
  );
}
