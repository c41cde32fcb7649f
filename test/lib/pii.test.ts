import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiCipher } from '../../src/lib/pii.js';
import { maskIdNumber, maskName, maskOpenId, maskPhone } from '../../src/lib/mask.js';

describe('personal data at rest and in lists', () => {
  const cipher = new PiiCipher(randomBytes(32));

  it('when a value is encrypted then the ciphertext hides it and decrypts back', () => {
    const stored = cipher.encrypt('13812345678');
    expect(stored).not.toContain('13812345678');
    expect(stored).not.toBe(cipher.encrypt('13812345678'));
    expect(cipher.decrypt(stored)).toBe('13812345678');
  });

  it('when one value is encrypted thousands of times (IVs cut from the random pool, across refills) then no IV repeats and all decrypt', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const stored = cipher.encrypt('13812345678');
      ivs.add(Buffer.from(stored.slice(3), 'base64').subarray(0, 12).toString('hex'));
      expect(cipher.decrypt(stored)).toBe('13812345678');
    }
    expect(ivs.size).toBe(2000);
  });

  it('when the ciphertext is tampered with then decryption fails', () => {
    const stored = cipher.encrypt('张三');
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => cipher.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
    expect(() => new PiiCipher(randomBytes(32)).decrypt(stored)).toThrow();
  });

  it('when values are hashed then equal values match and purposes differ', () => {
    expect(cipher.hash('id', '440101199001011234')).toBe(cipher.hash('id', '440101199001011234'));
    expect(cipher.hash('id', 'x')).not.toBe(cipher.hash('phone', 'x'));
  });

  it('when personal data is masked then only the agreed characters remain', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('李*');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('44010119900101123X')).toBe('44**************3X');
    expect(maskOpenId('oAbcdefghijk')).toBe('oAb***ijk');
  });
});
