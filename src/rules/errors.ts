/**
 * The shared catalogue of API error codes: default HTTP status and the Simplified Chinese message a worker reads
 * (what happened + what to do). Codes are stable; messages may be reworded. The rule modules' codes are here
 * too (422), so a server can pass a rule failure through unchanged.
 */

interface ErrorEntry {
  status: number;
  message: string;
}

/** The national trade-union service hotline (职工服务热线). */
export const UNION_HOTLINE = '12351';

const CHECK_INPUT = 422;

export const ERRORS = {
  // --- Session and generic ---
  UNAUTHENTICATED: { status: 401, message: '登录已过期，请退出小程序后重新进入。' },
  VALIDATION_FAILED: { status: 400, message: '提交的信息有误，请检查后重新提交。' },
  // A body the HTTP layer refuses before any route runs (malformed JSON, too large, wrong content type).
  BAD_REQUEST: { status: 400, message: '请求有误，请返回上一页后重试。' },
  WECHAT_LOGIN_FAILED: { status: 400, message: '微信登录没有成功，请检查网络后退出小程序重新进入。' },
  DEVICE_LOGIN_DISABLED: { status: 403, message: '请在微信中打开“驿站通”小程序使用。' },
  NOT_FOUND: { status: 404, message: '没有找到相关内容，可能已被删除，请返回上一页刷新后再试。' },
  // 404 for GET /me; POST /doors/unlock answers 403 with this code, callers override the status.
  NOT_REGISTERED: { status: 404, message: '您还没有登记身份信息，请先完成登记。' },
  ALREADY_REGISTERED: { status: 409, message: '您已经登记过了，无需重复登记。' },
  ID_NUMBER_TAKEN: {
    status: 409,
    message: `该身份证号已被其他账号登记，如有疑问请联系市总工会服务热线 ${UNION_HOTLINE}。`,
  },
  CONSENT_REQUIRED: { status: 422, message: '请先阅读并勾选同意《驿站通隐私政策》，并单独同意提供身份证号，才能登记。' },
  // The app consented to an older notice than the one in force (PIPL art. 14: a change needs fresh consent).
  CONSENT_OUTDATED: { status: 422, message: '隐私政策已更新，请重新阅读并同意新版本后再提交。' },
  // The request arrived too slowly (REQUEST_TIMEOUT_S / HEADERS_TIMEOUT_S): a weak signal, or a client holding
  // connections on purpose.
  REQUEST_TIMEOUT: { status: 408, message: '网络太慢，请求没有及时送到，请检查网络后重试。' },
  RATE_LIMITED: { status: 429, message: '操作太频繁了，请稍等一分钟再试。' },
  INTERNAL: { status: 500, message: '系统出了点问题，请稍后再试。如果一直不行，请联系驿站工作人员。' },

  // --- Registration fields (umbrella codes) ---
  ID_NUMBER_INVALID: { status: CHECK_INPUT, message: '身份证号不正确，请对照身份证重新填写。' },
  PHONE_INVALID: { status: CHECK_INPUT, message: '手机号不正确，请填写11位手机号。' },
  NAME_INVALID: { status: CHECK_INPUT, message: '姓名不正确，请按身份证上的姓名填写。' },
  OCCUPATION_INVALID: { status: CHECK_INPUT, message: '请从列表中选择您的职业。' },

  // --- Rule codes (src/rules/*) ---
  ID_NUMBER_EMPTY: { status: CHECK_INPUT, message: '请填写身份证号码（18位）。' },
  ID_NUMBER_CHARACTERS: { status: CHECK_INPUT, message: '身份证号只能是数字，最后一位可以是字母X，请去掉其他字母或符号。' },
  ID_NUMBER_LENGTH: { status: CHECK_INPUT, message: '身份证号应为18位，请检查是否少输或多输了。' },
  ID_NUMBER_FIRST_GENERATION: {
    status: CHECK_INPUT,
    message: '这是15位的老身份证号，已经停用。请填写第二代身份证上的18位号码。',
  },
  ID_NUMBER_REGION: { status: CHECK_INPUT, message: '身份证号前两位不对，请对照身份证重新填写。' },
  // The 2017 foreigner's permanent residence card (3 letters + 12 digits); the 2023 card's number is accepted.
  ID_NUMBER_OLD_FOREIGN_CARD: {
    status: CHECK_INPUT,
    message: `2017年版外国人永久居留身份证号暂时不能在线登记，请填写新版永居证上以9开头的18位号码，或拨打职工服务热线 ${UNION_HOTLINE}。`,
  },
  ID_NUMBER_BIRTH_DATE: { status: CHECK_INPUT, message: '身份证号第7到14位的出生日期不对，请对照身份证核对出生年月日。' },
  ID_NUMBER_AGE: { status: CHECK_INPUT, message: '按身份证上的出生日期，年龄不在16到100岁之间，请核对出生年月日。' },
  ID_NUMBER_CHECKSUM: { status: CHECK_INPUT, message: '身份证号校验不通过，可能有一位数字输错了，请对照身份证逐位核对。' },
  NAME_EMPTY: { status: CHECK_INPUT, message: '请填写姓名，和身份证上的一致。' },
  NAME_LENGTH: { status: CHECK_INPUT, message: '姓名长度应为2到30个字，请按身份证上的姓名填写。' },
  DOOR_CODE_EMPTY: { status: CHECK_INPUT, message: '没有读到二维码内容，请对准门上的驿站码重新扫描。' },
  DOOR_CODE_FOREIGN: { status: CHECK_INPUT, message: '这不是驿站门上的二维码，请扫描门上贴的驿站码。' },
  DOOR_CODE_MALFORMED: { status: CHECK_INPUT, message: '二维码不完整或已损坏，请重新扫描，或输入门上印的编号。' },

  // --- Doors ---
  DOOR_CODE_INVALID: { status: CHECK_INPUT, message: '这个驿站码无效，请扫描门上贴的驿站码，或联系驿站工作人员。' },
  DOOR_CODE_EXPIRED: { status: 410, message: '屏幕上的二维码已更新，请重新扫描屏幕上最新的二维码。' },
  PASS_REPLAYED: { status: 409, message: '这个通行码已经用过了，请在小程序里刷新通行码后再试。' },
  PASS_EXPIRED: { status: 410, message: '通行码已过期，请在小程序里刷新通行码后再试。' },
  TOO_FAR: { status: 403, message: '您离驿站太远了，请走到驿站门口再扫码开门。' },
  // A printed code at an unattended door without proof the worker is there (issue 14); the server names the ways in.
  PRESENCE_REQUIRED: { status: 403, message: '要先确认您就在驿站门口才能开门，请允许这次开门用一次位置，或拨打驿站值班电话。' },
  PASS_RETIRED: { status: 410, message: '这个通行码已换成新的了，请出示小程序里最新的通行码再扫。' },
  DOOR_NOT_RESPONDING: {
    status: 504,
    message: '门锁暂时没有响应，请稍后再扫一次。如果着急，请按门边的紧急呼叫按钮。',
  },
  // Door devices (controller, screen, reader); read by installers, so the message says what to check.
  DEVICE_KEY_INVALID: { status: 401, message: '门禁设备密钥不对，请用 npm run door:keys 查到这扇门的密钥后重新配置设备。' },
  // More long polls parked on one door's key than one controller needs (features/doors, MAX_PARKED_POLLS).
  GRANT_POLLS_LIMIT: {
    status: 429,
    message: '这扇门等待开门指令的连接太多了，请检查是否有多台控制器用了同一个设备密钥，稍后再试。',
  },
  // The station is closed for a while (暂停开放, set by its keeper or the union); the message names the reason.
  STATION_SUSPENDED: { status: 403, message: '驿站暂停开放，现在不能开门。请到附近其他驿站休息。' },
  GRANT_EXPIRED: { status: 410, message: '这次开门授权已过期，门不要再开；请让职工重新扫码。' },
  // Hardware a door does not have (doors.has_reader / has_screen): a misconfigured device, or a code not made for this door.
  DOOR_LACKS_READER: { status: 409, message: '这扇门没有登记读码器，不能在这里读通行码，请核对设备配置的门号。' },
  DOOR_LACKS_SCREEN: { status: 409, message: '这扇门没有登记屏幕，不能在这里取屏幕码，请核对设备配置的门号。' },

  // --- Staff (read by union staff, station keepers and clinic staff) ---
  // One answer for a record out of the caller's scope, a role too low, no role at all or a suspended one: it says
  // nothing about the record (issue 13).
  STAFF_FORBIDDEN: { status: 403, message: '您没有这项工作人员权限，或这条记录不在您负责的范围内。如有疑问请联系上级工会。' },
  INVITATION_INVALID: { status: 404, message: '邀请码不对，请核对后重新输入，或请邀请人重新发一个。' },
  INVITATION_EXPIRED: { status: 410, message: '邀请码已过期（72小时内有效），请邀请人重新发一个。' },
  INVITATION_USED: { status: 409, message: '这个邀请码已经用过了，每个邀请码只能用一次。请邀请人重新发一个。' },
  ALREADY_STAFF: { status: 409, message: '您已经担任这个职务了，不需要再用邀请码。' },
  PHOTO_INVALID: { status: 400, message: '照片无法使用：请拍摄或选择 2MB 以内的 JPG、PNG 或 WebP 照片后重新提交。' },
  REPORT_RESOLVED: { status: 409, message: '这条报修已经处理完毕，不能再更改。' },
  ALARM_RESOLVED: { status: 409, message: '这条求助已经处理完毕，不能再更改。' },
  ALARM_WITHDRAWN: { status: 409, message: '工友已取消这条求助，不用再处理。' },
  ALERT_WITHDRAW_CLOSED: { status: 409, message: '这条求助已经不能取消了。如已没事，请打电话告诉驿站值班人员。' },
  // The desk console's sign-in QR (issue 15), read by the staff member confirming it in the app.
  CONSOLE_LOGIN_EXPIRED: { status: 410, message: '电脑上的登录二维码已过期，请在电脑上点“刷新二维码”后重新扫码。' },
  CONSOLE_LOGIN_USED: { status: 409, message: '这个登录二维码已经确认过了。如需再次登录，请在电脑上刷新二维码后重新扫码。' },
  // The approver picked a number that is not the one beside the QR: perhaps the QR came from someone else's computer.
  CONSOLE_CODE_MISMATCH: {
    status: 409,
    message: '您选的数字和电脑上二维码旁的数字不一样，没有登录。如果不是您自己刚在电脑上打开的登录页，请不要确认。',
  },
  CONSOLE_LOGIN_CLOSED: { status: 410, message: '这次登录因为数字选错已作废。如需登录，请在电脑上刷新二维码后重新扫码。' },

  // --- Health-station booking ---
  SLOT_FULL: { status: 409, message: '这个时段已经约满了，请选择其他时段。' },
  ALREADY_BOOKED: {
    status: 409,
    message: '您已经约了这位医生这一场的号，每场只能约一个时段。如要换时间，请先在“我的预约”里取消原来的预约。',
  },
  // One person cannot be at two doctors at once; one of two overlapping bookings would be a certain no-show.
  BOOKING_CLASH: {
    status: 409,
    message: '这个时段和您已有的预约时间重叠，同一时间只能看一位医生。如要改约，请先在“我的预约”里取消原来的预约。',
  },
  BOOKING_LIMIT: { status: 409, message: '您已有的预约数量达到上限，请先就诊或取消一个预约后再约。' },
  BOOKING_NOT_OPEN: { status: 409, message: '这一天还没开放预约，请到开放时间后再来。' },
  BOOKING_CLOSED: { status: 409, message: '这个时段已经停止预约，请选择其他时段。' },
  CANCEL_TOO_LATE: { status: 409, message: '离就诊时间太近，已不能在线取消，请打电话联系健康驿站。' },
  BOOKING_BLOCKED: {
    status: 403,
    message: `您暂时不能在线预约（可能是多次预约未到），如有疑问请联系服务热线 ${UNION_HOTLINE}。`,
  },
  CHECK_IN_WINDOW: { status: 409, message: '现在不在签到时间内，请在预约的时间段到健康驿站签到。' },
  SESSION_CANCELLED: { status: 409, message: '医生这一场已停诊，请选择其他日期或其他医生。' },
  ALREADY_WAITLISTED: { status: 409, message: '您已在这一场的另一个时段候补，每场只能候补一个时段。可在“我的预约”里退出候补后再选。' },
  BOOKING_NOT_CANCELLABLE: { status: 409, message: '这个预约已签到或已过就诊时间，不能取消。' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '这次提交和上一次不一致，请返回重新选择时段后再预约。' },
  CHECK_IN_CODE_INVALID: { status: 404, message: '没有这个签到码，请核对8位数字，或让职工在小程序里重新打开预约二维码。' },
  CHECK_IN_WRONG_STATION: { status: 409, message: '这个预约不是本健康驿站的，请职工到预约的健康驿站签到。' },
  BOOKING_CANCELLED: { status: 409, message: '这个预约已取消，不能签到。请职工重新预约，或按普通门诊挂号。' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;

/** The mainland's emergency numbers: police (匪警) and ambulance (急救). */
export const EMERGENCY_NUMBERS = { police: '110', ambulance: '120' } as const;

/**
 * RATE_LIMITED's message for an emergency alert (紧急求助) the server refused to record: it still says whom to
 * call, since the worker may be in danger. `dutyPhone`: the station's duty phone, when known.
 */
export function alertLimitedMessage(dutyPhone: string | null): string {
  const duty = dutyPhone ? `，或拨打驿站值班电话${dutyPhone}` : '';
  return `求助提交太频繁，这次没有记下。如有危险请立即拨打${EMERGENCY_NUMBERS.police}，急病请拨打${EMERGENCY_NUMBERS.ambulance}${duty}。`;
}

/** Type guard for a code received from the network or a rule. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code);
}
