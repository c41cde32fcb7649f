import type { KeyValueStore } from '../../infra/kv/port.js';
import { PRIORITY, type HandlerResult, type MessageContext, type Rule } from '../../router/types.js';
import { actionArgument } from './content.actions.js';
import { HOTLINE_HINT, nearbyText, placesListText, SEND_LOCATION } from './content.replies.js';
import type { PlaceRepository } from './places.repository.js';
import { kindForWord, kindLabel } from './places.kinds.js';

/**
 * Nearby services: a location (message, or the location_select menu event) lists
 * the 5 nearest published places. A kind asked for just before — `places:<kind>`
 * or "附近医院" — filters the list; it is kept in kv for half an hour.
 */

const NEARBY_LIMIT = 5;
const KIND_TTL_MS = 30 * 60_000;
/** After answering location_select, the same point arriving as a location message is not answered twice. */
const ANSWERED_TTL_MS = 60_000;
const NEARBY = /^(?:查找|查询|搜索|找|我)?附近(?:的|有)?(.*)$/u;

const text = (content: string) => ({ type: 'text' as const, content });
const point = (lat: number, lng: number) => `${lat.toFixed(4)},${lng.toFixed(4)}`;

export class PlacesFlow {
  constructor(
    private readonly places: PlaceRepository,
    private readonly kv: KeyValueStore,
  ) {}

  private kindKey(ctx: MessageContext): string {
    return `content:place-kind:${ctx.account.id}:${ctx.message.openId}`;
  }

  private answeredKey(ctx: MessageContext): string {
    return `content:location-answered:${ctx.account.id}:${ctx.message.openId}`;
  }

  private async rememberKind(ctx: MessageContext, kind: string | null): Promise<void> {
    if (kind) await this.kv.set(this.kindKey(ctx), kind, KIND_TTL_MS);
    else await this.kv.del(this.kindKey(ctx));
  }

  async nearby(ctx: MessageContext, lat: number, lng: number): Promise<HandlerResult> {
    const kind = await this.kv.get(this.kindKey(ctx)).catch(() => null);
    let places = await this.places.nearest(ctx.account.id, lat, lng, kind, NEARBY_LIMIT);
    if (kind && places.length > 0) return nearbyText(places, kind);
    places = kind ? await this.places.nearest(ctx.account.id, lat, lng, null, NEARBY_LIMIT) : places;
    if (places.length === 0) return text(`暂无附近的便民服务场所信息。${HOTLINE_HINT}`);
    const reply = nearbyText(places, null);
    return kind && reply.type === 'text' ? text(`附近暂无${kindLabel(kind)}信息，为您列出其他便民服务场所。\n${reply.content}`) : reply;
  }

  /** `places:<kind>`: remember the kind and ask for a location, or list the kind when it has no coordinates (hotlines). */
  async forKind(ctx: MessageContext, kind: string): Promise<HandlerResult> {
    const { items, located } = await this.places.visibleOfKind(ctx.account.id, kind, 10);
    if (items.length === 0) {
      await this.rememberKind(ctx, null);
      return text(`暂无${kindLabel(kind)}信息。${HOTLINE_HINT}`);
    }
    if (located === 0) return placesListText(kind, items);
    await this.rememberKind(ctx, kind);
    return text(`${SEND_LOCATION}\n我们将为您列出离您最近的${kindLabel(kind)}。`);
  }

  rules(): Rule[] {
    return [
      {
        name: 'content:location',
        priority: PRIORITY.messageType,
        match: { kinds: ['location'] },
        handle: async (ctx) => {
          if (ctx.message.kind !== 'location') return null;
          const { lat, lng } = ctx.message;
          const answered = await this.kv.get(this.answeredKey(ctx)).catch(() => null);
          if (answered === point(lat, lng)) return null;
          return this.nearby(ctx, lat, lng);
        },
      },
      {
        name: 'content:location-select',
        priority: PRIORITY.event,
        match: { events: ['location_select'] },
        handle: async (ctx) => {
          if (ctx.message.kind !== 'event' || ctx.message.event !== 'location_select') return null;
          const { lat, lng } = ctx.message;
          await this.kv.set(this.answeredKey(ctx), point(lat, lng), ANSWERED_TTL_MS).catch(() => undefined);
          return this.nearby(ctx, lat, lng);
        },
      },
      {
        name: 'content:places-action',
        priority: PRIORITY.menuKey,
        match: { events: ['click'], eventKey: { prefix: 'places:' } },
        handle: (ctx) => this.forKind(ctx, actionArgument(ctx, 'places:')),
      },
      {
        name: 'content:nearby-words',
        priority: PRIORITY.featureKeyword,
        match: {
          kinds: ['text', 'voice'],
          when: (ctx) => {
            const m = NEARBY.exec(ctx.text ?? '');
            return Boolean(m && (m[1] === '' || kindForWord(m[1]!)));
          },
        },
        handle: async (ctx) => {
          const word = NEARBY.exec(ctx.text!)![1]!;
          if (!word) {
            await this.rememberKind(ctx, null);
            return text(`${SEND_LOCATION}\n我们将为您列出离您最近的便民服务场所。`);
          }
          return this.forKind(ctx, kindForWord(word)!);
        },
      },
    ];
  }
}
