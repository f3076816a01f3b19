import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Image, Modal, Space, Table, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { Paged, Window } from '@hcp/contracts';
import { api, errorText } from '../../api/client';
import { RemoteSelect } from '../../components/RemoteSelect';
import { fetchFile, printPdf, saveBlob } from '../../lib/files';

/**
 * QR codes and posters: a hall's windows, each window's code and A4 poster, and the whole hall's posters as one PDF to
 * print. The server decides which windows the reader may print (a unit's clerk: that unit's only).
 */
export function PostersPage() {
  const [hallId, setHallId] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const [preview, setPreview] = useState<Window | null>(null);
  const { message } = App.useApp();
  const windows = useQuery({
    queryKey: ['poster-windows', hallId],
    queryFn: () => api<Paged<Window>>('/windows', { query: { hallId: hallId!, active: true, pageSize: 100 } }),
    enabled: !!hallId,
  });

  const printHall = async () => {
    setPrinting(true);
    try {
      printPdf(await fetchFile(`/halls/${hallId}/posters.pdf`));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setPrinting(false);
    }
  };
  const download = async (w: Window, file: 'qrcode.png' | 'poster.png') => {
    try {
      saveBlob(await fetchFile(`/windows/${w.id}/${file}`), `${w.number}号窗口-${file === 'poster.png' ? '海报' : '二维码'}.png`);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>二维码与海报</Typography.Title>
        <Space wrap>
          <RemoteSelect of="halls" aria-label="选择大厅" placeholder="选择大厅" value={hallId} onChange={(v) => setHallId(v as string | null)} style={{ width: 280 }} />
          <Button type="primary" icon={<PrinterOutlined />} disabled={!hallId} loading={printing} onClick={() => void printHall()} className="print-hall">
            打印本大厅海报
          </Button>
        </Space>
      </div>
      <Typography.Paragraph className="muted">
        每个窗口一张 A4 海报，群众扫码即可评价。“打印本大厅海报”生成您有权打印的全部窗口海报（每页一个窗口）。更换二维码后旧海报即失效，请重新打印张贴。
      </Typography.Paragraph>
      {windows.isError && <Alert type="error" showIcon title={errorText(windows.error)} />}
      {hallId ? (
        <Card>
          <Table<Window>
            rowKey="id"
            className="poster-table"
            loading={windows.isPending}
            dataSource={windows.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: '该大厅没有您可打印的窗口' }}
            columns={[
              { title: '窗口号', dataIndex: 'number', width: 90 },
              { title: '窗口名称', dataIndex: 'name' },
              {
                title: '操作',
                key: 'actions',
                width: 300,
                render: (_: unknown, w) => (
                  <Space>
                    <Button size="small" onClick={() => setPreview(w)}>
                      预览海报
                    </Button>
                    <Button size="small" onClick={() => void download(w, 'poster.png')}>
                      下载海报
                    </Button>
                    <Button size="small" onClick={() => void download(w, 'qrcode.png')}>
                      下载二维码
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ) : (
        <Alert type="info" showIcon title="请先选择大厅" />
      )}
      {preview && <PosterPreview w={preview} onClose={() => setPreview(null)} />}
    </>
  );
}

function PosterPreview({ w, onClose }: { w: Window; onClose: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    fetchFile(`/windows/${w.id}/poster.png`)
      .then((blob) => setUrl((made = URL.createObjectURL(blob))))
      .catch((e: unknown) => setError(errorText(e)));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [w.id]);
  return (
    <Modal open title={`${w.number}号窗口 ${w.name} · 海报`} footer={null} onCancel={onClose} width={520}>
      {error && <Alert type="error" showIcon title={error} />}
      {url && <Image src={url} alt={`${w.number}号窗口 ${w.name} 的评价二维码海报`} preview={false} />}
    </Modal>
  );
}
