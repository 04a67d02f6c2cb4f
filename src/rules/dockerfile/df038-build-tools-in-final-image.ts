import type { Instruction } from '../../analyzers/config/dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../types.js';
import { hitAt } from './lib/helpers.js';
import { finalImageRuns } from './lib/layers.js';
import { apkCall, apkVirtualName, aptCall, rpmCall } from './lib/package-managers.js';

/** `gcc=12.2.0-14` -> `gcc`, `gcc:amd64` -> `gcc`, `gcc/bookworm` -> `gcc`. */
function aptName(op: string): string {
  return op.split(/[=/:]/)[0] ?? op;
}

/** `gcc=13.2.1_git-r0`, `gcc~13`, `gcc>13`, `gcc@edge` -> `gcc`. */
function apkName(op: string): string {
  return op.split(/[=<>~@]/)[0] ?? op;
}

/** `gcc-11.3.1-4.el9` -> `gcc`; names such as `gcc-c++` keep their suffix. */
function rpmName(op: string): string {
  return op.replace(/-\d[\w.+~]*(-[\w.+~]+)?$/, '');
}

const APT_REMOVE = new Set(['remove', 'purge', 'autoremove']);
const RPM_REMOVE = new Set(['remove', 'erase', 'autoremove']);

/** Build tools a RUN installs and does not remove again in the same RUN. */
function leftoverTools(run: Instruction, tools: Set<string>): string[] {
  const installed: { name: string; kind: 'apt' | 'apk' | 'rpm'; virtual?: string }[] = [];
  const removed = new Set<string>();
  let aptMarkAuto = false;
  let aptAutoRemove = false;
  for (const cmd of run.shell().commands) {
    const apt = aptCall(cmd);
    if (apt?.sub === 'install')
      for (const op of apt.operands) installed.push({ name: aptName(op), kind: 'apt' });
    if (apt && APT_REMOVE.has(apt.sub)) {
      for (const op of apt.operands) removed.add(aptName(op));
      if (apt.sub === 'autoremove' || apt.args.some((a) => a === '--auto-remove' || a === '--autoremove'))
        aptAutoRemove = true;
    }
    if (cmd.name === 'apt-mark' && cmd.args[0] === 'auto') aptMarkAuto = true;
    const apk = apkCall(cmd);
    if (apk?.sub === 'add') {
      const virtual = apkVirtualName(apk.args);
      for (const op of apk.operands) {
        const entry: (typeof installed)[number] = { name: apkName(op), kind: 'apk' };
        if (virtual !== undefined) entry.virtual = virtual;
        installed.push(entry);
      }
    }
    if (apk?.sub === 'del') for (const op of apk.operands) removed.add(apkName(op));
    const rpm = rpmCall(cmd);
    if (rpm && (rpm.sub === 'install' || rpm.sub === 'localinstall')) {
      for (const op of rpm.operands) installed.push({ name: rpmName(op), kind: 'rpm' });
    }
    if (rpm && RPM_REMOVE.has(rpm.sub)) for (const op of rpm.operands) removed.add(rpmName(op));
  }
  const out: string[] = [];
  for (const p of installed) {
    if (!tools.has(p.name.toLowerCase())) continue;
    if (removed.has(p.name) || (p.virtual !== undefined && removed.has(p.virtual))) continue;
    // The official-image idiom: `apt-mark auto '.*'; apt-mark manual $keep; apt-get purge --auto-remove`.
    if (p.kind === 'apt' && aptMarkAuto && aptAutoRemove) continue;
    out.push(p.name);
  }
  return [...new Set(out)];
}

export const buildToolsInFinalImage: DockerfileRule = {
  id: 'DF038',
  name: 'build-tools-in-final-image',
  target: 'dockerfile',
  class: 'misconfig',
  title: 'Build tools left in the final image',
  severity: 'LOW',
  description:
    'Compilers, make, git and -dev packages installed in the image that ships stay there. They are not needed at run time but enlarge the image and its vulnerability count, and they hand an attacker who gets code execution in the container a ready toolchain to compile exploits, fetch code with git and build implants on the spot.',
  remediation:
    'Use a multi-stage build: compile in a `FROM ... AS build` stage and `COPY --from=build` only the artifacts into a slim or distroless final stage. If that is not possible, remove the tools in the same RUN that installs them, e.g. `apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps`. The list of build tools is configurable (`buildTools` in bulkhead.yaml).',
  references: [
    'https://docs.docker.com/build/building/multi-stage/',
    'https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds',
    'https://www.cisecurity.org/benchmark/docker',
  ],
  mappings: { 'cis-docker': ['4.3'] },
  tags: ['attack-surface', 'image-size'],
  check(df, settings) {
    const tools = new Set(settings.buildTools.map((t) => t.toLowerCase()));
    if (tools.size === 0) return [];
    const hits: RuleHit[] = [];
    // Build stages that are only copied from never ship; only the final image's chain matters.
    for (const run of finalImageRuns(df)) {
      const left = leftoverTools(run, tools);
      if (left.length === 0) continue;
      hits.push(
        hitAt(
          run,
          `Build tools installed in the final image and not removed: ${left.join(', ')}. Use a multi-stage build.`,
        ),
      );
    }
    return hits;
  },
};
