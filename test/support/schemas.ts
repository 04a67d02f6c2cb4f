import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv as AjvDraft07 } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const root = join(import.meta.dirname, '..', '..');

/** The official SARIF 2.1.0 schema (OASIS), as shipped in @microsoft/jest-sarif. */
export const SARIF_SCHEMA_PATH = join(
  root,
  'node_modules',
  '@microsoft',
  'jest-sarif',
  'lib',
  'schemas',
  'sarif-2.1.0-rtm.5.json',
);

export function sarifValidator(): (data: unknown) => string[] {
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object);
  return (data) =>
    validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Our published report schema, docs/report.schema.json. */
export function reportValidator(): (data: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(
    JSON.parse(readFileSync(join(root, 'docs', 'report.schema.json'), 'utf8')) as object,
  );
  return (data) =>
    validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const CDX_DIR = join(root, 'node_modules', '@cyclonedx', 'cyclonedx-library', 'res', 'schema');

/**
 * The official CycloneDX 1.6 JSON schema (draft-07), as shipped by the CycloneDX project's own
 * library, with the SPDX licence-id and JSF schemas it references.
 */
export function cycloneDxValidator(): (data: unknown) => string[] {
  const ajv = new AjvDraft07({ allErrors: true, strict: false });
  addFormats.default(ajv);
  // ajv-formats has no IRI or internationalised e-mail formats; checked loosely here (Bulkhead's
  // SBOMs write neither kind of field).
  ajv.addFormat('iri-reference', /^\S*$/);
  ajv.addFormat('idn-email', /^\S+@\S+$/);
  const load = (f: string): Record<string, unknown> =>
    JSON.parse(readFileSync(join(CDX_DIR, f), 'utf8')) as Record<string, unknown>;
  // bom-1.6 refers to its neighbours by their SNAPSHOT file names.
  ajv.addSchema({
    ...load('spdx.SNAPSHOT.schema.json'),
    $id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json',
  });
  ajv.addSchema({
    ...load('jsf-0.82.SNAPSHOT.schema.json'),
    $id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json',
  });
  const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
  return (data) =>
    validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
