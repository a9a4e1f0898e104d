import type { PeriodItem } from './overview.service.ts';
import type { ServiceReturn } from './returns.service.ts';
import type { ReturnTemplate } from './template.ts';

/** The JSON shapes of returns (API.md, issue 17). */

export function templateToApi(t: ReturnTemplate) {
  return {
    id: t.id,
    key: t.key,
    version: t.version,
    name: t.name,
    categories: t.categories,
    appliesFrom: t.appliesFrom,
    sections: t.sections.map((s) => ({
      title: s.title,
      questions: s.questions.map((q) => ({
        key: q.key,
        label: q.label,
        ...(q.hint ? { hint: q.hint } : {}),
        type: q.type,
        ...(q.min !== undefined ? { min: q.min } : {}),
        ...(q.max !== undefined ? { max: q.max } : {}),
        ...(q.options ? { options: q.options } : {}),
        required: q.required,
        ...(q.flag ? { flag: q.flag } : {}),
      })),
    })),
  };
}

export function returnToApi(r: ServiceReturn) {
  return {
    id: r.id,
    serviceId: r.serviceId,
    year: r.year,
    quarter: r.quarter,
    version: r.version,
    status: r.status,
    answers: r.answers,
    flags: r.flags,
    templateId: r.templateId,
    dueOn: r.dueOn,
    submittedAt: r.submitted?.at.toISOString() ?? null,
    submittedBy: r.submitted?.byName ?? null,
    query: r.query ? { message: r.query.message, by: r.query.byName, at: r.query.at.toISOString() } : null,
    acceptedAt: r.accepted?.at.toISOString() ?? null,
  };
}

export function periodItemToApi(item: PeriodItem) {
  return {
    serviceId: item.serviceId,
    serviceName: item.serviceName,
    providerName: item.providerName,
    category: item.category,
    status: item.status,
    dueOn: item.dueOn,
    returnId: item.latest && item.latest.status !== 'draft' ? item.latest.id : null,
    version: item.latest && item.latest.status !== 'draft' ? item.latest.version : null,
    submittedAt: item.latest?.submitted?.at.toISOString() ?? null,
    flags: item.flags,
  };
}
