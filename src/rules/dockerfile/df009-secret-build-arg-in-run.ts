import type { Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { isLiteralSecretValue, isSecretName } from './lib/secrets.js';

/** Names that `RUN --mount=type=secret,...,env=NAME` sets from a secret for this RUN. */
function secretMountEnvs(run: Instruction): Set<string> {
  const out = new Set<string>();
  for (const f of run.flags) {
    if (f.name !== 'mount' || f.value === null) continue;
    const opts = new Map(
      f.value.split(',').map((kv) => {
        const eq = kv.indexOf('=');
        return eq < 0 ? [kv.trim(), ''] : [kv.slice(0, eq).trim(), kv.slice(eq + 1).trim()];
      }),
    );
    const env = opts.get('env');
    if (opts.get('type') === 'secret' && env) out.add(env);
  }
  return out;
}

/**
 * True when the text expands the variable: `$NAME`, `${NAME}` or `${NAME:-x}`. Shell words come
 * rendered as `$NAME` already; raw ENV values keep the braces.
 */
function expands(text: string, name: string): boolean {
  for (const ref of [`$${name}`, `\${${name}`]) {
    let i = text.indexOf(ref);
    while (i >= 0) {
      if (!/[A-Za-z0-9_]/.test(text.charAt(i + ref.length))) return true;
      i = text.indexOf(ref, i + 1);
    }
  }
  return false;
}

interface SecretArg {
  name: string;
  line: number;
}

export const secretBuildArgInRun: DockerfileRule = {
  id: 'DF009',
  name: 'secret-build-arg-in-run',
  target: 'dockerfile',
  class: 'secret',
  title: 'Secret passed as a build argument',
  severity: 'HIGH',
  description:
    'A credential passed with `--build-arg` is not secret: every RUN that follows the ARG records the build arguments in the image history (`docker history --no-trunc` shows `|1 NPM_TOKEN=...`), and an ENV that copies it stores it in the image config. Anyone who can pull the image, or read the build cache, gets the token.',
  remediation:
    'Use a BuildKit secret mount instead of an ARG: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` (or mount it as a file with `target=/root/.npmrc`), built with `docker build --secret id=npm_token,env=NPM_TOKEN .`. The secret is available to that RUN only and is never written to a layer or the history.',
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
    'https://docs.docker.com/reference/dockerfile/#run---mounttypesecret',
  ],
  mappings: {
    trivy: ['DS-0031'],
  },
  tags: ['secrets'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const stage of df.stages) {
      const args: SecretArg[] = [];
      for (const instr of stage.instructions) {
        if (instr.keyword === 'ARG') {
          for (const p of instr.pairs) {
            if (!isSecretName(p.name)) continue;
            // `ARG NAME` in a stage takes the global default; a literal default is DF007's finding.
            const value = p.value ?? df.globalArgs.get(p.name);
            if (isLiteralSecretValue(p.name, value)) continue;
            if (!args.some((a) => a.name === p.name)) args.push({ name: p.name, line: p.line });
          }
          continue;
        }
        if (args.length === 0) continue;
        if (instr.keyword === 'RUN') {
          const mounted = secretMountEnvs(instr);
          const words = instr.shell().commands.flatMap((c) => [...c.words, ...c.assigns.map((a) => a.value)]);
          const used = args.filter((a) => !mounted.has(a.name) && words.some((w) => expands(w, a.name)));
          if (used.length === 0) continue;
          const list = used.map((a) => `${a.name} (ARG on line ${a.line})`).join(', ');
          hits.push({
            startLine: instr.startLine,
            endLine: instr.endLine,
            message: `RUN uses secret build arg ${list}: build args are recorded in the image history; use RUN --mount=type=secret,id=... instead.`,
          });
        } else if (instr.keyword === 'ENV') {
          for (const p of instr.pairs) {
            const a = args.find((x) => p.value !== undefined && expands(p.value, x.name));
            if (!a) continue;
            hits.push({
              startLine: p.line,
              endLine: p.line,
              message: `ENV ${p.name} copies secret build arg ${a.name} (ARG on line ${a.line}) into the image config, where \`docker inspect\` shows it.`,
            });
          }
        }
      }
    }
    return hits;
  },
};
