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
}

export const DEFAULT_ACCOUNT_ID = 'default';
