import { Text, View } from '@tarojs/components';
import type { ScanResult } from '@hcp/contracts';
import { windowTitle } from '../../services/format';

/** Which window is being rated: the citizen checks it is the one in front of them. */
export default function WindowCard({ scan }: { scan: ScanResult }) {
  return (
    <View className='window-card'>
      <Text className='window-card__hall'>{scan.hall.name}</Text>
      <Text className='window-card__title'>{windowTitle(scan.window)}</Text>
      <Text className='window-card__unit'>{scan.unit.name}</Text>
      {scan.staffOnDuty ? (
        <View className='window-card__staff'>
          <Text className='window-card__staff-label'>当前窗口工作人员</Text>
          <Text className='window-card__staff-name'>
            {scan.staffOnDuty.name}（工号 {scan.staffOnDuty.staffNumber}）
          </Text>
        </View>
      ) : null}
    </View>
  );
}
