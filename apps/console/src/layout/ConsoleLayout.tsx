import { Button, Layout, Menu, Space, Spin, Typography, type MenuProps } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  KeyOutlined,
  QrcodeOutlined,
} from '@ant-design/icons';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { STAFF_ROLES, type StaffProfile } from '@hcp/contracts';
import { useSession } from '../auth/session';
import { can } from '../lib/roles';

type Item = Required<MenuProps>['items'][number] & { key: string };

/** The menu a staff member sees: only the pages whose data their role may read (the server decides anyway). */
export function menuFor(p: StaffProfile): Item[] {
  const items: Item[] = [];
  if (can.seeFigures(p)) {
    items.push({ key: '/', icon: <DashboardOutlined />, label: '监督概览' });
    items.push({ key: '/explore', icon: <BarChartOutlined />, label: '逐级查看' });
    items.push({ key: '/report', icon: <FileTextOutlined />, label: '月度报告' });
  }
  if (can.seeCases(p)) items.push({ key: '/cases', icon: <FileProtectOutlined />, label: '工单督办' });
  if (can.reviewFlags(p)) items.push({ key: '/flagged', icon: <AlertOutlined />, label: '异常评价' });
  if (can.seeCatalog(p)) {
    items.push({
      key: 'catalog',
      icon: <ApartmentOutlined />,
      label: '机构与人员',
      children: [
        ...(can.manageCatalog(p) ? [{ key: '/catalog/regions', label: '行政区划' }] : []),
        { key: '/catalog/units', label: '单位' },
        { key: '/catalog/halls', label: '大厅' },
        { key: '/catalog/windows', label: '窗口' },
        { key: '/catalog/service-items', label: '服务事项' },
        { key: '/catalog/staff', label: '工作人员' },
      ],
    });
  }
  if (can.import(p)) items.push({ key: '/import', icon: <CloudUploadOutlined />, label: '批量导入' });
  if (can.posters(p)) items.push({ key: '/posters', icon: <QrcodeOutlined />, label: '二维码与海报' });
  if (can.seeCatalog(p)) items.push({ key: '/calendar', icon: <CalendarOutlined />, label: '工作日历' });
  if (can.seeCaseRules(p)) items.push({ key: '/case-rules', icon: <ClusterOutlined />, label: '工单规则' });
  if (can.seeAudit(p)) items.push({ key: '/audit', icon: <AuditOutlined />, label: '号码查看记录' });
  if (can.manageApiKeys(p)) items.push({ key: '/api-keys', icon: <KeyOutlined />, label: 'API 密钥' });
  return items;
}

/** The figures' period in the address, carried between the two pages that show figures. */
function keepPeriod(search: string): string {
  const current = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const key of ['period', 'date', 'from', 'to']) if (current.get(key)) kept.set(key, current.get(key)!);
  const text = kept.toString();
  return text ? `?${text}` : '';
}

function selectedKey(path: string): string {
  if (path === '/') return '/';
  const parts = path.split('/').filter(Boolean);
  return parts[0] === 'catalog' ? `/catalog/${parts[1] ?? ''}` : `/${parts[0]}`;
}

/** The signed-in frame: the role's menu on the left, who is signed in and 退出登录 at the top. */
export function ConsoleLayout() {
  const { profile, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  if (profile === undefined) {
    return (
      <div className="console-loading">
        <Spin size="large" description="正在加载…" />
      </div>
    );
  }
  if (profile === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;

  const items = menuFor(profile);
  const roles = profile.roles.map((r) => STAFF_ROLES.find((x) => x.role === r)?.label ?? r).join('、');
  return (
    <Layout className="console">
      <Layout.Sider width={200} breakpoint="lg" collapsedWidth={64} className="console__sider" theme="dark">
        <div className="console__brand">好差评监督</div>
        <nav aria-label="主菜单">
          <Menu
            theme="dark"
            mode="inline"
            items={items}
            selectedKeys={[selectedKey(location.pathname)]}
            defaultOpenKeys={['catalog']}
            onClick={({ key }) => navigate(key === '/' || key === '/explore' ? `${key}${keepPeriod(location.search)}` : key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console__header">
          <Typography.Text className="console__who">
            {profile.name}（工号 {profile.staffNumber}）· {roles}
            {profile.unit ? ` · ${profile.unit.name}` : ''}
          </Typography.Text>
          <Space>
            <Link to="/public" target="_blank" rel="noopener">
              好差评公开
            </Link>
            <Button onClick={() => void signOut()}>退出登录</Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="console__content">
          <main>
            {items.length === 0 ? (
              <Typography.Paragraph>您的账号没有可用的管理功能。窗口工作人员请使用手机上的工作人员页面。</Typography.Paragraph>
            ) : (
              <Outlet />
            )}
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
