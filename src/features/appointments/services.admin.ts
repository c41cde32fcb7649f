import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { idParamSchema, serviceBodySchema, settingsBodySchema } from './appointments.schemas.js';
import { serviceResponses as r } from './appointments.responses.js';
import type { AppointmentSettings, ServiceInput } from './appointments.types.js';
import { ServiceValidationError, validateService } from './appointments.validate.js';
import { DuplicateCodeError, type ServiceRepository } from './services.repository.js';

interface Deps {
  services: ServiceRepository;
  audit: AuditRepository;
}

const tags = ['appointments'];

function checked(input: ServiceInput): ServiceInput {
  try {
    validateService(input);
    return input;
  } catch (err) {
    if (err instanceof ServiceValidationError) throw badRequest(err.field, err.message);
    throw err;
  }
}

async function saving<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DuplicateCodeError) throw conflict(`an appointment service with code "${err.message}" already exists`);
    throw err;
  }
}

/** Appointment services (halls, hospital clinics) and the account's reminder settings. */
export async function serviceRoutes(app: FastifyInstance, { services, audit }: Deps): Promise<void> {
  const record = (request: { accountId: string; operator: { name: string } }, action: string, resourceId?: number | string, detail?: unknown) =>
    audit.record({ accountId: request.accountId, actor: request.operator.name, action, resource: 'appointment-service', resourceId, detail });

  app.post<{ Body: ServiceInput }>('/appointment-services', { schema: { tags, summary: '创建预约事项', body: serviceBodySchema, response: r.created } }, async (request, reply) => {
    const service = await saving(() => services.create(request.accountId, checked(request.body)));
    await record(request, 'create', service.id, request.body);
    return reply.code(201).send(service);
  });

  app.get('/appointment-services', { schema: { tags, summary: '列出预约事项', response: r.list } }, async (request) => ({ items: await services.list(request.accountId) }));

  app.get<{ Params: { id: number } }>('/appointment-services/:id', { schema: { tags, summary: '查看预约事项', params: idParamSchema, response: r.one } }, async (request) => {
    const service = await services.get(request.accountId, request.params.id);
    if (!service) throw notFound('appointment service');
    return service;
  });

  app.put<{ Params: { id: number }; Body: ServiceInput }>(
    '/appointment-services/:id',
    { schema: { tags, summary: '修改预约事项', params: idParamSchema, body: serviceBodySchema, response: r.one } },
    async (request) => {
      const service = await saving(() => services.update(request.accountId, request.params.id, checked(request.body)));
      if (!service) throw notFound('appointment service');
      await record(request, 'update', service.id, request.body);
      return service;
    },
  );

  const deleteSchema = { tags, summary: '删除预约事项', description: '仍有未来预约时答 409：请先停用（enabled: false）或等预约结束。', params: idParamSchema, response: r.deleted };
  app.delete<{ Params: { id: number } }>('/appointment-services/:id', { schema: deleteSchema }, async (request, reply) => {
    const outcome = await services.remove(request.accountId, request.params.id, new Date());
    if (outcome === 'missing') throw notFound('appointment service');
    if (outcome === 'in-use') throw conflict('the service has upcoming bookings; disable it (enabled: false) or wait until they are done');
    await record(request, 'delete', request.params.id);
    return reply.code(204).send();
  });

  app.get('/appointment-settings', { schema: { tags, summary: '查看预约设置（提醒模板）', response: r.settings } }, async (request) => services.getSettings(request.accountId));

  app.put<{ Body: AppointmentSettings }>('/appointment-settings', { schema: { tags, summary: '修改预约设置（提醒模板）', body: settingsBodySchema, response: r.settings } }, async (request) => {
    const settings = { reminderTemplateId: request.body.reminderTemplateId || null };
    await services.setSettings(request.accountId, settings);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'appointment-settings', detail: settings });
    return settings;
  });
}
