import { isSimulated } from '../inbox/message-view.js';
import type { WechatApi } from '../wechat/outbound.js';

/**
 * The simulator's citizens are not WeChat users: whatever a feature sends them
 * (customer-service or template messages) is dropped here, so the simulator never
 * calls WeChat, whichever feature answers.
 */
export function withoutSimulatedCitizens(api: WechatApi): WechatApi {
  return {
    sendCustom: (openId, reply) => (isSimulated(openId) ? Promise.resolve() : api.sendCustom(openId, reply)),
    sendTemplate: (message) => (isSimulated(message.openId) ? Promise.resolve('simulated') : api.sendTemplate(message)),
    createMenu: (menu) => api.createMenu(menu),
    getMenu: () => api.getMenu(),
    getMedia: (mediaId) => api.getMedia(mediaId),
    // Reach calls address followers, tags and material, never one simulated citizen.
    massSendAll: (audience, message, clientMsgId) => api.massSendAll(audience, message, clientMsgId),
    massPreview: (to, message) => (to.touser && isSimulated(to.touser) ? Promise.resolve() : api.massPreview(to, message)),
    massStatus: (msgId) => api.massStatus(msgId),
    listFollowers: (nextOpenId) => api.listFollowers(nextOpenId),
    listTags: () => api.listTags(),
    createTag: (name) => api.createTag(name),
    renameTag: (id, name) => api.renameTag(id, name),
    deleteTag: (id) => api.deleteTag(id),
    tagMembers: (tagId, openIds, untag) => api.tagMembers(tagId, openIds, untag),
    createQrcode: (request) => api.createQrcode(request),
    addMaterial: (kind, file, video) => api.addMaterial(kind, file, video),
    deleteMaterial: (mediaId) => api.deleteMaterial(mediaId),
    addDraft: (articles) => api.addDraft(articles),
  };
}
