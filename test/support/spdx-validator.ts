import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * A checker for SPDX 2.3 JSON documents, written from the specification text
 * (https://spdx.github.io/spdx-spec/v2.3/): clause 6 (document creation information), clause 7
 * (package information), clause 11 (relationships), Annex D (licence expressions) and Annex F
 * (external repository identifiers). The official JSON schema cannot be vendored here; this
 * checks the requirements an SBOM writer can get wrong, each reported as `<where>: <what>`.
 * Files and snippets are not checked beyond their identifiers (Bulkhead writes neither).
 */

const root = join(import.meta.dirname, '..', '..');

/**
 * Licence and exception identifiers of the SPDX License List (Annex A), as the CycloneDX project
 * ships them (the data of the list, not a schema of SPDX documents). Lower-cased: Annex D matches
 * identifiers case-insensitively.
 */
export function spdxLicenseListIds(): ReadonlySet<string> {
  const file = join(
    root,
    'node_modules',
    '@cyclonedx',
    'cyclonedx-library',
    'res',
    'schema',
    'spdx.SNAPSHOT.schema.json',
  );
  const data = JSON.parse(readFileSync(file, 'utf8')) as { enum: string[] };
  return new Set(data.enum.map((id) => id.toLowerCase()));
}

/** 11.1, Table 68. */
export const RELATIONSHIP_TYPES: readonly string[] = [
  'DESCRIBES',
  'DESCRIBED_BY',
  'CONTAINS',
  'CONTAINED_BY',
  'DEPENDS_ON',
  'DEPENDENCY_OF',
  'DEPENDENCY_MANIFEST_OF',
  'BUILD_DEPENDENCY_OF',
  'DEV_DEPENDENCY_OF',
  'OPTIONAL_DEPENDENCY_OF',
  'PROVIDED_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
  'EXAMPLE_OF',
  'GENERATES',
  'GENERATED_FROM',
  'ANCESTOR_OF',
  'DESCENDANT_OF',
  'VARIANT_OF',
  'DISTRIBUTION_ARTIFACT',
  'PATCH_FOR',
  'PATCH_APPLIED',
  'COPY_OF',
  'FILE_ADDED',
  'FILE_DELETED',
  'FILE_MODIFIED',
  'EXPANDED_FROM_ARCHIVE',
  'DYNAMIC_LINK',
  'STATIC_LINK',
  'DATA_FILE_OF',
  'TEST_CASE_OF',
  'BUILD_TOOL_OF',
  'DEV_TOOL_OF',
  'TEST_OF',
  'TEST_TOOL_OF',
  'DOCUMENTATION_OF',
  'OPTIONAL_COMPONENT_OF',
  'METAFILE_OF',
  'PACKAGE_OF',
  'AMENDS',
  'PREREQUISITE_FOR',
  'HAS_PREREQUISITE',
  'REQUIREMENT_DESCRIPTION_FOR',
  'SPECIFICATION_FOR',
  'OTHER',
];

/** 7.24 (Table 36). */
export const PACKAGE_PURPOSES: readonly string[] = [
  'APPLICATION',
  'FRAMEWORK',
  'LIBRARY',
  'CONTAINER',
  'OPERATING-SYSTEM',
  'DEVICE',
  'FIRMWARE',
  'SOURCE',
  'ARCHIVE',
  'FILE',
  'INSTALL',
  'OTHER',
];

/** 7.10 (Table 22). */
const CHECKSUM_HEX_LENGTH: Record<string, number | undefined> = {
  SHA1: 40,
  SHA224: 56,
  SHA256: 64,
  SHA384: 96,
  SHA512: 128,
  'SHA3-256': 64,
  'SHA3-384': 96,
  'SHA3-512': 128,
  'BLAKE2b-256': 64,
  'BLAKE2b-384': 96,
  'BLAKE2b-512': 128,
  BLAKE3: undefined,
  MD2: 32,
  MD4: 32,
  MD5: 32,
  MD6: undefined,
  ADLER32: 8,
};

/** 7.21 (Table 33) and Annex F: the types of each external reference category. */
const EXTERNAL_REF_TYPES: Record<string, readonly string[] | undefined> = {
  SECURITY: ['cpe22Type', 'cpe23Type', 'advisory', 'fix', 'url', 'swid'],
  'PACKAGE-MANAGER': ['maven-central', 'npm', 'nuget', 'bower', 'purl'],
  'PERSISTENT-ID': ['swh', 'gitoid'],
  // F.5: any `[idstring]` (or a URI ending in `#LocationRef-...`).
  OTHER: undefined,
};

/** Annex F locator formats, where the annex gives one. */
const LOCATOR_FORMATS: Record<string, RegExp | undefined> = {
  purl: /^pkg:[A-Za-z.+-][A-Za-z0-9.+-]*\/\S+$/,
  cpe22Type: /^[c][pP][eE]:\/[AHOaho]?(?::[A-Za-z0-9._\-~%]*){0,6}$/,
  cpe23Type: /^cpe:2\.3:[aho*-](?::\S*){10}$/,
  'maven-central': /^[^:]+:[^:]+(?::[^:]+)?$/,
  npm: /^[^@]+@[^@]+$/,
  nuget: /^[^/]+\/[^/]+$/,
  bower: /^[^#]+#[^#]+$/,
  swh: /^swh:1:(?:cnt|dir|rev|rel|snp):[0-9a-f]{40}$/,
  gitoid: /^gitoid:(?:blob|tree|commit|tag):(?:sha1:[0-9a-f]{40}|sha256:[0-9a-f]{64})$/,
};

const IDSTRING = /^[A-Za-z0-9.-]+$/;
/** 7.2: "SPDXRef-" followed by letters, numbers, `.` and `-`. */
const ELEMENT_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
/** 11.1: an element of another document, through a declared external document reference. */
const EXTERNAL_ELEMENT = /^(DocumentRef-[A-Za-z0-9.+-]+):(SPDXRef-[A-Za-z0-9.-]+)$/;
/** 6.9: `YYYY-MM-DDThh:mm:ssZ`. */
const CREATED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const isSingleLine = (v: unknown): v is string => isText(v) && !/[\r\n]/.test(v);

function validDate(created: string): boolean {
  const m = CREATED.exec(created);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d &&
    t.getUTCHours() === h &&
    t.getUTCMinutes() === mi &&
    t.getUTCSeconds() === s
  );
}

/** 6.5: an absolute URI (RFC 3986: a scheme, then no spaces), without a `#` part. */
function namespaceProblem(ns: unknown): string | undefined {
  if (typeof ns !== 'string' || ns === '') return 'is required';
  if (ns.includes('#')) return 'shall not contain "#"';
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(ns)) return 'is not an absolute URI with a scheme';
  try {
    new URL(ns);
  } catch {
    return 'is not a valid URI';
  }
  return undefined;
}

/** 7.7: a URL, a VCS location (`git+https://...`, `git+git@host:path`), NONE or NOASSERTION. */
function validDownloadLocation(v: unknown): boolean {
  if (v === 'NONE' || v === 'NOASSERTION') return true;
  if (typeof v !== 'string' || /\s/.test(v)) return false;
  return (
    /^(?:[a-z]+\+)?[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) || /^(?:git|hg|svn|bzr)\+[^@\s]+@[^:\s]+:\S+$/.test(v)
  );
}

/**
 * Annex D: `simple-expression` (a listed licence id, optionally with `+`, or a LicenseRef),
 * `simple WITH exception`, `expr AND expr`, `expr OR expr`, `( expr )`. Operators are upper case.
 * Returns what is wrong, or undefined.
 */
export function licenseExpressionProblem(
  expression: string,
  known: ReadonlySet<string> | undefined,
  declaredRefs: ReadonlySet<string>,
): string | undefined {
  const tokens = expression
    .replace(/([()])/g, ' $1 ')
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (tokens.length === 0) return 'is empty';
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const fail = (what: string): never => {
    throw new Error(what);
  };
  const simple = (): void => {
    const t = peek();
    if (t === undefined || t === '(' || t === ')' || t === 'AND' || t === 'OR' || t === 'WITH')
      fail(`expected a licence at token ${String(i + 1)}${t ? ` ("${t}")` : ''}`);
    i++;
    const ref = /^(?:(DocumentRef-[A-Za-z0-9.+-]+):)?LicenseRef-([A-Za-z0-9.-]+)$/.exec(t as string);
    if (ref) {
      if (!ref[1] && !declaredRefs.has(t as string))
        fail(`"${t as string}" is not declared in hasExtractedLicensingInfos`);
      return;
    }
    const id = (t as string).endsWith('+') ? (t as string).slice(0, -1) : (t as string);
    if (!IDSTRING.test(id)) fail(`"${t as string}" is not a licence identifier`);
    if (known && !known.has(id.toLowerCase())) fail(`"${id}" is not on the SPDX License List`);
    if (peek() === 'WITH') {
      i++;
      const exc = peek();
      if (exc === undefined || !IDSTRING.test(exc)) fail('WITH must be followed by an exception identifier');
      if (known && !known.has((exc as string).toLowerCase()))
        fail(`"${exc as string}" is not on the SPDX exceptions list`);
      i++;
    }
  };
  const term = (): void => {
    if (peek() === '(') {
      i++;
      expr();
      if (peek() !== ')') fail('unbalanced "("');
      i++;
    } else simple();
  };
  const expr = (): void => {
    term();
    while (peek() === 'AND' || peek() === 'OR') {
      i++;
      term();
    }
  };
  try {
    expr();
    if (i < tokens.length) fail(`unexpected "${tokens[i] ?? ''}"`);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return undefined;
}

export interface SpdxValidatorOptions {
  /** Identifiers licence expressions may use (lower case); `null` checks the syntax only. */
  licenseIds?: ReadonlySet<string> | null;
}

/** Returns a validator: document in, problems out (`[]` for a valid document). */
export function spdxValidator(opts: SpdxValidatorOptions = {}): (data: unknown) => string[] {
  const known = opts.licenseIds === null ? undefined : (opts.licenseIds ?? spdxLicenseListIds());
  return (data) => validate(data, known);
}

function validate(doc: unknown, known: ReadonlySet<string> | undefined): string[] {
  const problems: string[] = [];
  // Returns false so that checks can `return problem(...)` early.
  const problem = (where: string, what: string): false => {
    problems.push(`${where}: ${what}`);
    return false;
  };
  if (!isRecord(doc)) return ['document: not a JSON object'];

  // Clause 6: document creation information.
  if (doc.spdxVersion !== 'SPDX-2.3') problem('spdxVersion', 'must be "SPDX-2.3"');
  if (doc.dataLicense !== 'CC0-1.0') problem('dataLicense', 'must be "CC0-1.0"');
  if (doc.SPDXID !== 'SPDXRef-DOCUMENT') problem('SPDXID', 'must be "SPDXRef-DOCUMENT"');
  if (!isSingleLine(doc.name)) problem('name', 'is required (a single line of text)');
  const ns = namespaceProblem(doc.documentNamespace);
  if (ns) problem('documentNamespace', ns);
  const docRefs = new Set<string>();
  if (doc.externalDocumentRefs !== undefined) {
    if (!Array.isArray(doc.externalDocumentRefs)) problem('externalDocumentRefs', 'must be an array');
    else
      doc.externalDocumentRefs.forEach((r: unknown, i) => {
        const where = `externalDocumentRefs[${String(i)}]`;
        if (!isRecord(r)) return problem(where, 'must be an object');
        if (
          typeof r.externalDocumentId !== 'string' ||
          !/^DocumentRef-[A-Za-z0-9.+-]+$/.test(r.externalDocumentId)
        )
          problem(`${where}.externalDocumentId`, 'must be DocumentRef-[idstring]');
        else docRefs.add(r.externalDocumentId);
        const uri = namespaceProblem(r.spdxDocument);
        if (uri) problem(`${where}.spdxDocument`, uri);
        if (!isRecord(r.checksum)) problem(`${where}.checksum`, 'is required');
      });
  }
  const ci = doc.creationInfo;
  if (!isRecord(ci)) problem('creationInfo', 'is required');
  else {
    if (typeof ci.created !== 'string' || !validDate(ci.created))
      problem('creationInfo.created', 'must be a UTC date and time, YYYY-MM-DDThh:mm:ssZ');
    if (!Array.isArray(ci.creators) || ci.creators.length === 0)
      problem('creationInfo.creators', 'at least one creator is required');
    else
      ci.creators.forEach((c: unknown, i) => {
        if (typeof c !== 'string' || !/^(?:Person|Organization|Tool): \S.*$/.test(c) || /[\r\n]/.test(c))
          problem(
            `creationInfo.creators[${String(i)}]`,
            'must start with "Person: ", "Organization: " or "Tool: "',
          );
      });
    if (ci.licenseListVersion !== undefined && !/^\d+\.\d+$/.test(show(ci.licenseListVersion)))
      problem('creationInfo.licenseListVersion', 'must be M.N');
  }

  // Declared LicenseRefs (clause 10).
  const declaredRefs = new Set<string>();
  if (Array.isArray(doc.hasExtractedLicensingInfos))
    for (const l of doc.hasExtractedLicensingInfos as unknown[])
      if (isRecord(l) && typeof l.licenseId === 'string') declaredRefs.add(l.licenseId);

  // Element identifiers: the document, packages, files, snippets; unique in the document.
  const ids = new Set<string>(['SPDXRef-DOCUMENT']);
  const claimId = (where: string, id: unknown): boolean => {
    if (typeof id !== 'string' || !ELEMENT_ID.test(id))
      return problem(`${where}.SPDXID`, 'must match SPDXRef-[idstring]');
    if (ids.has(id)) return problem(`${where}.SPDXID`, `"${id}" is not unique`);
    ids.add(id);
    return true;
  };
  for (const kind of ['files', 'snippets'] as const) {
    const list = doc[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) problem(kind, 'must be an array');
    else
      list.forEach((el: unknown, i) =>
        claimId(`${kind}[${String(i)}]`, isRecord(el) ? el.SPDXID : undefined),
      );
  }

  // Clause 7: packages.
  const licenseField = (where: string, v: unknown): boolean => {
    if (v === undefined || v === 'NONE' || v === 'NOASSERTION') return true;
    if (typeof v !== 'string') return problem(where, 'must be a licence expression, NONE or NOASSERTION');
    const p = licenseExpressionProblem(v, known, declaredRefs);
    return p ? problem(where, `"${v}" is not a valid licence expression: ${p}`) : true;
  };
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) problem('packages', 'must be an array');
  const packages: unknown[] = Array.isArray(doc.packages) ? (doc.packages as unknown[]) : [];
  packages.forEach((p, i) => {
    const where = `packages[${String(i)}]`;
    if (!isRecord(p)) return problem(where, 'must be an object');
    claimId(where, p.SPDXID);
    if (!isSingleLine(p.name)) problem(`${where}.name`, 'is required (a single line of text)');
    if (p.versionInfo !== undefined && (typeof p.versionInfo !== 'string' || /[\r\n]/.test(p.versionInfo)))
      problem(`${where}.versionInfo`, 'must be a single line of text');
    if (p.downloadLocation === undefined) problem(`${where}.downloadLocation`, 'is required');
    else if (!validDownloadLocation(p.downloadLocation))
      problem(`${where}.downloadLocation`, 'must be a URL, a VCS location, NONE or NOASSERTION');
    if (p.filesAnalyzed !== undefined && typeof p.filesAnalyzed !== 'boolean')
      problem(`${where}.filesAnalyzed`, 'must be a boolean');
    if (p.filesAnalyzed === false) {
      // 7.8, 7.9, 7.14: a package whose files were not analyzed has none of these.
      for (const f of ['packageVerificationCode', 'hasFiles', 'licenseInfoFromFiles'])
        if (p[f] !== undefined) problem(`${where}.${f}`, 'must be omitted when filesAnalyzed is false');
    } else if (p.packageVerificationCode !== undefined) {
      const code = isRecord(p.packageVerificationCode)
        ? p.packageVerificationCode.packageVerificationCodeValue
        : undefined;
      if (typeof code !== 'string' || !/^[0-9a-f]{40}$/.test(code))
        problem(`${where}.packageVerificationCode`, 'must hold 40 lower-case hex digits');
    }
    for (const who of ['supplier', 'originator'])
      if (
        p[who] !== undefined &&
        (typeof p[who] !== 'string' || !/^(?:NOASSERTION|(?:Person|Organization): \S.*)$/.test(p[who]))
      )
        problem(`${where}.${who}`, 'must be NOASSERTION, "Person: ..." or "Organization: ..."');
    if (p.checksums !== undefined) {
      if (!Array.isArray(p.checksums)) problem(`${where}.checksums`, 'must be an array');
      else
        p.checksums.forEach((c: unknown, j) => {
          const cw = `${where}.checksums[${String(j)}]`;
          if (!isRecord(c) || typeof c.algorithm !== 'string' || !(c.algorithm in CHECKSUM_HEX_LENGTH))
            return problem(cw, 'unknown checksum algorithm');
          const len = CHECKSUM_HEX_LENGTH[c.algorithm];
          if (typeof c.checksumValue !== 'string' || !/^[0-9a-f]+$/.test(c.checksumValue))
            return problem(cw, 'checksumValue must be lower-case hex');
          if (len !== undefined && c.checksumValue.length !== len)
            problem(cw, `a ${c.algorithm} checksum has ${String(len)} hex digits`);
        });
    }
    licenseField(`${where}.licenseConcluded`, p.licenseConcluded);
    licenseField(`${where}.licenseDeclared`, p.licenseDeclared);
    if (Array.isArray(p.licenseInfoFromFiles))
      p.licenseInfoFromFiles.forEach((l: unknown, j) => {
        licenseField(`${where}.licenseInfoFromFiles[${String(j)}]`, l);
      });
    if (p.copyrightText !== undefined && !isText(p.copyrightText))
      problem(`${where}.copyrightText`, 'must be text, NONE or NOASSERTION');
    if (p.primaryPackagePurpose !== undefined && !PACKAGE_PURPOSES.includes(show(p.primaryPackagePurpose)))
      problem(
        `${where}.primaryPackagePurpose`,
        `"${show(p.primaryPackagePurpose)}" is not a package purpose`,
      );
    for (const date of ['releaseDate', 'builtDate', 'validUntilDate'])
      if (p[date] !== undefined && (typeof p[date] !== 'string' || !validDate(p[date])))
        problem(`${where}.${date}`, 'must be YYYY-MM-DDThh:mm:ssZ');
    if (p.externalRefs !== undefined) {
      if (!Array.isArray(p.externalRefs)) problem(`${where}.externalRefs`, 'must be an array');
      else
        p.externalRefs.forEach((r: unknown, j) => {
          const rw = `${where}.externalRefs[${String(j)}]`;
          if (!isRecord(r)) return problem(rw, 'must be an object');
          const category = show(r.referenceCategory);
          if (!(category in EXTERNAL_REF_TYPES))
            return problem(
              `${rw}.referenceCategory`,
              `"${category}" is not SECURITY, PACKAGE-MANAGER, PERSISTENT-ID or OTHER`,
            );
          const type = r.referenceType;
          const types = EXTERNAL_REF_TYPES[category];
          if (typeof type !== 'string' || type === '') return problem(`${rw}.referenceType`, 'is required');
          if (
            types
              ? !types.includes(type)
              : !(IDSTRING.test(type) || /#LocationRef-[A-Za-z0-9.-]+$/.test(type))
          )
            return problem(`${rw}.referenceType`, `"${type}" is not a ${category} type (Annex F)`);
          const locator = r.referenceLocator;
          if (typeof locator !== 'string' || locator === '' || /\s/.test(locator))
            return problem(`${rw}.referenceLocator`, 'must be a string without spaces');
          const format = LOCATOR_FORMATS[type];
          if (format && !format.test(locator))
            problem(`${rw}.referenceLocator`, `"${locator}" is not a ${type} locator`);
        });
    }
  });

  // Clause 11: relationships between elements of this document (or declared external documents).
  const element = (v: unknown, allowNone: boolean): string | undefined => {
    if (typeof v !== 'string') return 'is required';
    if (allowNone && (v === 'NONE' || v === 'NOASSERTION')) return undefined;
    const ext = EXTERNAL_ELEMENT.exec(v);
    if (ext)
      return docRefs.has(ext[1] ?? '')
        ? undefined
        : `"${ext[1] ?? ''}" is not an external document reference`;
    return ids.has(v) ? undefined : `"${v}" is not an element of the document`;
  };
  let describes = Array.isArray(doc.documentDescribes) && doc.documentDescribes.length > 0;
  if (Array.isArray(doc.documentDescribes))
    doc.documentDescribes.forEach((d: unknown, i) => {
      const e = element(d, false);
      if (e) problem(`documentDescribes[${String(i)}]`, e);
    });
  if (doc.relationships !== undefined && !Array.isArray(doc.relationships))
    problem('relationships', 'must be an array');
  const relationships: unknown[] = Array.isArray(doc.relationships) ? (doc.relationships as unknown[]) : [];
  relationships.forEach((r, i) => {
    const where = `relationships[${String(i)}]`;
    if (!isRecord(r)) return problem(where, 'must be an object');
    const from = element(r.spdxElementId, false);
    if (from) problem(`${where}.spdxElementId`, from);
    if (!RELATIONSHIP_TYPES.includes(show(r.relationshipType)))
      problem(`${where}.relationshipType`, `"${show(r.relationshipType)}" is not a relationship type`);
    const to = element(r.relatedSpdxElement, true);
    if (to) problem(`${where}.relatedSpdxElement`, to);
    if (r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES' && !to)
      describes ||= typeof r.relatedSpdxElement === 'string' && ids.has(r.relatedSpdxElement);
  });
  if (!describes) problem('relationships', 'the document DESCRIBES nothing (SPDXRef-DOCUMENT DESCRIBES ...)');
  return problems;
}
