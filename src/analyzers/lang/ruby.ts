import { basename } from 'node:path/posix';
import { decodeText, failed, guarded, lines, PackageCollector, pkg, unique } from './common.js';
import type { LangResult } from './types.js';

// Installed gemspecs (`specifications/*.gemspec`) are written by RubyGems from the parsed spec
// (`Gem::Specification#to_ruby`), always in the same shape, so a few anchored patterns read them
// without evaluating Ruby.
const NAME = /^\s*\w+\.name\s*=\s*(?:["']([^"'\n]+)["']|%q\{([^}\n]+)\})/m;
const VERSION = /^\s*\w+\.version\s*=\s*["']([^"'\n]+)["']/m;
const LICENSES = /^\s*\w+\.licenses\s*=\s*\[([^\]\n]*)\]/m;
const LICENSE = /^\s*\w+\.license\s*=\s*["']([^"'\n]+)["']/m;
// The comment RubyGems puts on line 2: `# stub: rack 2.2.8 ruby lib`.
const STUB = /^# stub: (\S+) (\S+)/m;
// `add_runtime_dependency` / `add_dependency`; `add_development_dependency` is not installed.
const RUNTIME_DEPENDENCY = /\.add_(?:runtime_)?dependency\s*\(?\s*(?:%q<([^>\n]+)>|["']([^"'\n]+)["'])/g;
const QUOTED = /["']([^"'\n]+)["']/g;

/** An installed gem's `specifications/<name>-<version>.gemspec`. */
export function parseGemspec(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const text = decodeText(bytes);
    const stub = STUB.exec(text);
    // The file name says `<name>-<version>[-<platform>].gemspec` when the content does not.
    const fromFile = /^(.+?)-(\d[^-]*)(?:-[^-]+)*\.gemspec$/.exec(basename(path));
    const named = NAME.exec(text);
    const name = named?.[1] ?? named?.[2] ?? stub?.[1] ?? fromFile?.[1];
    const version = VERSION.exec(text)?.[1] ?? stub?.[2] ?? fromFile?.[2];
    if (name === undefined || version === undefined) return failed(path, 'no gem name or version found');
    const listed = LICENSES.exec(text)?.[1];
    const licenses =
      listed === undefined
        ? [LICENSE.exec(text)?.[1]].filter((l) => l !== undefined)
        : [...listed.matchAll(QUOTED)].map((m) => m[1] ?? '');
    const deps = [...text.matchAll(RUNTIME_DEPENDENCY)].map((m) => m[1] ?? m[2] ?? '');
    return {
      packages: [
        pkg({
          type: 'gem',
          name,
          version,
          path,
          licenses: unique(licenses.filter((l) => l !== '')),
          dependsOn: unique(deps.filter((d) => d !== '')),
        }),
      ],
      warnings: [],
    };
  });
}

// Sections whose `specs:` list gems from a server (GEM) or a git repository (GIT); PATH gems are
// local folders.
const GEM_SOURCES = new Set(['GEM', 'GIT']);
const SPEC = /^ {4}(\S+) \(([^)]+)\)$/;
const SPEC_DEPENDENCY = /^ {6}(\S+)/;

/** `Gemfile.lock` (and `gems.locked`): the `specs:` of GEM and GIT sections. */
export function parseGemfileLock(path: string, bytes: Buffer): LangResult {
  return guarded(path, () => {
    const out = new PackageCollector();
    let section = '';
    let inSpecs = false;
    let current: { name: string; version: string; arch?: string; deps: string[] } | undefined;
    const flush = (): void => {
      if (current === undefined) return;
      out.add(
        pkg({
          type: 'gem',
          name: current.name,
          version: current.version,
          arch: current.arch,
          path,
          dependsOn: unique(current.deps),
          fromLockFile: true,
        }),
      );
      current = undefined;
    };
    let sawSection = false;
    for (const line of lines(decodeText(bytes))) {
      if (line.trim() === '') continue;
      if (!line.startsWith(' ')) {
        flush();
        section = line.trim();
        sawSection = true;
        inSpecs = false;
        continue;
      }
      if (!GEM_SOURCES.has(section)) continue;
      if (line === '  specs:') {
        flush();
        inSpecs = true;
        continue;
      }
      if (!inSpecs) continue;
      const spec = SPEC.exec(line);
      if (spec?.[1] !== undefined && spec[2] !== undefined) {
        flush();
        // `nokogiri (1.15.4-x86_64-linux)`: the platform follows the first dash, as Bundler reads it.
        const dash = spec[2].indexOf('-');
        current = {
          name: spec[1],
          version: dash < 0 ? spec[2] : spec[2].slice(0, dash),
          arch: dash < 0 ? undefined : spec[2].slice(dash + 1),
          deps: [],
        };
        continue;
      }
      const dep = SPEC_DEPENDENCY.exec(line);
      if (dep?.[1] !== undefined && current !== undefined) current.deps.push(dep[1]);
    }
    flush();
    if (!sawSection) return failed(path, 'not a Gemfile.lock (no sections)');
    return { packages: out.list(), warnings: [] };
  });
}
