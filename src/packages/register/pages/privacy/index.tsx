import { View, Text } from '@tarojs/components';
import { PRIVACY_POLICY_VERSION } from '../../../../rules/privacy';
import { UNION_HOTLINE } from '../../../../platform/config';

const SECTIONS: [string, string][] = [
  ['我们收集什么', '姓名、居民身份证号、手机号、职业；开门时的驿站、时间和（如您允许）位置；健康驿站的预约记录。'],
  ['为什么收集', '身份证号用于核验是户外劳动者本人、防止冒用；手机号用于预约提醒和紧急联系；位置用于查找附近驿站、核验您在驿站门口。'],
  ['身份证号（敏感个人信息）', '需要您单独同意。加密保存，任何页面和接口只显示部分号码，日志中不记录。'],
  ['位置（敏感个人信息）', '只在查找附近驿站和开门时使用，不在后台持续获取，不保存行动轨迹。'],
  ['保存多久', '账号存续期间保存；注销后立即删除个人信息，开门和预约记录只保留不含个人身份的统计数。'],
  ['谁能看到', '太原市总工会驿站管理人员仅能看到统计数据；不向任何第三方提供。'],
  ['您的权利', '在“我的”中查看、导出、更正您的信息，撤回同意并注销账号。'],
  ['联系我们', `太原市总工会职工服务热线 ${UNION_HOTLINE}。`],
];

/** The privacy notice, reachable from the registration form and from "me". */
export default function PrivacyPage() {
  return (
    <View className='page'>
      <View className='title'>驿站通隐私政策</View>
      <Text className='muted'>版本 {PRIVACY_POLICY_VERSION}</Text>
      {SECTIONS.map(([h, body]) => (
        <View key={h} className='card'>
          <View className='label'>{h}</View>
          <View>{body}</View>
        </View>
      ))}
    </View>
  );
}
