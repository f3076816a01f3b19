import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import type { Paged } from '@hcp/contracts';
import { api, errorText } from '../../api/client';
import { useProfile } from '../../auth/session';
import { CatalogName, RemoteSelect } from '../../components/RemoteSelect';
import { NotFoundPage } from '../NotFoundPage';
import { CATALOG_KINDS, grantableRoles, type CatalogField, type CatalogKind, type Names } from './catalogKinds';

type Row = Record<string, unknown> & { active: boolean };
const PAGE_SIZE = 20;

/** Names for ids in lists, each read by its id (and cached), whichever unit or hall it is. */
const NAMES: Names = {
  unit: (id) => <CatalogName of="units" value={id} />,
  hall: (id) => <CatalogName of="halls" value={id} />,
};

/** Any catalog list: search, active filter, paging, create and edit forms, deactivate and activate. */
export function CatalogPage() {
  const { kind: kindName = '' } = useParams();
  const kind = CATALOG_KINDS[kindName];
  if (!kind) return <NotFoundPage />;
  return <CatalogList key={kindName} kind={kind} />;
}

function CatalogList({ kind }: { kind: CatalogKind }) {
  const profile = useProfile();
  const names = NAMES;
  const client = useQueryClient();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [active, setActive] = useState<'all' | 'true' | 'false'>('true');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['catalog', kind.path, q, active, page],
    queryFn: () => api<Paged<Row>>(kind.path, { query: { q, page, pageSize: PAGE_SIZE, active: active === 'all' ? undefined : active } }),
  });
  const toggle = useMutation({
    mutationFn: (row: Row) => api(`${kind.path}/${String(row[kind.key])}/${row.active ? 'deactivate' : 'activate'}`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['catalog', kind.path] }),
  });
  const setActiveOf = (row: Row) =>
    Modal.confirm({
      title: row.active ? `停用该${kind.noun}？` : `启用该${kind.noun}？`,
      content: row.active ? '停用后不再出现在新的评价和工单中，历史评价和工单保持不变，可随时重新启用。' : undefined,
      okText: row.active ? '停用' : '启用',
      cancelText: '取消',
      onOk: () => toggle.mutateAsync(row).catch((e: unknown) => void message.error(errorText(e))),
    });
  const canEdit = kind.canEdit(profile);

  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>{kind.title}</Typography.Title>
        <Space wrap>
          <Input.Search aria-label={`搜索${kind.title}`} placeholder={`搜索${kind.searchHint}`} allowClear onSearch={(v) => (setQ(v.trim()), setPage(1))} style={{ width: 240 }} />
          <Select
            aria-label="启用状态"
            value={active}
            onChange={(v) => (setActive(v), setPage(1))}
            style={{ width: 110 }}
            options={[
              { value: 'true', label: '启用中' },
              { value: 'false', label: '已停用' },
              { value: 'all', label: '全部' },
            ]}
          />
          {kind.canCreate(profile) && (
            <Button type="primary" onClick={() => setEditing('new')}>
              新增{kind.noun}
            </Button>
          )}
        </Space>
      </div>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<Row>
        rowKey={(r) => String(r[kind.key])}
        className="catalog-table"
        scroll={{ x: 'max-content' }}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: q ? '没有匹配的记录' : '暂无记录' }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        columns={[
          ...kind.columns.map((c) => ({ title: c.title, key: c.title, render: (_: unknown, row: Row) => c.render(row, names) })),
          { title: '状态', key: 'active', width: 80, render: (_: unknown, row: Row) => (row.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          ...(canEdit
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, row: Row) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(row)}>
                        编辑
                      </Button>
                      <Button size="small" danger={row.active} onClick={() => setActiveOf(row)}>
                        {row.active ? '停用' : '启用'}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <CatalogForm kind={kind} row={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
    </>
  );
}

function CatalogForm({ kind, row, onDone }: { kind: CatalogKind; row: Row | null; onDone: () => void }) {
  const profile = useProfile();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const { message } = App.useApp();
  const fields = kind.fields.filter((f) => !(row && f.createOnly));
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      row ? api(`${kind.path}/${String(row[kind.key])}`, { method: 'PATCH', body }) : api(kind.path, { method: 'POST', body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['catalog', kind.path] });
      void client.invalidateQueries({ queryKey: ['pick'] });
      void client.invalidateQueries({ queryKey: ['catalog-one'] });
    },
  });
  const submit = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      let v = values[field.name];
      if (typeof v === 'string') v = v.trim();
      if (v === undefined || v === '') v = null;
      // Editing sends what changed only (a masked phone number shown to the reader is never sent back).
      if (row && JSON.stringify(v) === JSON.stringify(row[field.name] ?? null)) continue;
      if (v === null && !field.nullable) continue;
      body[field.name] = v;
    }
    try {
      await save.mutateAsync(body);
      message.success(row ? '已保存' : `已新增${kind.noun}`);
      onDone();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={row ? `编辑${kind.noun}` : `新增${kind.noun}`}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onDone}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={row ?? { caseAssignment: 'round_robin' }} className="catalog-form">
        {fields.map((field) => (
          <Form.Item key={field.name} name={field.name} label={field.label} rules={field.required ? [{ required: true, message: `请填写${field.label}` }] : []}>
            {input(field, profile)}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function input(field: CatalogField, profile: ReturnType<typeof useProfile>) {
  switch (field.kind) {
    case 'password':
      return <Input.Password autoComplete="new-password" />;
    case 'select': {
      const options = field.name === 'roles' ? field.options?.filter((o) => grantableRoles(profile).includes(o.value as never)) : field.options;
      return <Select mode={field.multiple ? 'multiple' : undefined} options={options} placeholder="请选择" />;
    }
    case 'pick':
      return <RemoteSelect of={field.of!} multiple={field.multiple} />;
    default:
      return <Input placeholder={field.placeholder} />;
  }
}
