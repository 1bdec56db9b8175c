// A DTR client's pre-population, with the CQL engine DTR SMART apps use (cql-execution + cql-exec-fhir): takes a
// $questionnaire-package Bundle and the patient's data (a FHIR collection Bundle holding the Patient), runs the ELM
// of the Questionnaire's cqf-library in the Patient context, and prints each item's initialExpression result as a
// QuestionnaireResponse answer value ({"valueCoding": ...}), by linkId. Nothing of the server's code is used.
'use strict';
const fs = require('fs');
const cql = require('cql-execution');
const cqlfhir = require('cql-exec-fhir');

const CQF_LIBRARY = 'http://hl7.org/fhir/StructureDefinition/cqf-library';
const INITIAL_EXPRESSION = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression';

async function main([packagePath, patientDataPath]) {
  const bundle = JSON.parse(fs.readFileSync(packagePath, 'utf8'));
  const patientData = JSON.parse(fs.readFileSync(patientDataPath, 'utf8'));
  const resources = bundle.entry.map(e => e.resource);
  const questionnaire = resources.find(r => r.resourceType === 'Questionnaire');
  const libraries = resources.filter(r => r.resourceType === 'Library');

  // every Library of the package, as ELM JSON, for the includes; the form's own one by its cqf-library canonical
  const elm = {};
  for (const library of libraries) {
    const content = (library.content || []).find(c => c.contentType === 'application/elm+json');
    if (!content) throw new Error(`Library ${library.url} has no application/elm+json content`);
    elm[library.name] = JSON.parse(Buffer.from(content.data, 'base64').toString('utf8'));
  }
  const cqfLibrary = (questionnaire.extension || []).find(e => e.url === CQF_LIBRARY).valueCanonical;
  const formLibrary = libraries.find(l => l.url === cqfLibrary.split('|')[0]);
  if (!formLibrary) throw new Error(`the package holds no Library ${cqfLibrary}`);
  const library = new cql.Library(elm[formLibrary.name], new cql.Repository(elm));

  // the package's expanded ValueSets are the client's terminology
  const valueSets = {};
  for (const vs of resources.filter(r => r.resourceType === 'ValueSet')) {
    const codes = ((vs.expansion && vs.expansion.contains) || []).map(c => ({ code: c.code, system: c.system, version: c.version }));
    valueSets[vs.url] = { [vs.version || '']: codes };
  }
  const codeService = new cql.CodeService(valueSets);

  const patientSource = cqlfhir.PatientSource.FHIRv401();
  patientSource.loadBundles([patientData]);
  const results = await new cql.Executor(library, codeService).exec(patientSource);
  const patientId = Object.keys(results.patientResults)[0];
  const values = results.patientResults[patientId];

  const answers = {};
  collect(questionnaire.item || [], formLibrary.name, values, answers);
  process.stdout.write(JSON.stringify({ patient: patientId, answers }));
}

function collect(items, libraryName, values, answers) {
  for (const item of items) {
    const initial = (item.extension || []).find(e => e.url === INITIAL_EXPRESSION);
    if (initial && initial.valueExpression.language === 'text/cql') {
      const [, lib, definition] = initial.valueExpression.expression.match(/^"?([A-Za-z0-9_]+)"?\."?([^"]+)"?$/) || [];
      if (lib === libraryName) {
        const answer = toAnswer(values[definition]);
        if (answer !== null) answers[item.linkId] = answer;
      }
    }
    collect(item.item || [], libraryName, values, answers);
  }
}

function toAnswer(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof cql.Code) {
    return { valueCoding: strip({ system: value.system, code: value.code, display: value.display }) };
  }
  if (value._json !== undefined && value._typeInfo && value._typeInfo.name === 'Coding') {
    return { valueCoding: strip({ system: value._json.system, code: value._json.code, display: value._json.display }) };
  }
  if (typeof value === 'string') return { valueString: value };
  if (typeof value === 'boolean') return { valueBoolean: value };
  throw new Error(`no answer type for ${JSON.stringify(value)}`);
}

function strip(coding) {
  Object.keys(coding).forEach(k => coding[k] === undefined || coding[k] === null ? delete coding[k] : null);
  return coding;
}

main(process.argv.slice(2)).catch(e => {
  console.error(e);
  process.exit(1);
});
