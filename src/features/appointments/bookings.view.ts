import { cstDate } from '../../calendar/dates.js';
import { maskIdNumber, maskName, maskPhone } from '../../lib/mask.js';
import type { PiiCipher } from '../../lib/pii.js';
import { cstDateTime, cstTime, STATUS_LABEL } from './appointments.messages.js';
import type { BookingRecord } from './appointments.types.js';

/** A booking as operators see it by default: personal data masked. */
export interface BookingView {
  id: number;
  bookingNo: string;
  serviceId: number;
  serviceCode: string;
  serviceName: string;
  resourceCode: string | null;
  date: string;
  start: string;
  end: string;
  slotStart: string;
  slotEnd: string;
  status: BookingRecord['status'];
  name: string;
  phone: string;
  idNumber: string | null;
  createdAt: string;
  cancelledAt: string | null;
  checkedInAt: string | null;
  noShowAt: string | null;
}

export function maskedView(b: BookingRecord, service: { code: string; name: string }, cipher: PiiCipher): BookingView {
  return {
    id: b.id,
    bookingNo: b.bookingNo,
    serviceId: b.serviceId,
    serviceCode: service.code,
    serviceName: service.name,
    resourceCode: b.resourceCode || null,
    date: cstDate(b.slotStart),
    start: cstTime(b.slotStart),
    end: cstTime(b.slotEnd),
    slotStart: b.slotStart.toISOString(),
    slotEnd: b.slotEnd.toISOString(),
    status: b.status,
    name: maskName(cipher.decrypt(b.nameEnc)),
    phone: maskPhone(cipher.decrypt(b.phoneEnc)),
    idNumber: b.idNumberEnc ? maskIdNumber(cipher.decrypt(b.idNumberEnc)) : null,
    createdAt: b.createdAt.toISOString(),
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    checkedInAt: b.checkedInAt?.toISOString() ?? null,
    noShowAt: b.noShowAt?.toISOString() ?? null,
  };
}

/** A spreadsheet must not run a cell as a formula (CSV injection). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

const HEADER = ['预约号', '服务编码', '服务', '科室/医生', '日期', '时段', '姓名', '手机', '证件号', '状态', '创建时间'];

/** UTF-8 with BOM, so Excel opens the Chinese columns correctly. */
export function toCsv(rows: BookingView[]): string {
  const lines = rows.map((r) =>
    [r.bookingNo, r.serviceCode, r.serviceName, r.resourceCode ?? '', r.date, `${r.start}-${r.end}`, r.name, r.phone, r.idNumber ?? '', STATUS_LABEL[r.status], cstDateTime(new Date(r.createdAt))]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[HEADER.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}
