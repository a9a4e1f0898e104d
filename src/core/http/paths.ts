/** Every route path in one place: routes, templates and redirects build URLs from here. */
export const paths = {
  home: '/',
  healthz: '/healthz',
  signIn: '/sign-in',
  signOut: '/sign-out',
  accessibility: '/accessibility',
  services: {
    list: '/services',
    new: '/services/new',
    show: (id: string) => `/services/${id}`,
    edit: (id: string) => `/services/${id}/edit`,
    history: (id: string) => `/services/${id}/history`,
    newContract: (id: string) => `/services/${id}/contracts/new`,
  },
  contracts: {
    edit: (id: string) => `/contracts/${id}/edit`,
  },
  providers: {
    list: '/providers',
    new: '/providers/new',
    show: (id: string) => `/providers/${id}`,
    edit: (id: string) => `/providers/${id}/edit`,
    history: (id: string) => `/providers/${id}/history`,
  },
  admin: {
    organisations: '/admin/organisations',
    newOrganisation: '/admin/organisations/new',
    users: '/admin/users',
    newUser: '/admin/users/new',
    editUser: (id: string) => `/admin/users/${id}/edit`,
    checkNewUser: '/admin/users/new/check',
    user: (id: string) => `/admin/users/${id}`,
    deactivateUser: (id: string) => `/admin/users/${id}/deactivate`,
    reactivateUser: (id: string) => `/admin/users/${id}/reactivate`,
    resetPassword: (id: string) => `/admin/users/${id}/password`,
    editOrganisation: (id: string) => `/admin/organisations/${id}/edit`,
  },
  account: {
    tokens: '/account/api-tokens',
    revokeToken: (id: string) => `/account/api-tokens/${id}/revoke`,
    newToken: '/account/api-tokens/new',
  },
  intelligence: {
    new: (serviceId: string) => `/services/${serviceId}/intelligence/new`,
    show: (id: string) => `/intelligence/${id}`,
    edit: (id: string) => `/intelligence/${id}/edit`,
    timeline: (serviceId: string) => `/services/${serviceId}/timeline`,
  },
  concerns: {
    start: '/report-a-concern',
    findService: '/report-a-concern/find-a-service',
    form: (route: string) => `/report-a-concern/${route.replace(/_/g, '-')}`,
    submit: '/public/concerns',
    sent: '/report-a-concern/sent',
  },
  triage: {
    queue: '/triage',
    show: (id: string) => `/triage/${id}`,
    link: (id: string) => `/triage/${id}/link`,
    routeOnward: (id: string) => `/triage/${id}/route-onward`,
    close: (id: string) => `/triage/${id}/close`,
  },
  risk: {
    service: (id: string) => `/services/${id}/risk`,
    rate: (id: string) => `/services/${id}/risk/rate`,
    check: (id: string) => `/services/${id}/risk/rate/check`,
    confirm: (id: string) => `/services/${id}/risk/rate/confirm`,
    register: '/risk-register',
    audit: '/risk-register/audit',
    matrix: '/admin/risk-matrix',
    editMatrix: '/admin/risk-matrix/edit',
  },
  work: '/work',
  assessments: {
    list: '/assessments',
    start: (serviceId: string) => `/services/${serviceId}/assessments/new`,
    show: (id: string) => `/assessments/${id}`,
    domain: (id: string, domainId: string) => `/assessments/${id}/domains/${domainId}`,
    check: (id: string) => `/assessments/${id}/check-answers`,
    publish: (id: string) => `/assessments/${id}/publish`,
    comments: (id: string) => `/assessments/${id}/comments`,
    confirmAccuracy: (id: string) => `/assessments/${id}/confirm-accuracy`,
    correct: (id: string) => `/assessments/${id}/correct`,
    discard: (id: string) => `/assessments/${id}/delete`,
    compare: (id: string) => `/assessments/${id}/compare`,
    report: (id: string) => `/assessments/${id}/report`,
    pdf: (id: string) => `/assessments/${id}/report.pdf`,
  },
  frameworks: {
    list: '/admin/frameworks',
    new: '/admin/frameworks/new',
    show: (id: string) => `/admin/frameworks/${id}`,
    newVersion: (id: string) => `/admin/frameworks/${id}/versions`,
    version: (id: string) => `/admin/framework-versions/${id}`,
    details: (id: string) => `/admin/framework-versions/${id}/details`,
    publish: (id: string) => `/admin/framework-versions/${id}/publish`,
    discard: (id: string) => `/admin/framework-versions/${id}/discard`,
    newDomain: (versionId: string) => `/admin/framework-versions/${versionId}/domains/new`,
    editDomain: (id: string) => `/admin/framework-domains/${id}/edit`,
    newStandard: (domainId: string) => `/admin/framework-domains/${domainId}/standards/new`,
    editStandard: (id: string) => `/admin/framework-standards/${id}/edit`,
    newQuestion: (standardId: string) => `/admin/framework-standards/${standardId}/questions/new`,
    editQuestion: (id: string) => `/admin/framework-questions/${id}/edit`,
    remove: (kind: 'domains' | 'standards' | 'questions', id: string) => `/admin/framework-${kind}/${id}/remove`,
    move: (kind: 'domains' | 'standards' | 'questions', id: string) => `/admin/framework-${kind}/${id}/move`,
    settings: '/admin/assessment-settings',
  },
  public: {
    service: (id: string) => `/public/services/${id}`,
  },
  api: {
    openapi: '/api/v1/openapi.json',
    frameworks: '/api/v1/frameworks',
    assessments: '/api/v1/assessments',
    assessment: (id: string) => `/api/v1/assessments/${id}`,
    assessmentAnswers: (id: string) => `/api/v1/assessments/${id}/answers`,
    assessmentComplete: (id: string) => `/api/v1/assessments/${id}/complete`,
    assessmentPublish: (id: string) => `/api/v1/assessments/${id}/publish`,
    serviceAssessments: (id: string) => `/api/v1/services/${id}/assessments`,
    me: '/api/v1/me',
    providers: '/api/v1/providers',
    provider: (id: string) => `/api/v1/providers/${id}`,
    services: '/api/v1/services',
    service: (id: string) => `/api/v1/services/${id}`,
    serviceRisk: (id: string) => `/api/v1/services/${id}/risk`,
    riskMatrix: '/api/v1/risk-matrix',
    serviceIntelligence: (id: string) => `/api/v1/services/${id}/intelligence`,
    serviceTimeline: (id: string) => `/api/v1/services/${id}/timeline`,
    intelligence: (id: string) => `/api/v1/intelligence/${id}`,
  },
} as const;

export type Paths = typeof paths;

/** Appends a query string, dropping empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
