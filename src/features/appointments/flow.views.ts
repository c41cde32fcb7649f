import { cstInstant } from '../../calendar/dates.js';
import type { KeyValueStore } from '../../infra/kv/port.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { MessageContext } from '../../router/types.js';
import * as msg from './appointments.messages.js';
import type { AppointmentService, Person } from './appointments.types.js';
import type { Availability } from './availability.js';
import { findBookable, type BookingService } from './booking.service.js';
import type { BookingRepository } from './bookings.repository.js';
import { finish, save, type Draft } from './flow.state.js';
import type { ServiceRepository } from './services.repository.js';
import { bookableName, type Bookable } from './slots.js';

export interface FlowDeps {
  services: ServiceRepository;
  availability: Availability;
  booking: BookingService;
  bookings: BookingRepository;
  cipher: PiiCipher;
  kv: KeyValueStore;
}

/**
 * Each screen of the booking conversation: works out what to offer, remembers the
 * values behind the numbers shown, and returns the text.
 */
export class FlowViews {
  constructor(private readonly deps: FlowDeps) {}

  async loaded(ctx: MessageContext, draft: Draft): Promise<{ service: AppointmentService; bookable?: Bookable } | undefined> {
    const service = draft.serviceId ? await this.deps.services.get(ctx.account.id, draft.serviceId) : undefined;
    if (!service || service.enabled === false) return undefined;
    return { service, bookable: draft.resourceCode !== undefined ? findBookable(service, draft.resourceCode) : undefined };
  }

  person(draft: Draft): Person | undefined {
    const { cipher } = this.deps;
    if (!draft.nameEnc || !draft.phoneEnc) return undefined;
    return { name: cipher.decrypt(draft.nameEnc), phone: cipher.decrypt(draft.phoneEnc), idNumber: draft.idEnc ? cipher.decrypt(draft.idEnc) : undefined };
  }

  async services(ctx: MessageContext, draft: Draft, notice?: string): Promise<string> {
    const list = await this.deps.services.list(ctx.account.id, { enabledOnly: true });
    if (list.length === 0) {
      await finish(ctx, this.deps.kv);
      return msg.NO_SERVICES;
    }
    await save(ctx, this.deps.kv, 'service', { draftId: draft.draftId, options: [...list.map((s) => String(s.id)), 'mine'] });
    return msg.withNotice(notice, msg.serviceList(list));
  }

  /** After a service is chosen: its departments/doctors, or straight to dates. */
  async afterService(ctx: MessageContext, draft: Draft, service: AppointmentService, notice?: string): Promise<string> {
    const base: Draft = { draftId: draft.draftId, serviceId: service.id };
    if (!service.resources?.length) return this.dates(ctx, { ...base, resourceCode: '' }, notice);
    await save(ctx, this.deps.kv, 'resource', { ...base, options: service.resources.map((r) => r.code) });
    return msg.withNotice(notice, msg.resourceList(service));
  }

  async dates(ctx: MessageContext, draft: Draft, notice?: string): Promise<string> {
    const found = await this.loaded(ctx, draft);
    if (!found?.bookable) return this.services(ctx, draft, '该预约服务已调整，请重新选择。');
    const dates = await this.deps.availability.openDates(ctx.account.id, found.bookable, ctx.now);
    if (dates.length === 0) {
      const none = `${bookableName(found.bookable)}近期已约满或暂无可预约日期，请改日再试。`;
      return found.service.resources?.length ? this.afterService(ctx, draft, found.service, none) : this.services(ctx, draft, none);
    }
    const { draftId, serviceId, resourceCode, nameEnc, phoneEnc, idEnc } = draft;
    await save(ctx, this.deps.kv, 'date', { draftId, serviceId, resourceCode, nameEnc, phoneEnc, idEnc, options: dates.map((d) => d.date) });
    return msg.withNotice(notice, msg.dateList(bookableName(found.bookable), dates));
  }

  async slots(ctx: MessageContext, draft: Draft, notice?: string): Promise<string> {
    const found = await this.loaded(ctx, draft);
    if (!found?.bookable || !draft.date) return this.services(ctx, draft, '该预约服务已调整，请重新选择。');
    const slots = await this.deps.availability.freeSlotsOn(ctx.account.id, found.bookable, draft.date, ctx.now);
    if (slots.length === 0) return this.dates(ctx, draft, `${msg.dayLabel(draft.date)}已约满，请选择其他日期。`);
    await save(ctx, this.deps.kv, 'slot', { ...draft, start: undefined, end: undefined, options: slots.map((s) => `${s.start}-${s.end}`) });
    return msg.withNotice(notice, msg.slotList(bookableName(found.bookable), draft.date, slots));
  }

  async askName(ctx: MessageContext, draft: Draft, notice?: string): Promise<string> {
    await save(ctx, this.deps.kv, 'name', { ...draft, options: undefined });
    return msg.withNotice(notice, msg.askName(`${msg.dayLabel(draft.date!)} ${draft.start}-${draft.end}`));
  }

  async askPhone(ctx: MessageContext, draft: Draft, notice?: string): Promise<string> {
    await save(ctx, this.deps.kv, 'phone', { ...draft, options: undefined });
    return msg.withNotice(notice, msg.askPhone());
  }

  async askIdNumber(ctx: MessageContext, draft: Draft, notice?: string): Promise<string> {
    await save(ctx, this.deps.kv, 'idnum', { ...draft, options: undefined });
    return msg.withNotice(notice, msg.askIdNumber());
  }

  /** Identity complete: a ban or the daily limit is told now, before the citizen confirms. */
  async identityDone(ctx: MessageContext, draft: Draft): Promise<string> {
    const found = await this.loaded(ctx, draft);
    const person = this.person(draft);
    if (!found?.bookable || !person || !draft.date) return this.services(ctx, draft, '该预约服务已调整，请重新选择。');
    const refusal = await this.deps.booking.precheck(found.service, draft.resourceCode ?? '', person, draft.date, ctx.now);
    if (refusal) {
      await finish(ctx, this.deps.kv);
      return refusal.kind === 'banned' ? msg.banned(refusal.until, refusal.noShows, refusal.windowDays) : msg.limitReached(refusal.limit, refusal.date);
    }
    return this.confirm(ctx, draft);
  }

  async confirm(ctx: MessageContext, draft: Draft, notice?: string): Promise<string> {
    const found = await this.loaded(ctx, draft);
    const person = this.person(draft);
    if (!found?.bookable || !person) return this.services(ctx, draft, '该预约服务已调整，请重新选择。');
    await save(ctx, this.deps.kv, 'confirm', { ...draft, options: undefined });
    const when = `${msg.dayLabel(draft.date!)} ${draft.start}-${draft.end}`;
    const deadline = found.service.cancelDeadlineMinutes;
    const late = msg.cancellable(cstInstant(draft.date!, draft.start!), deadline, ctx.now)
      ? undefined
      : `注意：该时段已过在线取消时限（开始前${msg.minutesLabel(deadline)}），预约后不能在线取消。`;
    return msg.withNotice(notice, msg.confirmation(bookableName(found.bookable), when, found.service.location, person, late));
  }

  async mine(ctx: MessageContext, draft: Draft, notice?: string): Promise<string> {
    const upcoming = await this.deps.bookings.listUpcoming(ctx.account.id, ctx.message.openId, ctx.now);
    const services = new Map((await this.deps.services.list(ctx.account.id)).map((s) => [s.id, s]));
    const items = upcoming.map((booking) => {
      const service = services.get(booking.serviceId);
      const bookable = service && findBookable(service, booking.resourceCode);
      return { booking, title: bookable ? bookableName(bookable) : (service?.name ?? '预约') };
    });
    if (items.length === 0) await finish(ctx, this.deps.kv);
    else await save(ctx, this.deps.kv, 'mine', { draftId: draft.draftId, options: upcoming.map((b) => String(b.id)) });
    return msg.withNotice(notice, msg.myBookings(items));
  }

  async cancelPrompt(ctx: MessageContext, draft: Draft, bookingId: number): Promise<string> {
    const booking = await this.deps.bookings.get(ctx.account.id, bookingId);
    if (!booking || booking.openId !== ctx.message.openId) return this.mine(ctx, draft);
    const service = await this.deps.services.get(ctx.account.id, booking.serviceId);
    const bookable = service && findBookable(service, booking.resourceCode);
    if (booking.status !== 'booked') {
      await finish(ctx, this.deps.kv);
      return msg.notCancellable(booking);
    }
    const deadline = service?.cancelDeadlineMinutes ?? 0;
    if (booking.slotStart.getTime() - deadline * 60_000 <= ctx.now.getTime()) {
      await finish(ctx, this.deps.kv);
      return msg.tooLateToCancel(booking, deadline);
    }
    await save(ctx, this.deps.kv, 'cancel', { draftId: draft.draftId, cancelId: booking.id });
    return msg.cancelPrompt(booking, bookable ? bookableName(bookable) : (service?.name ?? '预约'));
  }
}
