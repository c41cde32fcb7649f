import { describe, expect, it } from 'vitest';
import { citizenTag, clusterKey } from '../../src/infra/kv/cluster-keys.js';
import { hashSlot, perSlot } from '../../src/infra/kv/slot.js';

describe('Redis Cluster key slots', () => {
  it('when a key is hashed then the slot is the cluster specification\'s CRC16 modulo 16384', () => {
    expect(hashSlot('123456789')).toBe(0x31c3);
    expect(hashSlot('foo')).toBe(12182);
  });

  it('when a key has a hash tag then only the tag is hashed, as the specification says', () => {
    expect(hashSlot('{user1000}.following')).toBe(hashSlot('{user1000}.followers'));
    expect(hashSlot('foo{}{bar}')).not.toBe(hashSlot('bar'));
    expect(hashSlot('foo{{bar}}zap')).toBe(hashSlot('{bar'));
    expect(hashSlot('foo{bar}{zap}')).toBe(hashSlot('bar'));
  });

  it('when a citizen\'s delivery claim, conversation and service window are named then they share one slot', () => {
    const keys = ['session:default:oAbc_1-2', 'window:default:oAbc_1-2', 'dlv:default:m:oAbc_1-2:9000000001', 'dlv:default:e:oAbc_1-2:1700000000:CLICK:menu'];
    expect(keys.map(citizenTag)).toEqual(Array(4).fill('default:oAbc_1-2'));
    expect(new Set(keys.map((k) => hashSlot(clusterKey('wz:', k)))).size).toBe(1);
    expect(clusterKey('wz:', 'session:default:oAbc')).toBe('wz:{default:oAbc}session:default:oAbc');
  });

  it('when a key belongs to no citizen or already has a tag then its name is kept', () => {
    expect(clusterKey('wz:', 'wx:token:wx123')).toBe('wz:wx:token:wx123');
    expect(clusterKey('wz:', 'tickets:deadline-check')).toBe('wz:tickets:deadline-check');
    expect(clusterKey('wz:', 'x:{mine}')).toBe('wz:x:{mine}');
  });

  it('when a batch spans slots then each slot is one call and answers come back in the batch\'s order', async () => {
    const calls: string[][] = [];
    const out = await perSlot(
      ['a1', 'b1', 'a2', 'c', 'b2'],
      (item) => (item === 'c' ? undefined : item.charCodeAt(0)),
      async (items) => {
        calls.push(items);
        return items.map((i) => i.toUpperCase());
      },
      async (item) => `alone:${item}`,
    );
    expect(out).toEqual(['A1', 'B1', 'A2', 'alone:c', 'B2']);
    expect(calls).toEqual([['a1', 'a2'], ['b1', 'b2']]);
  });
});
