import type { ScheduleEntry, ServiceInput } from './appointments.types.js';
import { toMinutes } from './slots.js';

/** A rule JSON schema cannot state, with the field it concerns. */
export class ServiceValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function checkSchedule(schedule: ScheduleEntry[], slotMinutes: number, path: string): void {
  schedule.forEach((entry, i) => {
    const start = toMinutes(entry.start);
    const end = toMinutes(entry.end);
    if (end <= start) throw new ServiceValidationError(`${path}[${i}].end`, `${path}[${i}].end must be later than start`);
    if (end - start < slotMinutes) {
      throw new ServiceValidationError(`${path}[${i}].end`, `${path}[${i}] is shorter than one slot (${slotMinutes} minutes)`);
    }
  });
}

/** Cross-field checks of a service definition. */
export function validateService(input: ServiceInput): void {
  const { minDaysAhead, maxDaysAhead } = input.bookingWindow;
  if (minDaysAhead > maxDaysAhead) throw new ServiceValidationError('bookingWindow.maxDaysAhead', 'bookingWindow.maxDaysAhead must not be less than minDaysAhead');
  checkSchedule(input.schedule, input.slotMinutes, 'schedule');
  const codes = new Set<string>();
  (input.resources ?? []).forEach((resource, i) => {
    const key = resource.code.toLowerCase();
    if (codes.has(key)) throw new ServiceValidationError(`resources[${i}].code`, `resources[${i}].code "${resource.code}" is used twice`);
    codes.add(key);
    checkSchedule(resource.schedule ?? input.schedule, resource.slotMinutes ?? input.slotMinutes, resource.schedule ? `resources[${i}].schedule` : 'schedule');
  });
}
