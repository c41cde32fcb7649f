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
  };
}
