import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { canSubscribe, requestSubscribe } from '../../platform';
import { cachedClientConfig, loadClientConfig, noticeTemplateIds, type ClientConfig } from '../../services/ratings';
import { acceptedTemplateIds, recordCitizenSubscriptions } from '../../services/subscriptions';

/**
 * After a 差评: how the citizen will hear about the case. In WeChat, a tap that asks for the case notices again
 * (if the prompt in the submit tap was declined or skipped); in a browser, where to look instead.
 */
export default function NoticePrompt({ accepted, onAccepted }: { accepted: boolean; onAccepted: () => void }) {
  const [config, setConfig] = useState<ClientConfig>(cachedClientConfig);

  useEffect(() => {
    if (canSubscribe()) void loadClientConfig().then(setConfig);
  }, []);

  // WeChat notices are promised only where they can come: in WeChat, with the server sending case notices through
  // the templates the citizen is asked about (`wechatNotices`).
  const templateIds = noticeTemplateIds(config);
  if (!canSubscribe() || templateIds.length === 0) {
    return <Text className='notice__text'>处理进展可随时在“我的评价”和“我的消息”中查看，请记下案件编号。</Text>;
  }
  if (accepted) {
    return <Text className='notice__text'>处理进展将通过微信服务通知告诉您，也可在“我的消息”中查看。</Text>;
  }
  const ask = () => {
    // Asked directly in the tap, as WeChat requires.
    void requestSubscribe(templateIds).then((decisions) => {
      const ids = acceptedTemplateIds(decisions);
      if (ids.length === 0) return;
      void recordCitizenSubscriptions(ids);
      onAccepted();
    });
  };
  return (
    <View className='notice'>
      <Text className='notice__text'>允许微信通知后，回访和整改结果会及时告诉您。</Text>
      <Button className='notice__button' hoverClass='hcp-pressed' onClick={ask}>
        接收处理进展通知
      </Button>
    </View>
  );
}
