import { Button, Input, Text, View } from '@tarojs/components';
import { phoneInputProps, type PhoneNumberMode } from '../../platform';

export { MOBILE_NUMBER } from '@hcp/contracts';

/** Room for a number typed the way it is written on paper: `139 1234 5678`, `+86 139-1234-5678`. */
const TYPED_PHONE_MAX = 20;

/** Digits only: raters type spaces or dashes the way numbers are written on paper, and sometimes the country code. */
export function normalizePhone(typed: string): string {
  return typed.replace(/[\s-]/g, '').replace(/^(\+|00)86(?=1\d{10}$)/, '');
}

/** The number WeChat gave, as the server holds it: a token for the rating, and what the citizen sees. */
export interface WechatPhone {
  token: string;
  masked: string;
}

/**
 * An optional phone number for the call-back on a 差评, with what it will be used for. In WeChat the number comes
 * from the getPhoneNumber button: its code is handed over at once (`onPhoneCode`), since it is single use and dies
 * after five minutes; in a browser the citizen types it.
 */
export default function ContactField(props: {
  mode: PhoneNumberMode;
  phone: string;
  onPhone: (phone: string) => void;
  error: string | null;
  wechatPhone: WechatPhone | null;
  /** The code is being exchanged for the number. */
  exchanging: boolean;
  onPhoneCode: (code: string) => void;
  onClearWechatPhone: () => void;
}) {
  return (
    <View className='contact'>
      <Text className='contact__consent'>
        留下手机号，工作人员将按规定时限回访核实。号码仅用于本次回访，不会用于其他用途。
      </Text>
      {props.mode === 'typed' ? (
        <View className='contact__typed'>
          <Input
            className={props.error ? 'contact__input contact__input--error' : 'contact__input'}
            {...phoneInputProps()}
            maxlength={TYPED_PHONE_MAX}
            value={props.phone}
            placeholder='请输入11位手机号码'
            placeholderClass='contact__placeholder'
            onInput={(event) => props.onPhone(event.detail.value)}
          />
          <ContactError text={props.error} />
        </View>
      ) : props.wechatPhone ? (
        <View className='contact__granted'>
          <Text className='contact__granted-text'>已获取手机号 {props.wechatPhone.masked}，提交后用于回访</Text>
          <Text className='contact__clear' onClick={props.onClearWechatPhone}>
            不留手机号
          </Text>
        </View>
      ) : (
        <View className='contact__typed'>
          {/* WeChat's own button (only WeChat gives a number): it stays the real Button, not AccessibleButton. */}
          <Button
            className='contact__wechat'
            openType='getPhoneNumber'
            hoverClass='hcp-pressed'
            disabled={props.exchanging || undefined}
            onGetPhoneNumber={(event) => {
              // Refusing the prompt gives no code: the rating simply goes without a number.
              const code = (event.detail as { code?: string }).code;
              if (code) props.onPhoneCode(code);
            }}
          >
            {props.exchanging ? '正在获取手机号…' : '使用微信绑定的手机号'}
          </Button>
          <ContactError text={props.error} />
        </View>
      )}
    </View>
  );
}

/** The field's one message, read out when it appears. */
function ContactError({ text }: { text: string | null }) {
  return text ? (
    <View className='contact__error' ariaRole='alert'>
      <Text>{text}</Text>
    </View>
  ) : null;
}
