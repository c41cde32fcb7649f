/** One official account served by this deployment, at /wechat/:id (the default at /wechat). */
export interface Account {
  id: string;
  name: string;
  appId: string;
  appSecret: string;
  /** Webhook token from the MP console (服务器配置 → Token). */
  token: string;
  /** 43 characters; set when the account uses safe or compatible mode. */
  encodingAesKey?: string;
  /**
   * plaintext: bodies as sent; compat: plaintext and encrypted bodies (for switching over);
   * safe: encrypted bodies only. The 3-parameter signature covers token, timestamp and nonce
   * but not the body, so only msg_signature (encrypted bodies) authenticates the message.
   * Absent: defaultMessageMode(encodingAesKey).
   */
  messageMode?: MessageMode;
}

export type MessageMode = 'plaintext' | 'compat' | 'safe';

/** Safe when the account has an AES key, plaintext otherwise (the MP console's own default order). */
export const defaultMessageMode = (encodingAesKey: string | undefined): MessageMode => (encodingAesKey ? 'safe' : 'plaintext');

export const DEFAULT_ACCOUNT_ID = 'default';
