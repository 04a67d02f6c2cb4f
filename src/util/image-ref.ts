/** A parsed container image reference (`[registry/]repository[:tag][@digest]`). */
export interface ImageRef {
  /** Registry host as written, or `docker.io` when none was given. */
  registry: string;
  /** True when the reference named no registry (Docker Hub implied). */
  implicitRegistry: boolean;
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Splits a reference the way the Docker distribution reference grammar does: the first path
 * component is a registry host only when it contains `.` or `:` or is `localhost`.
 */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = 'docker.io';
  let implicitRegistry = true;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      implicitRegistry = false;
      rest = rest.slice(slash + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  let repository = rest;
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  const out: ImageRef = { registry, implicitRegistry, repository };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}
