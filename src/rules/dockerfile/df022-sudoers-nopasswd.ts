import type { DockerfileRule } from '../types.js';
import { hitsPerRun } from './lib/helpers.js';
import { withHeredocConfigHits, writtenTexts } from './lib/written-config.js';

/** A sudoers rule with the NOPASSWD tag: `app ALL=(ALL) NOPASSWD: ALL`, `%wheel ALL=(ALL:ALL) NOPASSWD:ALL`. */
const NOPASSWD_RULE = /^\s*[^#\s].*\bNOPASSWD\s*:/m;

function firstRule(text: string): string {
  const line = text.split('\n').find((l) => NOPASSWD_RULE.test(l)) ?? text;
  return line.trim();
}

export const sudoersNopasswd: DockerfileRule = {
  id: 'DF022',
  name: 'sudoers-nopasswd',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Password-less sudo rule (NOPASSWD) written into the image',
  severity: 'HIGH',
  description:
    'A NOPASSWD sudoers rule lets the user become root without any credential. It cancels the point of running as a non-root USER: an attacker who gets code execution in the container (an RCE in the app, a malicious dependency) runs `sudo` and is root, with root-only paths to the host such as mounted sockets, host paths or kernel bugs.',
  remediation:
    'Do not grant sudo in the image. Do privileged setup at build time before `USER`, and for runtime needs use capabilities or an init step running as root that drops privileges with `gosu`/`su-exec`. If a dev image truly needs sudo, keep it in a separate dev target and never ship it.',
  references: [
    'https://www.sudo.ws/docs/man/sudoers.man/',
    'https://docs.docker.com/build/building/best-practices/#user',
  ],
  mappings: {},
  tags: ['privilege'],
  check(df) {
    const hits = hitsPerRun(
      df,
      (cmd) => {
        const rule = writtenTexts(cmd).find((t) => NOPASSWD_RULE.test(t));
        return rule === undefined ? [] : [`"${firstRule(rule)}"`];
      },
      (details) => `Password-less sudo rule written: ${details.join(', ')}.`,
    );
    // `cat > /etc/sudoers.d/app <<EOF` and `COPY <<EOF /etc/sudoers.d/app`.
    return withHeredocConfigHits(
      df,
      hits,
      (t) => NOPASSWD_RULE.test(t),
      (l) => `Password-less sudo rule written: "${l}".`,
    );
  },
};
