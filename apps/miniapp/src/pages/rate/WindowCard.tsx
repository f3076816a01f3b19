import { Text, View } from '@tarojs/components';
import type { ScanResult } from '@hcp/contracts';
import { windowTitle } from '../../services/format';

/**
 * Which window is being rated: the citizen checks it is the one in front of them. Compact, so that all five levels
 * fit below it on a phone's first screen, in 大字模式 too.
 */
export default function WindowCard({ scan }: { scan: ScanResult }) {
  return (
    <View className='window-card'>
      <Text className='window-card__title'>{windowTitle(scan.window)}</Text>
      <View className='window-card__place'>
        <Text>{scan.hall.name}</Text>
        <Text className='window-card__dot'> · </Text>
        <Text>{scan.unit.name}</Text>
      </View>
      {scan.staffOnDuty ? (
        <Text className='window-card__staff'>
          当前工作人员：{scan.staffOnDuty.name}（工号 {scan.staffOnDuty.staffNumber}）
        </Text>
      ) : null}
    </View>
  );
}
