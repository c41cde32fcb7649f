import { anyObj, arrOf, int, itemsOf, noContent, obj, str, strOrNull } from '../../lib/responses.js';

const menuNode = obj({ label: str, code: str, title: str, action: str, items: arrOf(anyObj) }, '菜单项：子菜单（items）或动作');

/** A numbered menu (回复数字菜单). */
export const numberedMenuSchema = obj({ code: str, title: str, items: arrOf(menuNode), createdAt: str, updatedAt: str, version: int }, '数字菜单');

export const numberedMenuResponses = {
  created: { 201: numberedMenuSchema },
  one: { 200: numberedMenuSchema },
  list: { 200: itemsOf(numberedMenuSchema) },
  deleted: { 204: noContent },
};

const button = obj({ type: str, name: str, key: str, url: str, media_id: str, article_id: str, appid: str, pagepath: str, sub_button: arrOf(anyObj) });
const wechatMenu = obj({ button: arrOf(button) }, '微信自定义菜单 JSON');
const issue = obj({ field: str, message: str });

/** The stored 自定义菜单 with who saved it and when it was last published. */
export const storedMenuSchema = obj(
  { button: arrOf(button), updatedAt: str, updatedBy: str, publishedAt: strOrNull, publishedBy: strOrNull, unpublishedChanges: { type: 'boolean' } },
  '已保存的自定义菜单',
);

export const customMenuResponses = {
  stored: { 200: storedMenuSchema },
  published: { 200: obj({ published: { type: 'boolean' }, menu: wechatMenu, publishedAt: str }, '已发布到微信的菜单') },
  remote: { 200: obj({ menu: { ...wechatMenu, type: ['object', 'null'] }, conditionalmenu: arrOf(anyObj), issues: arrOf(issue) }, '微信上当前生效的菜单及其问题') },
};
