import { useState } from 'react';
import { Alert, Button, Card, Result, Select, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { ImportKind, ImportReport, ImportRowError } from '@hcp/contracts';
import { ApiError, api, errorText } from '../../api/client';

/** The kinds in the order they must be imported (each refers to the ones before it), with their columns (docs/catalog.md). */
const KINDS: { value: ImportKind; label: string; columns: string }[] = [
  { value: 'regions', label: '行政区划', columns: '编码、名称、上级编码' },
  { value: 'units', label: '单位', columns: '单位编码、单位名称、区划编码、上级单位编码' },
  { value: 'halls', label: '大厅', columns: '大厅编码、大厅名称、区划编码、地址' },
  { value: 'service-items', label: '服务事项', columns: '事项编码、事项名称、单位编码' },
  { value: 'windows', label: '窗口', columns: '大厅编码、窗口号、窗口名称、负责单位编码、事项编码（多个用 ; 分隔）' },
  { value: 'staff', label: '工作人员', columns: '工号、姓名、单位编码、手机号、角色、监督区划编码、初始密码' },
];

interface Outcome {
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

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    const body = new FormData();
    body.append('file', file);
    try {
      const report = await api<ImportReport>(`/catalog/import/${kind}`, { method: 'POST', body, query: { dryRun } });
      setOutcome({ report, error: null });
    } catch (e) {
      const report = e instanceof ApiError ? (e.body.report as ImportReport | undefined) : undefined;
      setOutcome({ report: report ?? null, error: errorText(e) });
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
          <Button type="primary" onClick={() => void send(false)} disabled={!file || busy} className="import-run">
            正式导入
          </Button>
        </Space>
        <p className="muted">列：{spec.columns}</p>
      </Card>
      {outcome && <ImportOutcome outcome={outcome} />}
    </>
  );
}

function ImportOutcome({ outcome: { report, error } }: { outcome: Outcome }) {
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
            { title: '列', dataIndex: 'field', width: 160, render: (f: string | null) => f ?? '整行' },
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
