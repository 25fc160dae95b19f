import { Button, Input, Picker, Switch, View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { useRegistrationStore, type Field } from '../../../../stores/registration';
import { freshPendingDoorCode, useSessionStore } from '../../../../stores/session';
import { OCCUPATIONS } from '../../../../rules/occupation';
import { ROUTES } from '../../../../platform/routes';
import { UNION_HOTLINE } from '../../../../platform/config';
import PrivacyPrompt from '../../../../components/PrivacyPrompt';
import { useLocationConsent } from '../../../../stores/locationConsent';
import { openPage } from '../../../../platform/openPage';
import { PHONE_INPUT_TYPE } from '../../../../platform/phoneInput';
import { ID_INPUT_NATIVE_PROPS, ID_X_KEY } from '../../../../platform/idInput';
import { birthDateInWords, groupIdNumber } from '../../../../rules/idNumber';
import { PALETTE } from '../../../../theme/palette';
import { usePageClass } from '../../../../components/usePageClass';

/**
 * The line under a field, room kept even when empty: an error appearing on blur must not push the next field
 * down under a thumb already on its way to it (the tap would land on the gap and be lost). `hint` shows when
 * there is no error.
 */
function FieldError({ f, hint }: { f: Field; hint?: string | null }) {
  const msg = useRegistrationStore((s) => s.errors[f]);
  return (
    <View className='field-error-slot'>
      {msg ? (
        <View className='field-error' role='alert' data-testid={`error-${f}`}>
          {msg}
        </View>
      ) : hint ? (
        <Text className='field-error' data-testid={`hint-${f}`}>
          {hint}
        </Text>
      ) : null}
    </View>
  );
}

/**
 * Where a registered worker goes next: the door they scanned (no second scan); back to the page that sent them
 * (`back=1`: a slot they were booking); otherwise "me".
 */
function leave(back: boolean): void {
  const session = useSessionStore.getState();
  const pending = freshPendingDoorCode(session, Date.now());
  if (pending) return void Taro.redirectTo({ url: ROUTES.unlock(pending) });
  if (session.pendingDoorCode) {
    // Scanned too long ago to open now (the worker may have walked away): say how to get in instead.
    session.setPendingDoorCode(null);
    void Taro.showToast({ title: '登记完成。开门请到门口再扫一次码', icon: 'none', duration: 3000 });
  }
  if (back && Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: ROUTES.me });
}

/** Fields top to bottom, for scrolling to the first one that needs fixing. */
const FIELD_ORDER: Field[] = ['name', 'idNumber', 'phone', 'occupation', 'consent'];

/** First-time registration: name, identity number, mobile, occupation, with the two separate consents. */
export default function RegisterPage() {
  const pageClass = usePageClass();
  const { draft, errors, idHint, idTaken, submitting, formError, load, update, validateField, submit } = useRegistrationStore();
  const back = useRouter().params.back === '1';
  useEffect(() => {
    load();
    useLocationConsent.getState().load();
    void (async () => {
      const session = useSessionStore.getState();
      if (!session.hydrated) await session.hydrate();
      // Registered already (e.g. the app closed right after submitting): go on instead of showing the form.
      if (useSessionStore.getState().worker) leave(back);
    })();
  }, [load, back]);

  // Optional and separate (PIPL art. 29): precise location is asked here too, since a worker who arrives from a
  // door's QR code never sees the nearby page's question before the door is checked.
  const consentGiven = useLocationConsent((s) => s.decision === 'granted');
  const [locationOptIn, setLocationOptIn] = useState(false);
  const onSubmit = async () => {
    if (!(await submit())) {
      // The message may be off screen above the button: bring the first field that needs fixing into view.
      const errs = useRegistrationStore.getState().errors;
      const first = FIELD_ORDER.find((f) => errs[f]);
      if (first) void Taro.pageScrollTo({ selector: `#reg-${first}`, duration: 200 }).catch(() => undefined);
      return;
    }
    if (locationOptIn) useLocationConsent.getState().grant();
    leave(back);
  };
  const occIndex = OCCUPATIONS.findIndex((o) => o.code === draft.occupation);
  const inputClass = (f: Field) => `input ${errors[f] ? 'input-error' : ''}`;

  return (
    <View className={pageClass}>
      <PrivacyPrompt />
      <View className='banner banner-info'>登记一次（约1分钟），以后扫码即可进入无人值守驿站。信息加密保存，仅用于进站核验。</View>
      <View className='field' id='reg-name'>
        <Text className='label'>姓名</Text>
        <Input
          className={inputClass('name')}
          name='name'
          value={draft.name}
          placeholder='与身份证一致'
          maxlength={40}
          onInput={(e) => update({ name: e.detail.value })}
          onBlur={() => validateField('name')}
        />
        <FieldError f='name' />
      </View>
      <View className='field' id='reg-idNumber'>
        <Text className='label'>身份证号</Text>
        {/* Shown in groups as typed (6-8-4), the birth date read back in words: a slipped digit shows. */}
        <Input
          className={`${inputClass('idNumber')} input-id`}
          name='idNumber'
          type='idcard'
          value={groupIdNumber(draft.idNumber)}
          placeholder='18位身份证号'
          maxlength={40}
          nativeProps={ID_INPUT_NATIVE_PROPS}
          onInput={(e) => update({ idNumber: e.detail.value })}
          onBlur={() => validateField('idNumber')}
        />
        <View className='id-row'>
          <View className='id-echo' data-testid='id-echo'>
            {draft.idNumber.trim() !== '' && (
              <View className='id-echo-groups' data-testid='id-groups'>
                {groupIdNumber(draft.idNumber)}
              </View>
            )}
            {birthDateInWords(draft.idNumber) && <View data-testid='id-birth'>出生日期 {birthDateInWords(draft.idNumber)}</View>}
          </View>
          {ID_X_KEY && (
            <Button
              className='btn btn-secondary id-x'
              data-testid='id-x'
              aria-label='输入字母X'
              onClick={() => update({ idNumber: `${groupIdNumber(draft.idNumber)}X` })}
            >
              X
            </Button>
          )}
        </View>
        <FieldError f='idNumber' hint={idHint} />
        {idTaken && (
          <Button
            className='btn btn-secondary'
            onClick={() => void Taro.makePhoneCall({ phoneNumber: UNION_HOTLINE })}
            data-testid='call-hotline'
          >
            拨打工会服务热线 {UNION_HOTLINE}
          </Button>
        )}
      </View>
      <View className='field' id='reg-phone'>
        <Text className='label'>手机号</Text>
        <Input
          className={inputClass('phone')}
          name='phone'
          type={PHONE_INPUT_TYPE}
          value={draft.phone}
          placeholder='11位手机号'
          maxlength={30}
          onInput={(e) => update({ phone: e.detail.value })}
          onBlur={() => validateField('phone')}
        />
        <FieldError f='phone' />
      </View>
      <View className='field' id='reg-occupation'>
        <Text className='label'>职业</Text>
        <Picker
          mode='selector'
          range={OCCUPATIONS.map((o) => o.label)}
          value={Math.max(0, occIndex)}
          onChange={(e) => update({ occupation: OCCUPATIONS[Number(e.detail.value)].code })}
        >
          <View className={inputClass('occupation')} style={{ display: 'flex', alignItems: 'center' }} data-testid='occupation-picker'>
            {occIndex >= 0 ? OCCUPATIONS[occIndex].label : '请选择职业'}
          </View>
        </Picker>
        <View className='wrap' style={{ marginTop: '8px' }}>
          {OCCUPATIONS.map((o) => (
            <View
              key={o.code}
              className={`chip ${draft.occupation === o.code ? 'chip-on' : ''}`}
              onClick={() => update({ occupation: o.code })}
            >
              {o.label}
            </View>
          ))}
        </View>
        <FieldError f='occupation' />
      </View>
      <View className='card' id='reg-consent'>
        {/* Each whole row toggles its switch (a tap on the switch itself stays its own). The notice has a row of its own. */}
        <View className='link-row' role='link' data-testid='privacy-link' onClick={() => openPage(ROUTES.privacy)}>
          阅读《驿站通隐私政策》
        </View>
        <View className='checkbox-row' onClick={() => update({ consentPrivacy: !draft.consentPrivacy })}>
          <Switch
            checked={draft.consentPrivacy}
            color={PALETTE.brand}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => update({ consentPrivacy: e.detail.value })}
            data-testid='consent-privacy'
          />
          <Text>我已阅读并同意《驿站通隐私政策》</Text>
        </View>
        <View className='checkbox-row' onClick={() => update({ consentSensitive: !draft.consentSensitive })}>
          <Switch
            checked={draft.consentSensitive}
            color={PALETTE.brand}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => update({ consentSensitive: e.detail.value })}
            data-testid='consent-sensitive'
          />
          <Text>我单独同意提供身份证号（敏感个人信息），仅用于核验身份、防止冒用，加密保存</Text>
        </View>
        <FieldError f='consent' />
        {!consentGiven && (
          <View className='checkbox-row' onClick={() => setLocationOptIn(!locationOptIn)}>
            <Switch
              checked={locationOptIn}
              color={PALETTE.brand}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => setLocationOptIn(e.detail.value)}
              data-testid='consent-location'
            />
            <Text>（可选）同意使用我的位置：查找身边的驿站、开门时核验您在门口。不同意也能登记和开门。</Text>
          </View>
        )}
      </View>
      {formError && (
        <View className='banner banner-error' role='alert' data-testid='form-error'>
          {formError} 您填写的内容已保存，可以直接再点提交。
        </View>
      )}
      {/* No `loading`: on h5, <taro-button-core> inserts its spinner before the label React is
          changing in the same render and throws (insertBefore NotFoundError); the label says it. */}
      <Button className='btn btn-primary' disabled={submitting} onClick={onSubmit} data-testid='register-submit'>
        {submitting ? '正在提交…' : '提交登记'}
      </Button>
    </View>
  );
}
