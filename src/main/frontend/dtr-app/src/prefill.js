// Pre-population as DTR 2.0.1 requires of a client: run the Questionnaire's CQL (its cqf-library and that Library's
// depends-on closure, as ELM from the package) against the patient's data read from the EHR, and turn each item's
// initialExpression ("Library".Definition, text/cql) into answers.
import { Executor, Library, Repository, CodeService } from 'cql-execution';
import { PatientSource } from 'cql-exec-fhir';
import { SDC } from './config.js';

const EXPRESSIONS = [SDC + 'sdc-questionnaire-initialExpression', SDC + 'sdc-questionnaire-calculatedExpression'];

function elmOf(library) {
  const content = (library.content || []).find((c) => c.contentType === 'application/elm+json' && c.data);
  if (!content) {
    throw new Error(`The payer's Library ${library.url} has no ELM (application/elm+json); DTR requires it.`);
  }
  const bytes = Uint8Array.from(atob(content.data), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Every ValueSet of the package as cql-execution wants it: url → version → codes (from the expansions). */
function codeService(valueSets) {
  const byUrl = {};
  for (const vs of valueSets) {
    const codes = ((vs.expansion && vs.expansion.contains) || []).map((c) => ({ code: c.code, system: c.system,
      version: c.version }));
    byUrl[vs.url] = byUrl[vs.url] || {};
    byUrl[vs.url][vs.version || ''] = codes;
  }
  return new CodeService(byUrl);
}

/** The resource types the Libraries' dataRequirements name, read for the patient from the EHR. */
async function patientData(client, libraries, context) {
  const types = new Set();
  libraries.forEach((l) => (l.dataRequirement || []).forEach((d) => types.add(d.type)));
  types.delete('Patient');
  const entries = [{ resource: await client.patient.read() }, { resource: context.coverage }];
  const seen = new Set([context.orderRef, context.coverageRef]);
  entries.push({ resource: context.order });
  for (const type of types) {
    const found = await client.request(`${type}?patient=${client.patient.id}`, { pageLimit: 0, flat: true });
    for (const resource of found) {
      const key = resource.resourceType + '/' + resource.id;
      if (!seen.has(key)) {
        seen.add(key);
        entries.push({ resource });
      }
    }
  }
  return { resourceType: 'Bundle', type: 'collection', entry: entries };
}

/** linkId → the CQL value of its initial/calculated expression, for every item that has one. */
export async function evaluate(client, pkg, context) {
  const main = (pkg.questionnaire.extension || [])
    .find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/cqf-library').valueCanonical.split('|')[0];
  const elms = {};
  let mainElm;
  for (const library of pkg.libraries) {
    const elm = elmOf(library);
    elms[elm.library.identifier.id] = elm;
    if (library.url === main) {
      mainElm = elm;
    }
  }
  if (!mainElm) {
    throw new Error(`The package lacks the Questionnaire's cqf-library ${main}.`);
  }
  const patients = PatientSource.FHIRv401();
  patients.loadBundles([await patientData(client, pkg.libraries, context)]);
  const executor = new Executor(new Library(mainElm, new Repository(elms)), codeService(pkg.valueSets));
  const results = await executor.exec(patients);
  const values = Object.values(results.patientResults)[0] || {};
  const answers = {};
  const libraryName = mainElm.library.identifier.id;
  (function walk(items) {
    for (const item of items || []) {
      const expression = (item.extension || []).find((e) => EXPRESSIONS.includes(e.url) && e.valueExpression
        && e.valueExpression.language === 'text/cql');
      if (expression) {
        const [lib, name] = expression.valueExpression.expression.split('.').map((s) => s.replace(/^"|"$/g, ''));
        if (lib === libraryName && values[name] != null) {
          answers[item.linkId] = values[name];
        }
      }
      walk(item.item);
    }
  })(pkg.questionnaire.item);
  return answers;
}

/** A CQL result as a FHIR answer for the item's type; null when it does not fit. */
export function answerValue(item, value) {
  const plain = (v) => (v && typeof v === 'object' && 'value' in v && Object.keys(v).length <= 2 ? v.value : v);
  switch (item.type) {
    case 'boolean':
      return typeof plain(value) === 'boolean' ? { valueBoolean: plain(value) } : null;
    case 'string':
    case 'text':
      return { valueString: String(plain(value)) };
    case 'integer':
      return { valueInteger: Number(plain(value)) };
    case 'decimal':
      return { valueDecimal: Number(plain(value)) };
    case 'date':
      return { valueDate: String(plain(value)).substring(0, 10) };
    case 'choice':
    case 'open-choice': {
      const code = value.code && (value.code.value || value.code);
      const system = value.system && (value.system.value || value.system);
      const option = (item.answerOption || []).find((o) => o.valueCoding && o.valueCoding.code === code
        && (!system || o.valueCoding.system === system));
      if (option) {
        return { valueCoding: option.valueCoding };
      }
      return code ? { valueCoding: { system, code, display: value.display && (value.display.value || value.display) } }
        : null;
    }
    default:
      return null;
  }
}
