import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { canSubscribe, requestSubscribe } from '../../platform';
import { cachedClientConfig, loadClientConfig } from '../../services/ratings';
import { acceptedTemplateIds } from '../../services/subscriptions';
import { recordStaffSubscriptions } from '../services/notices';
import { leaveIfSignedOut } from '../services/staff-api';
import './WechatReminders.scss';

/**
 * 接收微信提醒 (in WeChat, when the server names staff templates): WeChat allows one push per accept, so the prompt
 * stays offered; each accept is told to the server, which spends one per reminder. A browser shows nothing: its
 * member of staff reads 消息.
 */
export default function WechatReminders() {
  const [templateIds, setTemplateIds] = useState<string[]>(() => cachedClientConfig().staffSubscribeTemplateIds ?? []);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (canSubscribe()) void loadClientConfig().then((config) => setTemplateIds(config.staffSubscribeTemplateIds ?? []));
  }, []);

  if (!canSubscribe() || templateIds.length === 0) return null;

  const ask = () => {
    if (saving) return;
    // Asked directly in the tap, as WeChat requires.
    void requestSubscribe(templateIds).then(async (decisions) => {
      const accepted = acceptedTemplateIds(decisions);
      if (accepted.length === 0) return;
      setSaving(true);
      try {
        await recordStaffSubscriptions(accepted);
        await Taro.showToast({ title: '已开启微信提醒', icon: 'none', duration: 2000 });
      } catch (error) {
        if (!leaveIfSignedOut(error)) await Taro.showToast({ title: '未能开启提醒，请稍后重试', icon: 'none', duration: 2500 });
      } finally {
        setSaving(false);
      }
    });
  };

  return (
    <View className='wechat-reminders'>
      <Text className='wechat-reminders__text'>新工单、临近期限和超期时，可通过微信服务通知提醒您（每同意一次，可收到一次提醒）。</Text>
      <Button className='wechat-reminders__button' hoverClass='hcp-pressed' disabled={saving || undefined} onClick={ask}>
        接收微信提醒
      </Button>
    </View>
  );
}
