import type { AppointmentService } from './appointments.types.js';

/**
 * Which bookings an operator may see: admins all of them, a handler those of services
 * run by their own department (the same rule as tickets). Lists, check-in, no-show and
 * reveal all apply it, so a handler reveals only what their list shows.
 */
export interface BookingScope {
  all: boolean;
  department?: string;
}

export function bookingScopeOf(operator: { roles: string[]; department?: string }): BookingScope {
  if (operator.roles.includes('admin')) return { all: true };
  return { all: false, department: operator.roles.includes('handler') ? operator.department : undefined };
}

export function canSeeBookingsOf(scope: BookingScope, service: Pick<AppointmentService, 'department'> | undefined): boolean {
  if (scope.all) return true;
  return scope.department !== undefined && service?.department === scope.department;
}
