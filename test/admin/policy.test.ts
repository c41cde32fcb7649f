import { describe, expect, it } from 'vitest';
import { allowed, resourceOf } from '../../src/admin/policy.js';

describe('admin role policy', () => {
  it('when a route path is given then the resource is its first segment under the prefix', () => {
    expect(resourceOf('/admin/api/tickets/:id/reply', '/admin/api')).toBe('tickets');
    expect(resourceOf('/admin/api/keyword-rules?x=1', '/admin/api')).toBe('keyword-rules');
    expect(resourceOf('/admin/api', '/admin/api')).toBe('');
  });

  it.each([
    [['admin'], 'operators', true],
    [['admin'], 'some-future-route', true],
    [['editor'], 'news', true],
    [['editor'], 'calendar', true],
    [['editor'], 'tickets', false],
    [['editor'], 'accounts', false],
    [['handler'], 'tickets', true],
    [['handler'], 'appointments', true],
    [['handler'], 'appointment-services', false],
    [['emergency'], 'tickets', true],
    [['emergency'], 'appointments', false],
    [['handler', 'editor'], 'guides', true],
    [['handler'], 'some-future-route', false],
    [['editor'], 'operators', false],
  ])('when roles %j ask for %s then allowed is %s', (roles, resource, expected) => {
    expect(allowed(roles, resource)).toBe(expected);
  });
});
