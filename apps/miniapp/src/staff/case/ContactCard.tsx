import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import Taro from '@tarojs/taro';
import { ApiError } from '../../services/request';
import { revealContact } from '../services/cases';
import { leaveIfSignedOut } from '../services/staff-api';

/**
 * The rater's call-back number: masked, 查看号码 reveals it (audited on the server, handling unit only), then a tap
 * calls it (WeChat's makePhoneCall; Taro's H5 version opens a `tel:` link). The whole number lives only in this view.
 * `canReveal`: the member of staff handles cases in the case's unit (the server refuses anyone else, supervisors too).
 */
export default function ContactCard({ caseId, masked, canReveal }: { caseId: string; masked: string | null; canReveal: boolean }) {
  const [phone, setPhone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setPhone(null);
    setProblem(null);
  }, [caseId]);

  if (!masked) {
    return (
      <View className='contact-card'>
        <Text className='contact-card__label'>联系电话</Text>
        <Text className='contact-card__none'>群众未留联系电话，无需电话回访；请核实后直接答复。</Text>
      </View>
    );
  }

  const reveal = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setPhone((await revealContact(caseId)).phone);
    } catch (error) {
      if (!leaveIfSignedOut(error)) setProblem(error instanceof ApiError ? error.message : '号码获取失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='contact-card'>
      <Text className='contact-card__label'>联系电话</Text>
      <View className='contact-card__row'>
        <Text className='contact-card__number' userSelect>
          {phone ?? masked}
        </Text>
        {!canReveal ? null : phone ? (
          <AccessibleButton className='contact-card__call' hoverClass='hcp-pressed' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
            拨打电话
          </AccessibleButton>
        ) : (
          <AccessibleButton className='contact-card__reveal' hoverClass='hcp-pressed' disabled={busy || undefined} onClick={() => void reveal()}>
            {busy ? '正在获取…' : '查看号码'}
          </AccessibleButton>
        )}
      </View>
      {problem ? (
        <Text className='contact-card__problem'>{problem}</Text>
      ) : (
        <Text className='contact-card__hint'>{canReveal ? '查看完整号码会留下记录，仅用于本次回访。' : '完整号码仅承办单位的处理人员可以查看。'}</Text>
      )}
    </View>
  );
}
