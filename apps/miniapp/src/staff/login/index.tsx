import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import PageShell from '../../components/PageShell';
import { ApiError } from '../../services/request';
import { hasStaffSession, STAFF_HOME_URL } from '../../services/staff-session';
import StaffBar from '../components/StaffBar';
import { staffLogin } from '../services/staff-api';
import './index.scss';

/** 工作人员登录: staff number and password (WeChat binding may come later). */
export default function StaffLoginPage() {
  const { params } = useRouter();
  const [staffNumber, setStaffNumber] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(params?.expired ? '登录已过期，请重新登录' : null);
  const [busy, setBusy] = useState(false);

  // Signed in already (a second tap on the home page's entry): straight to the cases.
  useDidShow(() => {
    if (hasStaffSession()) void Taro.redirectTo({ url: STAFF_HOME_URL });
  });

  const submit = async () => {
    if (busy) return;
    const number = staffNumber.trim();
    if (number === '') {
      setError('请输入工号');
      return;
    }
    if (password === '') {
      setError('请输入密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await staffLogin(number, password);
      await Taro.reLaunch({ url: STAFF_HOME_URL });
    } catch (failure) {
      setPassword('');
      setError(failure instanceof ApiError ? failure.message : '登录未成功，请稍后再试');
      setBusy(false);
    }
  };

  return (
    <PageShell large={false}>
      <View className='staff-login'>
        <StaffBar title='工作人员登录' back={{ label: '返回首页', onBack: () => void Taro.reLaunch({ url: '/pages/index/index' }) }} />
        <Text className='staff-login__lead'>差评工单处理 · 请使用单位分配的工号登录</Text>

        <Text className='staff-login__label'>工号</Text>
        <Input
          className='staff-login__input staff-login__number'
          value={staffNumber}
          maxlength={32}
          placeholder='请输入工号'
          placeholderClass='staff-login__placeholder'
          onInput={(event) => setStaffNumber(event.detail.value)}
        />
        <Text className='staff-login__label'>密码</Text>
        <Input
          className='staff-login__input staff-login__password'
          password
          value={password}
          maxlength={128}
          placeholder='请输入密码'
          placeholderClass='staff-login__placeholder'
          onInput={(event) => setPassword(event.detail.value)}
          onConfirm={() => void submit()}
        />

        {error ? (
          <View className='staff-login__error' ariaRole='alert'>
            <Text>{error}</Text>
          </View>
        ) : null}
        <AccessibleButton className='staff-login__submit' hoverClass='hcp-pressed' disabled={busy || undefined} onClick={() => void submit()}>
          {busy ? '正在登录…' : '登录'}
        </AccessibleButton>
        <Text className='staff-login__hint'>忘记密码请联系单位管理员重置。</Text>
      </View>
    </PageShell>
  );
}
