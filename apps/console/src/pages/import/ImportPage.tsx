import { useState } from 'react';
import { Alert, Button, Card, Result, Select, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { ImportKind, ImportReport, ImportRowError } from '@hcp/contracts';
import { ApiError, api, errorText } from '../../api/client';

/** The kinds in the order they must be imported (each refers to the ones before it), with their columns (docs/catalog.md). */
const KINDS: { value: ImportKind; label: string; columns: Record<string, string>; note?: string }[] = [
  { value: 'regions', label: '行政区划', columns: { code: '编码', name: '名称', parentCode: '上级编码' } },
  { value: 'units', label: '单位', columns: { code: '单位编码', name: '单位名称', regionCode: '区划编码', parentCode: '上级单位编码' } },
  { value: 'halls', label: '大厅', columns: { code: '大厅编码', name: '大厅名称', regionCode: '区划编码', address: '地址' } },
  { value: 'service-items', label: '服务事项', columns: { code: '事项编码', name: '事项名称', unitCode: '单位编码' } },
  {
    value: 'windows',
    label: '窗口',
    columns: { hallCode: '大厅编码', number: '窗口号', name: '窗口名称', unitCode: '负责单位编码', serviceItemCodes: '事项编码' },
    note: '多个事项编码用 ; 分隔',
  },
  {
    value: 'staff',
    label: '工作人员',
    columns: { staffNumber: '工号', name: '姓名', unitCode: '单位编码', phone: '手机号', roles: '角色', scopeRegionCode: '监督区划编码', password: '初始密码' },
    note: '多个角色用 ; 分隔；新账号必须填写初始密码',
  },
];

interface Outcome {
  /** The file and kind it is about: a passed check allows importing exactly that file. */
  file: File;
  kind: ImportKind;
  report: ImportReport | null;
  /** The server's sentence when the file was refused. */
  error: string | null;
}

/**
 * Bulk import of a CSV or XLSX file: a check first (dry run: nothing written, every bad row listed), then the import
 * itself, all rows or none.
 */
export function ImportPage() {
  const [kind, setKind] = useState<ImportKind>('service-items');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const spec = KINDS.find((k) => k.value === kind)!;
  // Importing is offered once this very file passed its check (a dry run with no error).
  const checked = !!outcome && outcome.file === file && outcome.kind === kind && !!outcome.report?.dryRun && outcome.report.errors.length === 0 && !outcome.error;

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    const body = new FormData();
    body.append('file', file);
    try {
      const report = await api<ImportReport>(`/catalog/import/${kind}`, { method: 'POST', body, query: { dryRun } });
      setOutcome({ file, kind, report, error: null });
    } catch (e) {
      const report = e instanceof ApiError ? (e.body.report as ImportReport | undefined) : undefined;
      setOutcome({ file, kind, report: report ?? null, error: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>批量导入</Typography.Title>
      </div>
      <Card className="section">
        <Typography.Paragraph>
          请按 行政区划 → 单位 → 大厅 → 服务事项 → 窗口 → 工作人员 的顺序导入。文件为 CSV（UTF-8）或 Excel（.xlsx，读取第一个工作表），第一行为列名。
          先“检查文件”，确认无误后再“正式导入”；文件中只要有一行有误，就不会导入任何数据。
        </Typography.Paragraph>
        <Space wrap align="start">
          <Select aria-label="导入类型" value={kind} onChange={(k) => (setKind(k), setOutcome(null))} options={KINDS} style={{ width: 160 }} />
          <Upload
            accept=".csv,.xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setOutcome(null);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />}>选择文件</Button>
          </Upload>
          <Button onClick={() => void send(true)} disabled={!file} loading={busy} className="import-check">
            检查文件
          </Button>
          <Button type="primary" onClick={() => void send(false)} disabled={!checked || busy} className="import-run">
            正式导入
          </Button>
        </Space>
        <p className="muted">
          列：{Object.values(spec.columns).join('、')}
          {spec.note && `（${spec.note}）`}。列名也可用英文：{Object.keys(spec.columns).join(', ')}。
        </p>
      </Card>
      {outcome && <ImportOutcome outcome={outcome} columns={spec.columns} />}
    </>
  );
}

function ImportOutcome({ outcome: { report, error }, columns }: { outcome: Outcome; columns: Record<string, string> }) {
  if (report && report.errors.length > 0) {
    const more = (report.errorCount ?? report.errors.length) - report.errors.length;
    return (
      <Card title="检查结果" className="import-report">
        <Alert type="error" showIcon title={error ?? `文件有 ${report.errors.length} 处错误`} description="请按下表修改文件后重新检查；本次没有导入任何数据。" className="section" />
        <Table<ImportRowError>
          size="small"
          rowKey={(r, i) => `${r.line}-${r.field}-${i}`}
          dataSource={report.errors}
          pagination={false}
          className="import-errors"
          columns={[
            { title: '行号', dataIndex: 'line', width: 80, render: (line: number) => `第 ${line} 行` },
            { title: '列', dataIndex: 'field', width: 160, render: (f: string | null) => (f ? (columns[f] ?? f) : '整行') },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
        {more > 0 && <p className="muted">另有 {more} 处错误未列出，请先修改以上问题后再检查。</p>}
      </Card>
    );
  }
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!report) return null;
  return (
    <Result
      status={report.dryRun ? 'info' : 'success'}
      className="import-report"
      title={report.dryRun ? '文件检查通过' : '导入完成'}
      subTitle={`共 ${report.rows} 行：${report.dryRun ? '将新增' : '新增'} ${report.created} 条，${report.dryRun ? '将更新' : '更新'} ${report.updated} 条。${report.dryRun ? '可以正式导入。' : ''}`}
    />
  );
}
