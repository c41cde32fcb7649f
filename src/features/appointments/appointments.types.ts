/** Shapes of the appointments feature: the admin contract and the stored booking. */

export type ServiceKind = 'hall' | 'hospital';

/** Opening hours: on these ISO weekdays (1 = Monday), slots from start to end (HH:MM, Beijing time). */
export interface ScheduleEntry {
  weekdays: number[];
  start: string;
  end: string;
}

/** A department or doctor of a hospital service, booked on its own schedule. */
export interface ResourceInput {
  code: string;
  name: string;
  kind?: 'department' | 'doctor';
  /** Defaults to the service's schedule, slot length and capacity. */
  schedule?: ScheduleEntry[];
  slotMinutes?: number;
  capacityPerSlot?: number;
  /** Overrides the service's "what to bring" text. */
  whatToBring?: string;
}

export interface BookingWindow {
  minDaysAhead: number;
  maxDaysAhead: number;
  /** How the window is counted; working days come from the shared calendar. */
  unit?: 'calendar_day' | 'working_day';
}

export interface NoShowPolicy {
  threshold: number;
  windowDays: number;
  banDays: number;
}

/** The admin contract (POST/PUT /admin/api/appointment-services). */
export interface ServiceInput {
  code: string;
  name: string;
  kind: ServiceKind;
  location?: string;
  guideCodes?: string[];
  slotMinutes: number;
  capacityPerSlot: number;
  schedule: ScheduleEntry[];
  bookingWindow: BookingWindow;
  cancelDeadlineMinutes: number;
  perPersonPerDay?: number;
  noShow?: NoShowPolicy;
  requireIdNumber?: boolean;
  /** Share of each slot kept back for walk-ins (elderly and others without a phone). */
  walkInRatio?: number;
  reminderMinutesBefore?: number[];
  resources?: ResourceInput[];
  /** Materials of the linked guides, told in the booking result and the reminder. */
  whatToBring?: string;
  /** Template of the reminder; falls back to the account setting, then to a text message. */
  reminderTemplateId?: string;
  provider?: string;
  /**
   * The department that runs the service: its handlers see, check in and reveal its bookings.
   * Without one, only admins do.
   */
  department?: string;
  enabled?: boolean;
}

export interface AppointmentService extends ServiceInput {
  id: number;
  createdAt: string;
  updatedAt: string;
}

export type BookingStatus = 'booked' | 'cancelled' | 'checked_in' | 'no_show';

/** A booking as stored: personal data only encrypted, plus keyed hashes for lookups. */
export interface BookingRecord {
  id: number;
  accountId: string;
  serviceId: number;
  resourceCode: string;
  bookingNo: string;
  openId: string;
  slotStart: Date;
  slotEnd: Date;
  status: BookingStatus;
  nameEnc: string;
  phoneEnc: string;
  idNumberEnc: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  noShowAt: Date | null;
}

/** The person behind a booking, in clear (only in memory, never stored or logged). */
export interface Person {
  name: string;
  phone: string;
  idNumber?: string;
}

export interface AppointmentSettings {
  reminderTemplateId: string | null;
}
