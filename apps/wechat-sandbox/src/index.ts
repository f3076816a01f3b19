export { DEFAULT_APP, type SandboxApp } from './apps.js';
export { connectWechatSandbox, type WechatSandboxControl } from './client.js';
export { ERRMSG, Errcode, type WxErrorBody } from './errcodes.js';
export { WECHAT_PATHS, type ActiveFault, type FaultSpec, type WechatPath } from './faults.js';
export { isJpeg, readJpegComments } from './jpeg.js';
export { DEFAULT_LOGINS_PER_MINUTE, LOGIN_CODE_TTL_MS, RECENT_VISIT_MS, type IssueLoginCodeOptions, type LoginCodeGrant, type VisitRecord } from './login.js';
export * from './miniprogram.js';
export { PHONE_CODE_TTL_MS, type IssuePhoneCodeOptions, type PhoneCodeGrant } from './phone.js';
export { readPngText } from './png.js';
export type { PromptSubscriptionOptions, RequestRecord, WechatSandboxOptions } from './sandbox.js';
export { DEFAULT_REVIEW_WORDS, DEFAULT_RISKY_WORDS, Label, type ContentWords, type Suggest } from './security.js';
export { startWechatSandbox, type WechatSandbox } from './server.js';
export {
  DEFAULT_REFUSED_PHRASES,
  DEFAULT_TEMPLATES,
  FIELD_RULES,
  MSGID_MODES,
  SANDBOX_NOTICE_TEMPLATES,
  type MsgidMode,
  type NoticeTemplateFill,
  type SentMessage,
  type TemplateDefinition,
  type TemplateFieldType,
  type ValueFieldType,
} from './subscribe.js';
export { DEFAULT_TOKEN_TTL_SECONDS, FORCE_REFRESH_PER_DAY, FORCE_REFRESH_SPACING_MS } from './tokens.js';
export { DEFAULT_PAGES, WXACODE_CONTENT_TYPE, scanWxacode, type EnvVersion, type GeneratedCode } from './wxacode.js';
