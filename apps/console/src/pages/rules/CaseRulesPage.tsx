import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseSettings, CreateRoutingRuleRequest, Paged, RegionCaseSettings, RoutingRule, RoutingRuleKind } from '@hcp/contracts';
import { api, errorText } from '../../api/client';
import { useProfile } from '../../auth/session';
import { RemoteSelect } from '../../components/RemoteSelect';
import { can } from '../../lib/roles';

/**
 * Case deadlines per region and routing rules (docs/cases.md, "Deadlines per region" and "Routing rules"). Settings are
 * read by supervisors and administrators and changed by system administrators; rules are system administrators' only.
 */
export function CaseRulesPage() {
  const profile = useProfile();
  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>工单规则</Typography.Title>
      </div>
      <SettingsCard editable={can.manageCatalog(profile)} defaultRegion={profile.scopeRegionCode} />
      {can.manageCatalog(profile) && <RoutingRulesCard />}
    </>
  );
}

const SETTINGS: { key: keyof CaseSettings; label: string; unit: string; min: number; max: number }[] = [
  { key: 'callbackWorkingDays', label: '回访核实期限', unit: '个工作日（0 为当天）', min: 0, max: 30 },
  { key: 'replyWorkingDays', label: '整改答复期限', unit: '个工作日', min: 1, max: 90 },
  { key: 'remindWorkingDaysBefore', label: '到期前提醒', unit: '个工作日（0 为不提醒）', min: 0, max: 30 },
  { key: 'defaultCloseDays', label: '群众未确认默认办结', unit: '天', min: 1, max: 60 },
];

function SettingsCard({ editable, defaultRegion }: { editable: boolean; defaultRegion: string | null }) {
  const [region, setRegion] = useState<string | null>(defaultRegion);
  const [editing, setEditing] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const settings = useQuery({
    queryKey: ['case-settings', region],
    queryFn: () => api<RegionCaseSettings>(`/regions/${region}/case-settings`),
    enabled: !!region,
  });
  const clear = useMutation({
    mutationFn: () => api(`/regions/${region}/case-settings`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['case-settings'] }),
  });
  const s = settings.data;
  const own = s?.inheritedFrom === region;
  return (
    <Card
      title="各地区工单期限"
      className="section"
      extra={<RemoteSelect of="regions" aria-label="选择行政区划" placeholder="选择行政区划" value={region} onChange={(v) => setRegion(v as string | null)} style={{ width: 280 }} />}
    >
      {!region && <Alert type="info" showIcon title="请选择行政区划" />}
      {settings.isError && <Alert type="error" showIcon title={errorText(settings.error)} />}
      {s && (
        <>
          <Descriptions size="small" column={2} bordered className="section">
            {SETTINGS.map((f) => (
              <Descriptions.Item key={f.key} label={f.label}>
                {s[f.key]} {f.unit}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Paragraph className="muted">
            {s.inheritedFrom === null ? '该地区使用全国默认期限。' : own ? '该地区设有自己的期限，下级地区未单独设置的均按此执行。' : `该地区沿用上级区划 ${s.inheritedFrom} 的期限。`}
            期限只对修改后新产生的工单生效。
          </Typography.Paragraph>
          {editable && (
            <Space>
              <Button type="primary" onClick={() => setEditing(true)}>
                设置该地区期限
              </Button>
              {own && (
                <Button
                  onClick={() =>
                    Modal.confirm({
                      title: '取消该地区自己的期限？',
                      content: '取消后沿用上级区划或全国默认期限。',
                      okText: '取消设置',
                      cancelText: '返回',
                      onOk: () => clear.mutateAsync().catch((e: unknown) => void message.error(errorText(e))),
                    })
                  }
                >
                  改为沿用上级
                </Button>
              )}
            </Space>
          )}
        </>
      )}
      {editing && s && <SettingsForm region={s.regionCode} current={s} onDone={() => setEditing(false)} />}
    </Card>
  );
}

function SettingsForm({ region, current, onDone }: { region: string; current: CaseSettings; onDone: () => void }) {
  const [form] = Form.useForm<CaseSettings>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (body: CaseSettings) => api(`/regions/${region}/case-settings`, { method: 'PUT', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['case-settings'] }),
  });
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await save.mutateAsync(values);
      message.success('已保存');
      onDone();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={`设置 ${region} 的工单期限`} okText="保存" cancelText="取消" onOk={() => void submit()} onCancel={onDone} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical" initialValues={current}>
        {SETTINGS.map((f) => (
          <Form.Item key={f.key} name={f.key} label={`${f.label}（${f.unit}）`} rules={[{ required: true, message: `请填写${f.label}` }]}>
            <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 160 }} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

const KIND_LABELS: Record<RoutingRuleKind, string> = { service_item: '按服务事项', hall: '按大厅', region: '按行政区划' };

function RoutingRulesCard() {
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const rules = useQuery({ queryKey: ['routing-rules', page], queryFn: () => api<Paged<RoutingRule>>('/routing-rules', { query: { page, pageSize: 20 } }) });
  const deactivate = useMutation({
    mutationFn: (id: string) => api(`/routing-rules/${id}/deactivate`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['routing-rules'] }),
  });
  return (
    <Card
      title="工单分派规则"
      extra={
        <Button type="primary" onClick={() => setAdding(true)}>
          新增规则
        </Button>
      }
    >
      <Typography.Paragraph className="muted">
        差评工单默认交给被评价窗口的负责单位（谁办理谁负责）。规则可改为交给指定单位，按事项、大厅、行政区划依次匹配，越具体越优先。规则不能修改，只能停用后新增。
      </Typography.Paragraph>
      {rules.isError && <Alert type="error" showIcon title={errorText(rules.error)} />}
      <Table<RoutingRule>
        rowKey="id"
        size="small"
        loading={rules.isPending}
        dataSource={rules.data?.items ?? []}
        locale={{ emptyText: '没有分派规则，工单均交给窗口的负责单位' }}
        pagination={{ current: page, pageSize: 20, total: rules.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '类型', dataIndex: 'kind', render: (k: RoutingRuleKind) => KIND_LABELS[k] },
          { title: '匹配', dataIndex: 'match' },
          { title: '交给单位', dataIndex: ['unit', 'name'] },
          { title: '说明', dataIndex: 'note' },
          { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">生效中</Tag> : <Tag>已停用</Tag>) },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r) =>
              r.active && (
                <Button size="small" danger onClick={() => deactivate.mutateAsync(r.id).catch((e: unknown) => void message.error(errorText(e)))}>
                  停用
                </Button>
              ),
          },
        ]}
      />
      {adding && <RuleForm onDone={() => setAdding(false)} />}
    </Card>
  );
}

function RuleForm({ onDone }: { onDone: () => void }) {
  const [form] = Form.useForm();
  const kind = Form.useWatch<RoutingRuleKind | undefined>('kind', form);
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (body: CreateRoutingRuleRequest) => api<RoutingRule>('/routing-rules', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['routing-rules'] }),
  });
  const submit = async () => {
    const values = (await form.validateFields()) as CreateRoutingRuleRequest;
    try {
      await save.mutateAsync({ ...values, note: values.note?.trim() || undefined });
      message.success('规则已生效，新产生的工单按此分派');
      onDone();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title="新增分派规则" okText="保存" cancelText="取消" onOk={() => void submit()} onCancel={onDone} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'service_item' }}>
        <Form.Item name="kind" label="类型">
          <Select options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} onChange={() => form.setFieldValue('match', undefined)} />
        </Form.Item>
        <Form.Item name="match" label="匹配" rules={[{ required: true, message: '请选择匹配的对象' }]}>
          {kind === 'hall' ? <RemoteSelect of="halls" /> : kind === 'region' ? <RemoteSelect of="regions" /> : <RemoteSelect of="serviceItems" />}
        </Form.Item>
        <Form.Item name="unitId" label="交给单位" rules={[{ required: true, message: '请选择单位' }]}>
          <RemoteSelect of="units" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
