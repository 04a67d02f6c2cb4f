/** Names Docker Hub goes by in references and in Docker's config.json. */
const HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/** The key Docker writes Hub credentials under (the v1 index URL, for historical reasons). */
export const HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

export function isDockerHub(registry: string): boolean {
  return HUB_ALIASES.has(registry.toLowerCase());
}

/** The host that serves the Distribution API for a registry named in a reference. */
export function apiHost(registry: string): string {
  return isDockerHub(registry) ? 'registry-1.docker.io' : registry.toLowerCase();
}

/**
 * Reduces a config.json key (`host`, `https://host`, `http://host/v1/`, ...) to the registry it
 * stands for, the way Docker matches them; Hub's aliases all become `docker.io`.
 */
export function configKeyHost(key: string): string {
  const host = key
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return isDockerHub(host) ? 'docker.io' : host;
}

/** The registry as config.json keys are matched against it (`docker.io` for Hub). */
export function configHost(registry: string): string {
  return isDockerHub(registry) ? 'docker.io' : registry.toLowerCase();
}

/** Whether `registry` is listed in `--insecure-registry` hosts (`host:port`, or a bare host for any port). */
export function isInsecure(registry: string, insecure: readonly string[] | undefined): boolean {
  if (!insecure?.length) return false;
  const host = registry.toLowerCase();
  const bare = host.replace(/:\d+$/, '');
  return insecure.some((entry) => {
    const e = configKeyHost(entry);
    return e === host || e === bare;
  });
}
