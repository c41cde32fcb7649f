import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/infra/kv/memory.js';
import { createServiceWindow } from '../../src/session/service-window.js';

describe('the 48-hour customer-service window', () => {
  it('when a citizen writes then the window is open for that citizen only', async () => {
    const kv = createMemoryStore();
    const window = createServiceWindow(kv);
    await window.opened('default', 'oA');
    expect(await window.isOpen('default', 'oA')).toBe(true);
    expect(await window.isOpen('default', 'oB')).toBe(false);
    expect(await window.isOpen('other', 'oA')).toBe(false);
    await kv.close();
  });

  it('when a citizen writes again within ten minutes then the store is not written again', async () => {
    const kv = createMemoryStore();
    const window = createServiceWindow(kv);
    await window.opened('default', 'oChatty');
    await kv.del('window:default:oChatty');
    await window.opened('default', 'oChatty');
    expect(await window.isOpen('default', 'oChatty')).toBe(false);
    await kv.close();
  });
});
