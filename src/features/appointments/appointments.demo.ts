import { readDemo } from '../../demo/demo-files.js';
import type { ServiceInput } from './appointments.types.js';
import { validateService } from './appointments.validate.js';
import type { ServiceRepository } from './services.repository.js';

interface AppointmentsDemo {
  services: ServiceInput[];
}

/** Loads the three demo services (a hall window, 户政, a hospital clinic); codes already present are kept. */
export async function seedAppointmentsDemo(services: ServiceRepository, accountId: string): Promise<void> {
  const demo = await readDemo<AppointmentsDemo>('appointments.json');
  for (const service of demo.services) {
    validateService(service);
    if (!(await services.getByCode(accountId, service.code))) await services.create(accountId, service);
  }
}
