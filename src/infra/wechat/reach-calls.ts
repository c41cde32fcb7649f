import { postJSON } from 'wechat-api/lib/util.js';
import type API from 'wechat-api';
import { wechatFetch } from './transport.js';
import type { MassMessage, WechatReachApi } from '../../wechat/outbound.js';

type Callback = (err: (Error & { code?: number }) | null, data: unknown) => void;
type Raw = (api: API, done: Callback) => void;

export interface ReachCallDeps {
  /** Runs a raw call with the shared token, refreshing it once on 40001/42001 and retrying transient failures. */
  call(name: string, raw: Raw): Promise<unknown>;
  secrets(token: string): Array<string | undefined>;
  timeoutMs: number;
  uploadTimeoutMs: number;
}

type Answer = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/** 45065: a sendall with this clientmsgid was already submitted; the answer carries its msg_id. */
const DUPLICATE_CLIENT_MSG_ID = 45065;

/** WeChat answers errors as HTTP 200 + errcode; codes in `allowed` are answers, not failures. */
function settle(done: Callback, data: unknown, allowed: number[] = []): void {
  const answer = (data ?? {}) as Answer;
  const code = typeof answer.errcode === 'number' ? answer.errcode : 0;
  if (code !== 0 && !allowed.includes(code)) {
    return done(Object.assign(new Error(String(answer.errmsg ?? 'WeChat error')), { name: 'WeChatAPIError', code }), data);
  }
  done(null, data);
}

const withToken = (view: API, path: string, query = '') =>
  `${view.endpoint}/cgi-bin/${path}?access_token=${encodeURIComponent(view.token.accessToken)}${query}`;

/**
 * The reach endpoints (wechat-reach.md §1–§3, §1.9). Bodies are built here as WeChat documents
 * them; the shared `call` supplies the token, the retries and the error type.
 */
export function reachCalls(deps: ReachCallDeps): WechatReachApi {
  const post = (path: string, body: unknown, allowed: number[] = []): Raw => (view, done) =>
    view.request(withToken(view, path), postJSON(body), (err: Error | null, data: unknown) => (err ? done(err, null) : settle(done, data, allowed)));
  const get = (path: string, query: string): Raw => (view, done) =>
    view.request(withToken(view, path, query), { dataType: 'json' }, (err: Error | null, data: unknown) => (err ? done(err, null) : settle(done, data)));
  const upload = (path: string, query: string, form: () => FormData): Raw => (view, done) => {
    const token = view.token.accessToken;
    wechatFetch({ api: path, url: withToken(view, path, query), form: form(), timeoutMs: deps.uploadTimeoutMs, secrets: deps.secrets(token) }).then(
      (res) => {
        let data: unknown;
        try {
          data = JSON.parse(res.body.toString('utf8'));
        } catch {
          return done(Object.assign(new Error(`HTTP ${res.status}, not JSON`), { name: 'WeChatAPIError', code: -1 }), null);
        }
        settle(done, data);
      },
      (err: Error) => done(err, null),
    );
  };
  const run = async (path: string, raw: Raw) => (await deps.call(path, raw)) as Answer;
  const massBody = (message: MassMessage) => ({ ...message });

  return {
    async massSendAll(audience, message, clientMsgId) {
      // WxJava's shape: `{is_to_all:true}` alone, or `{is_to_all:false, tag_id}`.
      const filter = audience.tagId === undefined ? { is_to_all: true } : { is_to_all: false, tag_id: audience.tagId };
      const data = await run('message/mass/sendall', post('message/mass/sendall', { filter, ...massBody(message), clientmsgid: clientMsgId }, [DUPLICATE_CLIENT_MSG_ID]));
      return {
        msgId: String(data.msg_id ?? ''),
        ...(data.msg_data_id !== undefined ? { msgDataId: String(data.msg_data_id) } : {}),
        duplicate: data.errcode === DUPLICATE_CLIENT_MSG_ID,
      };
    },
    async massPreview(to, message) {
      const target = to.towxname ? { towxname: to.towxname } : { touser: to.touser };
      await run('message/mass/preview', post('message/mass/preview', { ...target, ...massBody(message) }));
    },
    async massStatus(msgId) {
      // The doc types msg_id as a string in the request (and answers with a number).
      const data = await run('message/mass/get', post('message/mass/get', { msg_id: msgId }));
      return String(data.msg_status ?? '');
    },
    async listFollowers(nextOpenId) {
      const query = nextOpenId ? `&next_openid=${encodeURIComponent(nextOpenId)}` : '';
      const data = await run('user/get', get('user/get', query));
      const list = (data.data as { openid?: string[] } | undefined)?.openid ?? [];
      return { total: Number(data.total ?? 0), openIds: list, nextOpenId: String(data.next_openid ?? '') };
    },
    async listTags() {
      const data = await run('tags/get', get('tags/get', ''));
      return ((data.tags as Array<{ id: number; name: string; count?: number }> | undefined) ?? []).map((t) => ({ id: t.id, name: t.name, count: t.count ?? 0 }));
    },
    async createTag(name) {
      const data = await run('tags/create', post('tags/create', { tag: { name } }));
      return Number((data.tag as { id?: number } | undefined)?.id);
    },
    async renameTag(id, name) {
      await run('tags/update', post('tags/update', { tag: { id, name } }));
    },
    async deleteTag(id) {
      await run('tags/delete', post('tags/delete', { tag: { id } }));
    },
    async tagMembers(tagId, openIds, untag) {
      const path = untag ? 'tags/members/batchuntagging' : 'tags/members/batchtagging';
      await run(path, post(path, { openid_list: openIds, tagid: tagId }));
    },
    async createQrcode({ action, scene, expireSeconds }) {
      const sceneField = typeof scene === 'number' ? { scene_id: scene } : { scene_str: scene };
      const body = { ...(expireSeconds !== undefined ? { expire_seconds: expireSeconds } : {}), action_name: action, action_info: { scene: sceneField } };
      const data = await run('qrcode/create', post('qrcode/create', body));
      return { ticket: String(data.ticket ?? ''), url: String(data.url ?? ''), ...(typeof data.expire_seconds === 'number' ? { expireSeconds: data.expire_seconds } : {}) };
    },
    async addMaterial(kind, file, video) {
      const form = () => {
        const f = new FormData();
        f.append('media', new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.filename);
        if (kind === 'video' && video) f.append('description', JSON.stringify(video));
        return f;
      };
      const data = await run('material/add_material', upload('material/add_material', `&type=${kind}`, form));
      return { mediaId: String(data.media_id ?? ''), ...(typeof data.url === 'string' ? { url: data.url } : {}) };
    },
    async deleteMaterial(mediaId) {
      await run('material/del_material', post('material/del_material', { media_id: mediaId }));
    },
    async addDraft(articles) {
      const body = {
        articles: articles.map((a) => ({
          title: a.title,
          author: a.author ?? '',
          digest: a.digest ?? '',
          content: a.content,
          content_source_url: a.contentSourceUrl ?? '',
          thumb_media_id: a.thumbMediaId,
          need_open_comment: 0,
          only_fans_can_comment: 0,
        })),
      };
      const data = await run('draft/add', post('draft/add', body));
      return String(data.media_id ?? '');
    },
  };
}
