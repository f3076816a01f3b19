import { useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, type CreateApiKeyRequest, type CreatedApiKey } from '@hcp/contracts';
import { api, errorText } from '../../api/client';
import { dateTime } from '../../lib/format';

const scopeLabel = (scope: ApiKeyScope) => API_KEY_SCOPES.find((s) => s.scope === scope)?.label ?? scope;

/**
 * API keys for other systems (docs/api.md, "API keys"): system administrators create one per connected system, see
 * its key once, and revoke it when the system is retired or the key may have leaked.
 */
export function ApiKeysPage() {
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const client = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({ queryKey: ['api-keys'], queryFn: () => api<ApiKey[]>('/admin/api-keys') });
  const revoke = useMutation({
    mutationFn: (id: string) => api<ApiKey>(`/admin/api-keys/${id}/revoke`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const confirmRevoke = (key: ApiKey) =>
    Modal.confirm({
      title: `停用密钥“${key.name}”？`,
      content: '停用后，使用该密钥的系统将立即无法调用接口，且无法恢复；如需继续对接，请新建密钥。',
      okText: '停用',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () =>
        revoke
          .mutateAsync(key.id)
          .then(() => void message.success('已停用'))
          .catch((e: unknown) => void message.error(errorText(e))),
    });
  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>API 密钥</Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          新建密钥
        </Button>
      </div>
      <Typography.Paragraph className="muted">
        供其他系统调用接口使用，例如省级平台定时导出评价数据、12345 热线通过 Open311 接口提交诉求。每个对接系统单独建一个密钥，只授予它需要的权限。
      </Typography.Paragraph>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<ApiKey>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: '暂无 API 密钥' }}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '密钥前缀', dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: '权限', dataIndex: 'scopes', render: (v: ApiKeyScope[]) => v.map((s) => <Tag key={s}>{scopeLabel(s)}</Tag>) },
          { title: '创建', key: 'created', render: (_: unknown, r) => `${dateTime(r.createdAt)}${r.createdBy ? `（${r.createdBy}）` : ''}` },
          { title: '最近使用', dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? dateTime(v) : '从未使用') },
          {
            title: '状态',
            key: 'state',
            render: (_: unknown, r) =>
              r.revokedAt ? (
                <Tag>已停用 {dateTime(r.revokedAt)}</Tag>
              ) : (
                <Button size="small" danger onClick={() => confirmRevoke(r)}>
                  停用密钥
                </Button>
              ),
          },
        ]}
      />
      {creating && (
        <CreateKeyForm
          onDone={(key) => {
            setCreating(false);
            if (key) setCreated(key);
          }}
        />
      )}
      {created && <CreatedKeyModal created={created} onClose={() => setCreated(null)} />}
    </>
  );
}

function CreateKeyForm({ onDone }: { onDone: (created: CreatedApiKey | null) => void }) {
  const [form] = Form.useForm<CreateApiKeyRequest>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (body: CreateApiKeyRequest) => api<CreatedApiKey>('/admin/api-keys', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const submit = async () => {
    // An incomplete form shows its own messages; nothing more to do.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      onDone(await create.mutateAsync(values));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title="新建 API 密钥" okText="创建" cancelText="取消" onOk={() => void submit()} onCancel={() => onDone(null)} confirmLoading={create.isPending}>
      <Form form={form} layout="vertical" initialValues={{ scopes: [] }}>
        <Form.Item name="name" label="名称（对接的系统）" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 50, message: '最多 50 个字' }]}>
          <Input placeholder="例如：省级好差评数据上报" maxLength={50} />
        </Form.Item>
        <Form.Item name="scopes" label="权限" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一项权限' }]}>
          <Checkbox.Group options={API_KEY_SCOPES.map((s) => ({ value: s.scope, label: scopeLabel(s.scope) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CreatedKeyModal({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  return (
    <Modal open title={`密钥“${created.name}”已创建`} okText="我已保存" onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }} maskClosable={false}>
      <Alert type="warning" showIcon className="section" title="密钥只显示这一次" description="请立即复制并妥善保存到对接系统中。关闭后无法再次查看；如果遗失，请停用后新建。" />
      <Typography.Paragraph copyable={{ text: created.key, tooltips: ['复制密钥', '已复制'] }} className="api-key__secret">
        <Typography.Text code>{created.key}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph className="muted">调用时放在请求头 X-Api-Key 中（Open311 客户端使用 api_key 参数）。</Typography.Paragraph>
    </Modal>
  );
}
