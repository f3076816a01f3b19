import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useLocation } from 'react-router';
import { errorText } from '../../api/client';
import { useSession } from '../../auth/session';

/** Sign-in with the staff number (工号) and password the administrator gave. */
export function LoginPage() {
  const { profile, signIn } = useSession();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const back = (location.state as { from?: string } | null)?.from ?? '/';

  if (profile) return <Navigate to={back} replace />;

  const submit = async (values: { staffNumber: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn({ staffNumber: values.staffNumber.trim(), password: values.password });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <Card className="login__card" title={<Typography.Title level={1} className="login__title">好差评监督管理平台</Typography.Title>}>
        <Typography.Paragraph type="secondary">请使用工号和密码登录。忘记密码请联系本单位管理员重置。</Typography.Paragraph>
        {error && <Alert className="login__error" type="error" showIcon title={error} role="alert" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item label="工号" name="staffNumber" rules={[{ required: true, whitespace: true, message: '请输入工号' }]}>
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph className="login__public">
          <Link to="/public">查看好差评公开（无需登录）</Link>
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
