/**
 * Formats the server checks and the mini-program checks before sending, written once so that the two agree.
 */

/**
 * A mainland mobile number: 11 digits, 1 then 3–9 (the MIIT numbering plan gives mobile networks 13x–19x), as
 * typed, without +86 or spaces. Used for a rater's call-back number, staff phone numbers and the catalog import.
 */
export const MOBILE_NUMBER = /^1[3-9]\d{9}$/;

/**
 * A window's QR scene as a mini-program code may carry it: at most 32 of the characters WeChat allows in
 * getwxacodeunlimit's `scene` ("最大32个可见字符，只支持数字，大小写英文以及部分特殊字符：!#$&'()*+,/:;=?@-._~").
 * The server issues 12 letters and digits; anything else that fits is still looked up, never trusted.
 */
export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
