import { api, unwrap } from './client.js';

export interface Booking {
  id: number;
  bookingNo: string;
  serviceId: number;
  serviceCode: string;
  serviceName: string;
  date: string;
  start: string;
  end: string;
  status: 'booked' | 'cancelled' | 'checked_in' | 'no_show';
  name: string;
  phone: string;
  idNumber: string | null;
  checkedInAt: string | null;
  /** Made by a simulator citizen (lists only). */
  test?: boolean;
}

export interface ScheduleRow {
  weekdays: number[];
  start: string;
  end: string;
}

export interface Service {
  id?: number;
  code: string;
  name: string;
  kind: 'hall' | 'hospital';
  location?: string;
  department?: string;
  slotMinutes: number;
  capacityPerSlot: number;
  schedule: ScheduleRow[];
  bookingWindow: { minDaysAhead: number; maxDaysAhead: number; unit?: 'calendar_day' | 'working_day' };
  cancelDeadlineMinutes: number;
  perPersonPerDay?: number;
  noShow?: { threshold: number; windowDays: number; banDays: number };
  requireIdNumber?: boolean;
  whatToBring?: string;
  enabled?: boolean;
  [key: string]: unknown;
}

export const BOOKING_STATUS: Record<string, { label: string; type: 'info' | 'success' | 'danger' | 'warning' }> = {
  booked: { label: '已预约', type: 'info' },
  checked_in: { label: '已签到', type: 'success' },
  no_show: { label: '爽约', type: 'danger' },
  cancelled: { label: '已取消', type: 'warning' },
};

const byId = (id: number) => ({ params: { path: { id } } });

export const appointmentApi = {
  list: (query: { date?: string; bookingNo?: string; service?: string; status?: string; includeTest?: boolean; limit?: number }) =>
    unwrap<{ items: Booking[]; total: number }>(api.GET('/admin/api/appointments', { params: { query: query as never } })),
  checkInByNumber: (bookingNo: string) =>
    unwrap<Booking>(api.POST('/admin/api/appointments/by-number/{bookingNo}/check-in', { params: { path: { bookingNo } } })),
  checkIn: (id: number) => unwrap<Booking>(api.POST('/admin/api/appointments/{id}/check-in', byId(id))),
  noShow: (id: number) => unwrap<Booking>(api.POST('/admin/api/appointments/{id}/no-show', byId(id))),
  services: () => unwrap<{ items: Service[] }>(api.GET('/admin/api/appointment-services')),
  createService: (body: Service) => unwrap<Service>(api.POST('/admin/api/appointment-services', { body: body as never })),
  updateService: (id: number, body: Service) => unwrap<Service>(api.PUT('/admin/api/appointment-services/{id}', { ...byId(id), body: body as never })),
};

/** The CSV export is a plain download (same-origin cookie). */
export const appointmentsCsvUrl = (date: string) => `/admin/api/appointments.csv?date=${encodeURIComponent(date)}`;
