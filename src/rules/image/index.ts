import type { ImageRule } from '../types.js';
import { rootUser } from './img001-root-user.js';
import { secretInEnv } from './img002-secret-in-env.js';
import { secretInHistory } from './img003-secret-in-history.js';
import { sshExposed } from './img004-ssh-exposed.js';
import { setuidFiles } from './img005-setuid-setgid.js';
import { worldWritable } from './img006-world-writable.js';
import { sensitiveFile } from './img007-sensitive-file.js';
import { deletedSecret } from './img008-deleted-secret.js';
import { packageCache } from './img009-package-cache.js';
import { noHealthcheck } from './img010-no-healthcheck.js';
import { secretInFile } from './img011-secret-in-file.js';
import { emptyPassword } from './img012-empty-password.js';

/** Rules over an image's config, history and files (and, where they apply, over folders). */
export const IMAGE_RULES: readonly ImageRule[] = [
  rootUser,
  secretInEnv,
  secretInHistory,
  sshExposed,
  setuidFiles,
  worldWritable,
  sensitiveFile,
  deletedSecret,
  packageCache,
  noHealthcheck,
  secretInFile,
  emptyPassword,
];

/** The scanner each rule belongs to (`--scanners`): secret rules, or misconfiguration rules. */
export function imageRuleScanner(rule: ImageRule): 'secret' | 'misconfig' {
  return rule.class === 'secret' ? 'secret' : 'misconfig';
}
