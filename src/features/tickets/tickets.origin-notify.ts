import { CitizenNotifier, type Delivery } from './tickets.notify.js';
import { citizenAccountOf, type Ticket } from './tickets.types.js';

/**
 * The citizen hears about a transferred ticket through the account they wrote to: its
 * service window, its template and its access token, not the district's.
 */
export class OriginNotifier extends CitizenNotifier {
  override notify(ticket: Ticket, text: string, remark: string, key?: string): Promise<Delivery> {
    return super.notify({ ...ticket, accountId: citizenAccountOf(ticket) }, text, remark, key);
  }
}
