import fc from 'fast-check';

/**
 * Request bodies generated from a route's own JSON schema (as published in the OpenAPI
 * document), mostly well-shaped so they reach the handler and the database, with
 * out-of-range numbers, over-long and hostile strings, wrong types and random JSON
 * mixed in at every level.
 */

export type Schema = Record<string, unknown>;

const SQL = ["'; DROP TABLE keyword_rules; --", "' OR '1'='1", '"; SELECT pg_sleep(10); --', '$1', '\\', "E'\\x00'", '%_%', '){}]};--'];

/** Text that PostgreSQL can store; NUL and unpaired surrogates are a separate hazard (see `textHazards`). */
export const storableText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SQL, '', ' ', '社保卡补办', '<script>alert(1)</script>', '👍🏻', '\u202e', 'a'.repeat(5000)) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\u0001', '\u0008', '\u001f', '\u007f', '\u2028', 'x'), maxLength: 10 }) },
);

/** Characters a JSON body can carry but a PostgreSQL text or jsonb value cannot. */
export const textHazards: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000b', '\udc00\ud800'), fc.string({ unit: 'grapheme-ascii', maxLength: 5 }))
  .map(([hazard, text]) => text + hazard);

const numbers = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e20, 1e308, 0.5, -0.0),
  fc.double({ noNaN: true }),
);

const dates = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringFor(schema: Schema, text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const options: Array<fc.Arbitrary<string>> = [text];
  if (schema.format === 'date-time') options.push(dates, dates);
  if (schema.format === 'date') options.push(dates.map((d) => d.slice(0, 10)), dates.map((d) => d.slice(0, 10)));
  if (typeof schema.pattern === 'string') {
    try {
      options.push(fc.stringMatching(new RegExp(schema.pattern)), fc.stringMatching(new RegExp(schema.pattern)));
    } catch {
      // A pattern fast-check cannot generate from: plain text only.
    }
  }
  if (typeof schema.maxLength === 'number') options.push(fc.constant('长'.repeat(schema.maxLength + 1)));
  return fc.oneof(...options);
}

/** Merges allOf/if-then branches into one object schema, so generated objects carry every known field. */
function flatten(schema: Schema): Schema {
  const parts = [schema, ...((schema.allOf as Schema[] | undefined) ?? []).flatMap((s) => [s, (s.then as Schema | undefined) ?? {}])];
  const properties: Record<string, Schema> = {};
  const required = new Set<string>();
  for (const part of parts) {
    Object.assign(properties, (part.properties as Record<string, Schema> | undefined) ?? {});
    for (const name of (part.required as string[] | undefined) ?? []) required.add(name);
  }
  return { ...schema, properties, required: [...required] };
}

export function arbitraryFor(schema: Schema | undefined, text: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  const shaped = shapedFor(schema, text, depth);
  return fc.oneof({ weight: 12, arbitrary: shaped }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
}

function shapedFor(schema: Schema, text: fc.Arbitrary<string>, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.oneof(fc.constantFrom(...(schema.enum as unknown[])), text);
  if ('const' in schema) return fc.constant(schema.const);
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, text, depth + 1)));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type ?? (schema.properties || schema.allOf ? 'object' : 'string')];
  return fc.oneof(...types.map((type) => byType(String(type), schema, text, depth)));
}

function byType(type: string, schema: Schema, text: fc.Arbitrary<string>, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringFor(schema, text);
    case 'integer':
    case 'number':
      return numbers;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(schema.items as Schema | undefined, text, depth + 1), { maxLength: 4 });
    case 'object': {
      const flat = flatten(schema);
      const properties = flat.properties as Record<string, Schema>;
      const names = Object.keys(properties);
      if (names.length === 0) return fc.dictionary(text, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      const record = fc.record(
        Object.fromEntries(names.map((name) => [name, arbitraryFor(properties[name], text, depth + 1)])),
        { requiredKeys: (flat.required as string[]).filter((name) => names.includes(name)) },
      );
      // Sometimes drop a required field or add an unknown one.
      return fc.tuple(record, fc.option(fc.constantFrom(...names)), fc.option(text)).map(([value, drop, extra]) => {
        const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        if (drop !== null && names.length > 1) delete out[drop];
        if (extra !== null) out[extra] = extra;
        return out;
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Path parameters (URL-encoded): real-looking ids, traversal and junk. Out-of-range values are in `outOfRange`. */
export const pathParam: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map(String),
  fc.constantFrom('0', '-1', '1e3', '1.5', '..', '%2e%2e%2f', 'abc', '%E4%B8%AD', 'x'.repeat(300), "1'%20OR%20'1'%3D'1"),
);

/** Query-string values. */
export const queryValue: fc.Arbitrary<string> = fc.oneof(
  storableText,
  fc.constantFrom('-1', '0', '1e9', '2024-02-30', '2024-13-01', '9999-12-31', 'true', '', '[]', '{}'),
);

/** Values that pass a loose schema but lie outside what PostgreSQL columns accept. */
export const outOfRange = {
  ids: ['2147483648', '9223372036854775808', '99999999999999999999'],
  dates: ['0000-01-01', '-0001-01-01'],
  dateTimes: ['0000-01-01T00:00:00Z', '0000-12-31T23:59:59+01:00'],
};
