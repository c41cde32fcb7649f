import { anyObj, arrOf, bool, csvResponse, int, itemsOf, noContent, obj, str, strOrNull } from '../../lib/responses.js';

/** An appointment service (预约事项) as the admin API answers it; the full field list is the body schema's. */
export const serviceSchema = obj(
  {
    id: int, code: str, name: str, kind: str, location: str, guideCodes: arrOf(str), slotMinutes: int, capacityPerSlot: int,
    schedule: arrOf(anyObj), bookingWindow: anyObj, cancelDeadlineMinutes: int, resources: arrOf(anyObj), enabled: bool,
    createdAt: str, updatedAt: str,
  },
  '预约事项',
);

const settingsSchema = obj({ reminderTemplateId: strOrNull }, '预约设置');

export const serviceResponses = {
  created: { 201: serviceSchema },
  one: { 200: serviceSchema },
  list: { 200: itemsOf(serviceSchema) },
  deleted: { 204: noContent },
  settings: { 200: settingsSchema },
};

/** A booking with personal data masked. */
export const bookingSchema = obj(
  {
    id: int, bookingNo: str, serviceId: int, serviceCode: str, serviceName: str, resourceCode: strOrNull,
    date: str, start: str, end: str, slotStart: str, slotEnd: str,
    status: { type: 'string', enum: ['booked', 'cancelled', 'checked_in', 'no_show'] },
    name: str, phone: str, idNumber: strOrNull, createdAt: str, cancelledAt: strOrNull, checkedInAt: strOrNull, noShowAt: strOrNull,
  },
  '预约（个人信息已脱敏）',
);

export const bookingResponses = {
  list: { 200: itemsOf(obj({ ...bookingSchema.properties, test: bool }), { total: int }) },
  csv: { 200: csvResponse('预约名单 CSV（个人信息已脱敏）') },
  one: { 200: bookingSchema },
  noShow: {
    200: obj({ ...bookingSchema.properties, ban: { ...obj({ until: str, noShows: int, windowDays: int }), type: ['object', 'null'] } }, '爽约记录；达到次数时的限制预约期'),
  },
  reveal: { 200: obj({ id: int, bookingNo: str, name: str, phone: str, idNumber: strOrNull }, '完整个人信息（已记入审计日志）') },
};
