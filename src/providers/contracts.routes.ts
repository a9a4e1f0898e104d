import type { FastifyInstance, FastifyReply } from 'fastify';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import type { ContractsService } from './contracts.service.ts';
import type { Contract, Service } from './register.ts';
import { contractSchema } from './register.schemas.ts';
import { contractKindRadios, dateItems, formValues } from './register.view.ts';

type Body = Record<string, unknown>;
/** GOV.UK date inputs post day, month and year separately; the pipeline folds them into one ISO date each. */
const dates = ['startsOn', 'endsOn'];

function contractValues(contract: Contract): Body {
  return {
    kind: contract.kind,
    reference: contract.reference ?? '',
    annualValue: contract.annualValue === null ? '' : String(contract.annualValue),
    startsOn: contract.startsOn,
    endsOn: contract.endsOn ?? '',
  };
}

/** Adding and changing the contracts of a service. */
export function contractsRoutes(app: FastifyInstance, contracts: ContractsService) {
  const route = router(app);

  function render(reply: FastifyReply, service: Service, values: Body, mode: 'new' | 'edit', action: string, errors?: FormErrors) {
    return reply.render('providers/views/contract-form.njk', {
      title: mode === 'new' ? `Add a contract for ${service.name}` : `Change a contract for ${service.name}`,
      section: 'services',
      service,
      action,
      mode,
      values: formValues(values),
      errors,
      kindItems: contractKindRadios(values.kind),
      startsOnItems: dateItems(values, 'startsOn', !!errors?.fieldErrors.startsOn),
      endsOnItems: dateItems(values, 'endsOn', !!errors?.fieldErrors.endsOn),
      backLink: paths.services.show(service.id),
    });
  }

  route.get(paths.services.newContract(':id'), { access: 'register.write', ids: ['id'], notFound: 'Service' }, async ({ actor, ids, reply }) =>
    render(reply, await contracts.serviceFor(actor, ids.id), {}, 'new', paths.services.newContract(ids.id)),
  );

  route.post(
    paths.services.newContract(':id'),
    {
      access: 'register.write',
      ids: ['id'],
      notFound: 'Service',
      body: contractSchema,
      dates,
      invalid: async ({ actor, ids, values, reply }, errors) =>
        render(reply, await contracts.serviceFor(actor, ids.id), values, 'new', paths.services.newContract(ids.id), errors),
    },
    async ({ actor, ids, body, reply }) => {
      await contracts.add(actor, ids.id, body);
      return reply.redirect(withQuery(paths.services.show(ids.id), { notice: 'contract-added' }), 303);
    },
  );

  route.get(paths.contracts.edit(':id'), { access: 'register.write', ids: ['id'], notFound: 'Contract' }, async ({ actor, ids, reply }) => {
    const { contract, service } = await contracts.get(actor, ids.id);
    return render(reply, service, contractValues(contract), 'edit', paths.contracts.edit(ids.id));
  });

  route.post(
    paths.contracts.edit(':id'),
    {
      access: 'register.write',
      ids: ['id'],
      notFound: 'Contract',
      body: contractSchema,
      dates,
      invalid: async ({ actor, ids, values, reply }, errors) => {
        const { service } = await contracts.get(actor, ids.id);
        return render(reply, service, values, 'edit', paths.contracts.edit(ids.id), errors);
      },
    },
    async ({ actor, ids, body, reply }) => {
      const serviceId = await contracts.update(actor, ids.id, body);
      return reply.redirect(withQuery(paths.services.show(serviceId), { notice: 'contract-updated' }), 303);
    },
  );
}
