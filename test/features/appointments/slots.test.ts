import { describe, expect, it } from 'vitest';
import type { AppointmentService } from '../../../src/features/appointments/appointments.types.js';
import { onlineCapacity, planDay } from '../../../src/features/appointments/slots.js';

const service = (overrides: Partial<AppointmentService> = {}): AppointmentService => ({
  id: 1,
  code: 'S',
  name: '窗口',
  kind: 'hall',
  slotMinutes: 30,
  capacityPerSlot: 6,
  schedule: [
    { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '10:00' },
    { weekdays: [6], start: '09:00', end: '09:30' },
  ],
  bookingWindow: { minDaysAhead: 0, maxDaysAhead: 7 },
  cancelDeadlineMinutes: 60,
  createdAt: '',
  updatedAt: '',
  ...overrides,
});

describe('slot plans', () => {
  it('when a regular day is planned then its weekday schedule gives slots in Beijing time', () => {
    const slots = planDay({ service: service() }, '2026-12-01', 'regular');
    expect(slots.map((s) => `${s.start}-${s.end}`)).toEqual(['09:00-09:30', '09:30-10:00']);
    expect(slots[0]!.startsAt.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(slots[0]!.endsAt.toISOString()).toBe('2026-12-01T01:30:00.000Z');
  });

  it('when a day is a holiday then nothing is offered; a 调休 weekend day opens with the Monday hours', () => {
    expect(planDay({ service: service() }, '2026-12-01', 'holiday')).toEqual([]);
    expect(planDay({ service: service() }, '2026-12-06', 'regular')).toEqual([]);
    expect(planDay({ service: service() }, '2026-12-06', 'adjusted-workday').map((s) => s.start)).toEqual(['09:00', '09:30']);
    expect(planDay({ service: service() }, '2026-12-05', 'regular').map((s) => s.start)).toEqual(['09:00']);
  });

  it('when a share is kept for walk-ins then online places round down, and a department uses its own hours and capacity', () => {
    expect(onlineCapacity(6, 0.3)).toBe(4);
    expect(onlineCapacity(4, 0.4)).toBe(2);
    expect(onlineCapacity(3, 0)).toBe(3);
    expect(onlineCapacity(1, 0.5)).toBe(0);
    const s = service({ walkInRatio: 0.2 });
    expect(planDay({ service: s }, '2026-12-01', 'regular')[0]!.capacity).toBe(4);
    const doctor = { code: 'DR', name: '王医生', schedule: [{ weekdays: [2], start: '14:00', end: '15:00' }], slotMinutes: 20, capacityPerSlot: 5 };
    expect(planDay({ service: s, resource: doctor }, '2026-12-01', 'regular').map((x) => `${x.start}/${x.capacity}`)).toEqual(['14:00/4', '14:20/4', '14:40/4']);
    expect(planDay({ service: s, resource: doctor }, '2026-12-02', 'regular')).toEqual([]);
  });
});
