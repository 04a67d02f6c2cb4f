import { parseDepsJson, parseNugetLock } from './dotnet.js';
import { parseGoMod, parseGoSum } from './go-mod.js';
import { JAVA_ARCHIVE, parseJavaArchive } from './java-archive.js';
import { parseNpmLock } from './npm-lock.js';
import { isNodeModulesPackageJson, parseNpmPackageJson } from './npm-package-json.js';
import { parseComposerInstalled, parseComposerLock } from './php.js';
import { parsePnpmLock } from './pnpm-lock.js';
import {
  parsePipfileLock,
  parsePoetryLock,
  parsePythonMetadata,
  parseRequirementsTxt,
  parseUvLock,
} from './python.js';
import { parseGemfileLock, parseGemspec } from './ruby.js';
import { parseCargoLock } from './rust.js';
import type { LangParser } from './types.js';
import { parseYarnLock } from './yarn-lock.js';

export type { LangParse, LangParser, LangResult } from './types.js';

// JavaScript lock files inside node_modules belong to installed packages (a published shrinkwrap,
// a stray package-lock); the installed package.json files already describe what is there.
const IN_NODE_MODULES = /(?:^|\/)node_modules\//;

// The Go module cache (`$GOPATH/pkg/mod/<module>@<version>/`) holds every downloaded module's own
// go.mod, which lists that module's requirements, not what the project builds.
const IN_GO_MODULE_CACHE = /(?:^|\/)pkg\/mod\/(?:[^/]+\/)*[^/]*@[^/]*\//;

function fileName(pattern: RegExp): (path: string) => boolean {
  return (path) => pattern.test(path);
}

function goModFile(pattern: RegExp): (path: string) => boolean {
  return (path) => pattern.test(path) && !IN_GO_MODULE_CACHE.test(path);
}

function jsLockFile(pattern: RegExp): (path: string) => boolean {
  return (path) => pattern.test(path) && !IN_NODE_MODULES.test(path);
}

/** Every language package parser, with the paths it reads. */
export const LANG_PARSERS: readonly LangParser[] = [
  {
    id: 'npm-package-json',
    version: 1,
    matches: isNodeModulesPackageJson,
    parse: parseNpmPackageJson,
    lockFile: false,
  },
  {
    id: 'npm-lock',
    version: 1,
    matches: jsLockFile(/(?:^|\/)(?:package-lock|npm-shrinkwrap)\.json$/),
    parse: parseNpmLock,
    lockFile: true,
  },
  {
    id: 'yarn-lock',
    version: 1,
    matches: jsLockFile(/(?:^|\/)yarn\.lock$/),
    parse: parseYarnLock,
    lockFile: true,
  },
  {
    id: 'pnpm-lock',
    version: 1,
    matches: jsLockFile(/(?:^|\/)pnpm-lock\.yaml$/),
    parse: parsePnpmLock,
    lockFile: true,
  },
  {
    id: 'python-metadata',
    version: 1,
    matches: fileName(/\.dist-info\/METADATA$|\.egg-info\/PKG-INFO$|\.egg-info$|(?:^|\/)EGG-INFO\/PKG-INFO$/),
    parse: parsePythonMetadata,
    lockFile: false,
  },
  {
    id: 'requirements-txt',
    version: 1,
    matches: fileName(/(?:^|\/)requirements\.txt$/),
    parse: parseRequirementsTxt,
    lockFile: true,
  },
  {
    id: 'poetry-lock',
    version: 1,
    matches: fileName(/(?:^|\/)poetry\.lock$/),
    parse: parsePoetryLock,
    lockFile: true,
  },
  {
    id: 'pipfile-lock',
    version: 1,
    matches: fileName(/(?:^|\/)Pipfile\.lock$/),
    parse: parsePipfileLock,
    lockFile: true,
  },
  { id: 'uv-lock', version: 1, matches: fileName(/(?:^|\/)uv\.lock$/), parse: parseUvLock, lockFile: true },
  {
    id: 'java-archive',
    version: 1,
    matches: fileName(JAVA_ARCHIVE),
    parse: parseJavaArchive,
    lockFile: false,
  },
  {
    id: 'cargo-lock',
    version: 1,
    matches: fileName(/(?:^|\/)Cargo\.lock$/),
    parse: parseCargoLock,
    lockFile: true,
  },
  { id: 'go-mod', version: 1, matches: goModFile(/(?:^|\/)go\.mod$/), parse: parseGoMod, lockFile: true },
  { id: 'go-sum', version: 1, matches: goModFile(/(?:^|\/)go\.sum$/), parse: parseGoSum, lockFile: true },
  {
    id: 'gemspec',
    version: 1,
    matches: fileName(/(?:^|\/)specifications\/(?:default\/)?[^/]+\.gemspec$/),
    parse: parseGemspec,
    lockFile: false,
  },
  {
    id: 'gemfile-lock',
    version: 1,
    matches: fileName(/(?:^|\/)(?:Gemfile\.lock|gems\.locked)$/),
    parse: parseGemfileLock,
    lockFile: true,
  },
  {
    id: 'composer-lock',
    version: 1,
    matches: fileName(/(?:^|\/)composer\.lock$/),
    parse: parseComposerLock,
    lockFile: true,
  },
  {
    id: 'composer-installed',
    version: 1,
    matches: fileName(/(?:^|\/)vendor\/composer\/installed\.json$/),
    parse: parseComposerInstalled,
    lockFile: false,
  },
  {
    id: 'dotnet-deps',
    version: 1,
    matches: fileName(/\.deps\.json$/),
    parse: parseDepsJson,
    lockFile: false,
  },
  {
    id: 'nuget-lock',
    version: 1,
    matches: fileName(/(?:^|\/)packages\.lock\.json$/),
    parse: parseNugetLock,
    lockFile: true,
  },
];
