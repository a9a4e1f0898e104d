import type { FastifyInstance, FastifyReply } from 'fastify';
import { Invalid } from '../core/errors.ts';
import { errorViewModel, foldDateInputs } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import type { ContractsService } from './contracts.service.ts';
import type { Contract, Service } from './register.ts';
import { contractKindRadios, dateItems, formValues, pointDateErrorsAtDay } from './register.view.ts';

type Body = Record<string, unknown>;
const DATE_FIELDS = ['startsOn', 'endsOn'] as const;

/** GOV.UK date inputs post day, month and year separately; the schema reads one ISO date per field. */
function readContractForm(body: Body): Body {
  const folded = { ...body };
  for (const name of DATE_FIELDS) foldDateInputs(folded, name);
  return folded;
}

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
  function render(reply: FastifyReply, service: Service, values: Body, mode: 'new' | 'edit', action: string, error?: Invalid) {
    const errors = error ? pointDateErrorsAtDay(errorViewModel(error.errors), DATE_FIELDS) : undefined;
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

  app.get(paths.services.newContract(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const service = await contracts.serviceFor(actor, id);
    return render(reply, service, {}, 'new', paths.services.newContract(id));
  });

  app.post(paths.services.newContract(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Body;
    try {
      await contracts.add(actor, id, readContractForm(body));
      return reply.redirect(withQuery(paths.services.show(id), { notice: 'contract-added' }), 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return render(reply.code(400), await contracts.serviceFor(actor, id), body, 'new', paths.services.newContract(id), error);
    }
  });

  app.get(paths.contracts.edit(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const { contract, service } = await contracts.get(actor, id);
    return render(reply, service, contractValues(contract), 'edit', paths.contracts.edit(id));
  });

  app.post(paths.contracts.edit(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Body;
    try {
      const serviceId = await contracts.update(actor, id, readContractForm(body));
      return reply.redirect(withQuery(paths.services.show(serviceId), { notice: 'contract-updated' }), 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const { service } = await contracts.get(actor, id);
      return render(reply.code(400), service, body, 'edit', paths.contracts.edit(id), error);
    }
  });
}
