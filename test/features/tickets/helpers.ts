import { adminHeaders, type TestApp } from '../../helpers/app.js';
import { eventXml, nextMsgId, postWechat, readReply, textXml } from '../../helpers/wechat.js';

const cdata = (v: string) => `<![CDATA[${v}]]>`;
const envelope = (from: string, type: string, inner: string, msgId = nextMsgId()) =>
  `<xml><ToUserName>${cdata('gh_test')}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType>${cdata(type)}</MsgType>${inner}<MsgId>${msgId}</MsgId></xml>`;

export const imageXml = (from: string, mediaId: string, msgId?: string) =>
  envelope(from, 'image', `<PicUrl>${cdata('http://mmbiz.example.invalid/pic')}</PicUrl><MediaId>${cdata(mediaId)}</MediaId>`, msgId);
export const voiceXml = (from: string, mediaId: string, recognition?: string) =>
  envelope(from, 'voice', `<MediaId>${cdata(mediaId)}</MediaId><Format>${cdata('amr')}</Format>${recognition === undefined ? '' : `<Recognition>${cdata(recognition)}</Recognition>`}`);
export const locationXml = (from: string, lat: number, lng: number, label: string) =>
  envelope(from, 'location', `<Location_X>${lat}</Location_X><Location_Y>${lng}</Location_Y><Scale>16</Scale><Label>${cdata(label)}</Label>`);

let clock = Math.floor(Date.now() / 1000);
/** Events of one user de-duplicate on CreateTime: give each its own second. */
export const nextCreateTime = () => ++clock;

/** A citizen talking to the account; each call returns the passive reply's text. */
export function citizen(t: TestApp, openId: string) {
  const post = async (xml: string) => {
    const res = await postWechat(t.app, xml);
    if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
    if (res.body === 'success' || res.body === '') return '';
    return String(readReply(res.body).Content ?? '');
  };
  return {
    openId,
    post,
    say: (text: string, msgId?: string) => post(textXml(text, { from: openId, msgId })),
    voice: (recognition?: string, mediaId = `voice-${nextMsgId()}`) => post(voiceXml(openId, mediaId, recognition)),
    image: (mediaId: string, msgId?: string) => post(imageXml(openId, mediaId, msgId)),
    location: (lat: number, lng: number, label: string) => post(locationXml(openId, lat, lng, label)),
    reportLocation: (lat: number, lng: number) =>
      post(eventXml('LOCATION', { Latitude: String(lat), Longitude: String(lng), Precision: '30.0' }, { from: openId, createTime: nextCreateTime() })),
    click: (key: string) => post(eventXml('CLICK', { EventKey: key }, { from: openId, createTime: nextCreateTime() })),
  };
}

export type Citizen = ReturnType<typeof citizen>;

/** Files a ticket through the whole conversation and returns its number (and 查询码 when anonymous). */
export async function fileTicket(c: Citizen, start: string, content: string, contact = '1'): Promise<{ ticketNo: string; queryCode?: string; reply: string }> {
  await c.say(start);
  await c.say(content);
  await c.say('完成');
  await c.say(contact);
  const reply = await c.say('1');
  const ticketNo = /工单号：(\d{11})/.exec(reply)?.[1];
  if (!ticketNo) throw new Error(`no ticket number in: ${reply}`);
  return { ticketNo, queryCode: /查询码：(\d{6})/.exec(reply)?.[1], reply };
}

export function admin(t: TestApp, headers: Record<string, string> = adminHeaders) {
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url: `/admin/api${url}`, headers, ...(payload === undefined ? {} : { payload }) });
    return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload?: object) => call('POST', url, payload),
    put: (url: string, payload: object) => call('PUT', url, payload),
    /** The ticket id of a ticket number. */
    async idOf(ticketNo: string): Promise<number> {
      const res = await call('GET', `/tickets?q=${ticketNo}`);
      const id = (res.body as { items: Array<{ id: number; ticketNo: string }> }).items.find((i) => i.ticketNo === ticketNo)?.id;
      if (!id) throw new Error(`ticket ${ticketNo} not listed`);
      return id;
    },
  };
}

/** The fake media API serves these bytes for every media id. */
export function serveMedia(t: TestApp, bytes: Buffer, contentType = 'image/jpeg'): void {
  t.fake.respond((call) => (call.path === '/cgi-bin/media/get' ? { body: bytes, contentType } : undefined));
}

/** Creates a named operator with the super-admin token and returns headers carrying its own token. */
export async function operatorHeaders(t: TestApp, name: string, roles: string[], department?: string): Promise<Record<string, string>> {
  const res = await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name, roles, ...(department ? { department } : {}) } });
  if (res.statusCode !== 201) throw new Error(`operator not created: ${res.statusCode} ${res.body}`);
  return { authorization: `Bearer ${res.json().token}` };
}

/** Text of the customer-service messages sent to a citizen so far. */
export const customTexts = (t: TestApp, openId: string): string[] =>
  t.fake
    .callsTo('/cgi-bin/message/custom/send')
    .map((call) => call.body as { touser: string; text?: { content: string } })
    .filter((body) => body.touser === openId)
    .map((body) => body.text?.content ?? '');
