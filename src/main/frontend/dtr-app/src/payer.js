// The payer's DTR endpoints on the server that serves this app (same origin, so no CORS).
import { PAYER_BASE } from './config.js';

async function send(method, path, body) {
  const response = await fetch(PAYER_BASE + path, {
    method,
    headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const issues = json && json.resourceType === 'OperationOutcome'
      ? json.issue.map((i) => [i.details && i.details.text, i.diagnostics].filter(Boolean).join(': ')).join('\n')
      : text;
    throw new Error(`The payer answered ${response.status} to ${method} ${path}:\n${issues}`);
  }
  return json;
}

/** DTR $questionnaire-package: the order and Coverage as read from the EHR, the CRD assertion id as context. */
export async function questionnairePackage(context) {
  const parameter = [{ name: 'coverage', resource: context.coverage }, { name: 'order', resource: context.order }];
  context.questionnaires.forEach((q) => parameter.push({ name: 'questionnaire', valueCanonical: q }));
  if (context.assertionId) {
    parameter.push({ name: 'context', valueString: context.assertionId });
  }
  const answer = await send('POST', '/Questionnaire/$questionnaire-package', { resourceType: 'Parameters', parameter });
  const bundles = answer.resourceType === 'Bundle' ? [answer]
    : answer.parameter.filter((p) => p.name === 'PackageBundle').map((p) => p.resource);
  if (bundles.length === 0) {
    throw new Error('The payer has no documentation form for this order.');
  }
  const bundle = bundles[0];
  const resources = bundle.entry.map((e) => e.resource);
  return {
    questionnaire: resources[0],
    libraries: resources.filter((r) => r.resourceType === 'Library'),
    valueSets: resources.filter((r) => r.resourceType === 'ValueSet'),
    draft: resources.find((r) => r.resourceType === 'QuestionnaireResponse'),
  };
}

/** Stores the response with the payer: create the first time, update (with its version) after. */
export async function storeWithPayer(response, payerCopy) {
  if (payerCopy) {
    const copy = { ...response, id: payerCopy.id };
    return send('PUT', '/QuestionnaireResponse/' + payerCopy.id, copy);
  }
  const copy = { ...response };
  delete copy.id;
  delete copy.meta;
  return send('POST', '/QuestionnaireResponse', copy);
}
