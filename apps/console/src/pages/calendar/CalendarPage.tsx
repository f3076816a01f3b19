import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import type { CalendarDay, CalendarYear, SetCalendarDayRequest } from '@hcp/contracts';
import { api, errorText } from '../../api/client';
import { useProfile } from '../../auth/session';
import { chinaToday } from '../../lib/period';
import { can } from '../../lib/roles';

const KIND_LABELS: Record<CalendarDay['kind'], { label: string; color: string }> = {
  holiday: { label: '放假', color: 'red' },
  workday: { label: '调休上班', color: 'blue' },
  normal: { label: '按平常', color: 'default' },
};

function useYear(year: number) {
  return useQuery({ queryKey: ['calendar', year], queryFn: () => api<CalendarYear>(`/calendar/${year}`) });
}

/**
 * The working-day calendar every deadline is counted in: a year's holidays and make-up workdays, with a clear warning
 * while next year's arrangement is missing (the State Council publishes it in November or December).
 */
export function CalendarPage() {
  const profile = useProfile();
  const thisYear = Number(chinaToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const shown = useYear(year);
  const current = useYear(thisYear);
  const next = useYear(thisYear + 1);
  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>工作日历</Typography.Title>
        <Space>
          <label htmlFor="calendar-year">年份</label>
          <InputNumber id="calendar-year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        </Space>
      </div>
      {current.data && !current.data.complete && (
        <Alert className="section calendar-warning" type="error" showIcon title={`${thisYear} 年的节假日尚未录入`} description="目前只跳过周末，遇到法定节假日的工单期限会算早。请录入今年的放假和调休安排。" />
      )}
      {next.data && !next.data.complete && (
        <Alert
          className="section calendar-warning"
          type="warning"
          showIcon
          title={`${thisYear + 1} 年的节假日安排尚未录入`}
          description="国务院办公厅通常在每年 11—12 月公布下一年的放假安排。公布后请在下方逐日录入放假日和调休上班日，否则跨年工单的期限会算错。"
        />
      )}
      {can.editCalendar(profile) && <SetDayForm />}
      <Card title={`${year} 年的节假日与调休`}>
        {shown.isError && <Alert type="error" showIcon title={errorText(shown.error)} />}
        <Table<CalendarDay>
          size="small"
          rowKey="date"
          loading={shown.isPending}
          dataSource={shown.data?.days ?? []}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          locale={{ emptyText: '该年没有录入节假日，只跳过周末' }}
          columns={[
            { title: '日期', dataIndex: 'date', width: 130 },
            { title: '类型', dataIndex: 'kind', width: 110, render: (k: CalendarDay['kind']) => <Tag color={KIND_LABELS[k].color}>{KIND_LABELS[k].label}</Tag> },
            { title: '名称', dataIndex: 'name' },
            { title: '来源', dataIndex: 'source', width: 140, render: (s: CalendarDay['source']) => (s === 'admin' ? '管理员录入' : '国家公布安排') },
          ]}
        />
      </Card>
    </>
  );
}

function SetDayForm() {
  const [form] = Form.useForm();
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: ({ date, body }: { date: string; body: SetCalendarDayRequest }) => api<CalendarDay>(`/calendar/days/${date}`, { method: 'PUT', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['calendar'] }),
  });
  const submit = async (values: { date: Dayjs; kind: CalendarDay['kind']; name?: string }) => {
    try {
      await save.mutateAsync({ date: values.date.format('YYYY-MM-DD'), body: { kind: values.kind, ...(values.name?.trim() ? { name: values.name.trim() } : {}) } });
      message.success('已保存，新开的工单按此计算期限');
      form.resetFields(['date', 'name']);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card title="录入或更正一天" className="section">
      <Form form={form} layout="inline" onFinish={(v) => void submit(v)} initialValues={{ kind: 'holiday' }}>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Select style={{ width: 120 }} options={Object.entries(KIND_LABELS).map(([value, k]) => ({ value, label: k.label }))} />
        </Form.Item>
        <Form.Item name="name" label="名称">
          <Input placeholder="如：元旦" maxLength={50} style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存
        </Button>
      </Form>
    </Card>
  );
}
