import type { FastifyInstance } from 'fastify';

export type FormBody = Record<string, string[]>;

/** The pages' plain HTML forms: every field as a list of its values (checkboxes repeat a name). */
export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
    const form: FormBody = {};
    for (const [key, value] of new URLSearchParams(String(body))) (form[key] ??= []).push(value);
    done(null, form);
  });
}

export const field = (form: FormBody | undefined, name: string): string => (form?.[name]?.[0] ?? '').trim();
