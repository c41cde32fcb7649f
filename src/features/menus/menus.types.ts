/** One entry of a numbered menu: a label, and either a sub-menu (`items`) or an action URI. */
export interface MenuNode {
  label: string;
  /** Stable id so `menu:<code>` (a custom-menu key, another node's action) can open this node. */
  code?: string;
  /** Title line shown when this node is opened as a sub-menu; defaults to the label. */
  title?: string;
  action?: string;
  items?: MenuNode[];
}

/** What operators send: a whole tree, addressed by its code. */
export interface NumberedMenuInput {
  code: string;
  title: string;
  items: MenuNode[];
}

export interface NumberedMenu extends NumberedMenuInput {
  createdAt: string;
  updatedAt: string;
  /** updatedAt in epoch ms: kept in a citizen's session to notice an edit made meanwhile. */
  version: number;
}

/** A validation problem, naming the field as the admin API does (`items[1].items[0].action`). */
export interface Issue {
  field: string;
  message: string;
}

export class MenuValidationError extends Error {
  constructor(readonly issues: Issue[]) {
    const first = issues[0]!;
    super(issues.length > 1 ? `${first.message}（另有${issues.length - 1}处问题）` : first.message);
  }
  get field(): string {
    return this.issues[0]!.field;
  }
}

/** WeChat's own menu JSON (自定义菜单): https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html */
export interface WechatButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  media_id?: string;
  article_id?: string;
  appid?: string;
  pagepath?: string;
  sub_button?: WechatButton[];
}

export interface WechatMenu {
  button: WechatButton[];
}

export interface StoredCustomMenu extends WechatMenu {
  updatedAt: string;
  updatedBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
  /** True when the stored menu differs from what was last published. */
  unpublishedChanges: boolean;
}
