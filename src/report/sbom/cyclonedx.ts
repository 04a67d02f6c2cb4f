import type { ArtifactInfo } from '../../core/report.js';
import type { OsRelease, Package } from '../../core/package.js';
import { dependencyIndex, type SbomInput } from './common.js';

/**
 * CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/). The scanned artifact is the
 * metadata component, the OS a component of type `operating-system`, every package a `library`
 * with its purl, and where it was found (file, layer) kept as `bulkhead:` properties.
 */
export function renderCycloneDx(input: SbomInput): string {
  const { artifact, packages, os } = input;
  const refs = packages.map((p, i) => `pkg-${String(i + 1)}-${p.purl ?? p.name}`);
  const root = rootComponent(artifact);
  const components: Record<string, unknown>[] = [];
  if (os) components.push(osComponent(os));
  packages.forEach((p, i) => components.push(component(p, refs[i] ?? '')));

  const deps = dependencyIndex(packages);
  const dependencies = [
    { ref: root['bom-ref'], dependsOn: [...(os ? ['os'] : []), ...refs] },
    ...packages.map((p, i) => ({
      ref: refs[i] ?? '',
      dependsOn: [...new Set((deps.get(i) ?? []).map((j) => refs[j] ?? ''))],
    })),
  ];
  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${input.uuid}`,
    version: 1,
    metadata: {
      timestamp: input.now,
      tools: { components: [{ type: 'application', name: 'bulkhead', version: input.toolVersion }] },
      component: root,
    },
    components,
    dependencies,
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

function rootComponent(a: ArtifactInfo): Record<string, unknown> & { 'bom-ref': string } {
  const c: Record<string, unknown> & { 'bom-ref': string } = {
    type: a.type === 'container-image' ? 'container' : 'file',
    'bom-ref': 'artifact',
    name: a.name,
  };
  if (a.digest) {
    const [alg, hex] = a.digest.split(':');
    if (alg === 'sha256' && hex) c.hashes = [{ alg: 'SHA-256', content: hex }];
    c.version = a.digest;
  }
  return c;
}

function osComponent(os: OsRelease): Record<string, unknown> {
  const c: Record<string, unknown> = {
    type: 'operating-system',
    'bom-ref': 'os',
    name: os.family,
    version: os.version,
  };
  if (os.name) c.description = os.name;
  return c;
}

function component(p: Package, ref: string): Record<string, unknown> {
  const c: Record<string, unknown> = { type: 'library', 'bom-ref': ref, name: p.name, version: p.version };
  if (p.namespace) c.group = p.namespace;
  if (p.purl) c.purl = p.purl;
  if (p.licenses && p.licenses.length > 0) c.licenses = p.licenses.map((name) => ({ license: { name } }));
  const props: { name: string; value: string }[] = [
    { name: 'bulkhead:package:type', value: p.type },
    { name: 'bulkhead:package:path', value: p.path },
  ];
  if (p.layer) {
    props.push({ name: 'bulkhead:layer:index', value: String(p.layer.index) });
    props.push({ name: 'bulkhead:layer:diffId', value: p.layer.diffId });
  }
  if (p.sourceName) props.push({ name: 'bulkhead:package:sourceName', value: p.sourceName });
  if (p.sourceVersion && p.sourceVersion !== p.version)
    props.push({ name: 'bulkhead:package:sourceVersion', value: p.sourceVersion });
  if (p.arch) props.push({ name: 'bulkhead:package:arch', value: p.arch });
  if (p.ownedBy)
    props.push({ name: 'bulkhead:package:ownedBy', value: `${p.ownedBy.type}/${p.ownedBy.name}` });
  if (p.fromLockFile) props.push({ name: 'bulkhead:package:fromLockFile', value: 'true' });
  if (p.dev) c.scope = 'optional';
  c.properties = props;
  return c;
}
