import { cstInstant, weekday } from '../../calendar/dates.js';
import type { AppointmentService, ResourceInput, ScheduleEntry } from './appointments.types.js';

/** What a date is, as the shared calendar says. */
export type DayKind = 'holiday' | 'adjusted-workday' | 'regular';

/** One bookable slot of a date, Beijing time. */
export interface PlannedSlot {
  date: string;
  start: string;
  end: string;
  startsAt: Date;
  endsAt: Date;
  /** Places offered for booking (walk-in share already kept back). */
  capacity: number;
}

/** The bookable unit: the service itself, or one of its departments/doctors. */
export interface Bookable {
  service: AppointmentService;
  resource?: ResourceInput;
}

export const resourceCodeOf = (b: Bookable) => b.resource?.code ?? '';
export const bookableName = (b: Bookable) => (b.resource ? `${b.service.name}·${b.resource.name}` : b.service.name);
export const whatToBringOf = (b: Bookable) => b.resource?.whatToBring ?? b.service.whatToBring ?? '';

export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Places offered online per slot: the walk-in share is kept back, rounding in favour of walk-ins. */
export function onlineCapacity(capacityPerSlot: number, walkInRatio = 0): number {
  return Math.max(0, Math.floor(capacityPerSlot * (1 - walkInRatio) + 1e-9));
}

/**
 * The slots of a date. Holidays are closed. A 调休 working weekend day opens with
 * the Monday hours, as it replaces a regular working day; other days follow the
 * schedule of their weekday (a hall may also open on Saturday mornings).
 */
export function planDay(b: Bookable, date: string, kind: DayKind): PlannedSlot[] {
  if (kind === 'holiday') return [];
  const schedule: ScheduleEntry[] = b.resource?.schedule ?? b.service.schedule;
  const slotMinutes = b.resource?.slotMinutes ?? b.service.slotMinutes;
  const capacity = onlineCapacity(b.resource?.capacityPerSlot ?? b.service.capacityPerSlot, b.service.walkInRatio);
  if (capacity === 0) return [];
  const day = kind === 'adjusted-workday' ? 1 : weekday(date);
  const starts = new Set<number>();
  for (const entry of schedule) {
    if (!entry.weekdays.includes(day)) continue;
    const end = toMinutes(entry.end);
    for (let m = toMinutes(entry.start); m + slotMinutes <= end; m += slotMinutes) starts.add(m);
  }
  return [...starts]
    .sort((a, b) => a - b)
    .map((m) => {
      const startsAt = cstInstant(date, toHhmm(m));
      return { date, start: toHhmm(m), end: toHhmm(m + slotMinutes), startsAt, endsAt: new Date(startsAt.getTime() + slotMinutes * 60_000), capacity };
    });
}

/** The bookables of a service: its departments/doctors, or the service itself. */
export function bookablesOf(service: AppointmentService): Bookable[] {
  return service.resources?.length ? service.resources.map((resource) => ({ service, resource })) : [{ service }];
}
