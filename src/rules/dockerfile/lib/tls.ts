/*
 * Hosts and URLs where TLS does not protect a download, shared by the TLS rules (DF015, DF020).
 */

/** Hosts where plain HTTP never leaves the build container. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** True for an `http://` URL to anything but loopback (`http://$NEXUS/simple` counts: the scheme is known). */
export function isPlainHttpUrl(url: string): boolean {
  const m = /^http:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url.trim());
  if (!m) return false;
  return !isLoopbackHost(m[1] ?? '');
}
