import type { DockerfileRule } from '../types.js';
import { parseError } from './df000-parse-error.js';
import { missingUser } from './df001-missing-user.js';
import { rootUser } from './df002-root-user.js';
import { baseImageUntagged } from './df003-base-image-untagged.js';
import { baseImageLatest } from './df004-base-image-latest.js';
import { baseImageNoDigest } from './df005-base-image-no-digest.js';
import { baseImageRegistryNotAllowed } from './df006-base-image-registry-not-allowed.js';
import { secretInArgEnv } from './df007-secret-in-arg-env.js';
import { tokenInInstruction } from './df008-token-in-instruction.js';
import { secretBuildArgInRun } from './df009-secret-build-arg-in-run.js';
import { copySensitiveFile } from './df010-copy-sensitive-file.js';
import { remoteScriptPipedToShell } from './df011-remote-script-piped-to-shell.js';
import { addUrlWithoutChecksum } from './df012-add-url-without-checksum.js';
import { curlInsecure } from './df013-curl-insecure.js';
import { wgetNoCheckCertificate } from './df014-wget-no-check-certificate.js';
import { pipUntrustedIndex } from './df015-pip-untrusted-index.js';
import { aptAllowUnauthenticated } from './df016-apt-allow-unauthenticated.js';
import { packageSignatureCheckDisabled } from './df017-package-signature-check-disabled.js';
import { npmStrictSslDisabled } from './df018-npm-strict-ssl-disabled.js';
import { gitSslVerifyDisabled } from './df019-git-ssl-verify-disabled.js';
import { tlsVerificationDisabledEnv } from './df020-tls-verification-disabled-env.js';
import { sudoUsage } from './df021-sudo-usage.js';
import { sudoersNopasswd } from './df022-sudoers-nopasswd.js';
import { worldWritablePermissions } from './df023-world-writable-permissions.js';
import { runSecurityInsecure } from './df024-run-security-insecure.js';
import { exposeSsh } from './df025-expose-ssh.js';
import { addInsteadOfCopy } from './df026-add-instead-of-copy.js';
import { aptUpdateAlone } from './df027-apt-update-alone.js';
import { aptNoInstallRecommends } from './df028-apt-no-install-recommends.js';
import { aptListsNotCleaned } from './df029-apt-lists-not-cleaned.js';
import { aptUnpinned } from './df030-apt-unpinned.js';
import { apkUnpinned } from './df031-apk-unpinned.js';
import { pipUnpinned } from './df032-pip-unpinned.js';
import { npmUnpinned } from './df033-npm-unpinned.js';
import { gemUnpinned } from './df034-gem-unpinned.js';
import { apkNoCache } from './df035-apk-no-cache.js';
import { pipNoCacheDir } from './df036-pip-no-cache-dir.js';
import { packageUpgrade } from './df037-package-upgrade.js';
import { buildToolsInFinalImage } from './df038-build-tools-in-final-image.js';
import { missingHealthcheck } from './df039-missing-healthcheck.js';
import { relativeWorkdir } from './df040-relative-workdir.js';
import { cdInsteadOfWorkdir } from './df041-cd-instead-of-workdir.js';
import { multipleCmdEntrypoint } from './df042-multiple-cmd-entrypoint.js';
import { shellFormCmdEntrypoint } from './df043-shell-form-cmd-entrypoint.js';
import { copyFromOwnStage } from './df044-copy-from-own-stage.js';
import { duplicateStageName } from './df045-duplicate-stage-name.js';
import { pipeWithoutPipefail } from './df046-pipe-without-pipefail.js';
import { aptInScripts } from './df047-apt-in-scripts.js';
import { maintainerDeprecated } from './df048-maintainer-deprecated.js';

/** Every Dockerfile rule, in id order. Rule ids never change once released. */
export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  parseError,
  missingUser,
  rootUser,
  baseImageUntagged,
  baseImageLatest,
  baseImageNoDigest,
  baseImageRegistryNotAllowed,
  secretInArgEnv,
  tokenInInstruction,
  secretBuildArgInRun,
  copySensitiveFile,
  remoteScriptPipedToShell,
  addUrlWithoutChecksum,
  curlInsecure,
  wgetNoCheckCertificate,
  pipUntrustedIndex,
  aptAllowUnauthenticated,
  packageSignatureCheckDisabled,
  npmStrictSslDisabled,
  gitSslVerifyDisabled,
  tlsVerificationDisabledEnv,
  sudoUsage,
  sudoersNopasswd,
  worldWritablePermissions,
  runSecurityInsecure,
  exposeSsh,
  addInsteadOfCopy,
  aptUpdateAlone,
  aptNoInstallRecommends,
  aptListsNotCleaned,
  aptUnpinned,
  apkUnpinned,
  pipUnpinned,
  npmUnpinned,
  gemUnpinned,
  apkNoCache,
  pipNoCacheDir,
  packageUpgrade,
  buildToolsInFinalImage,
  missingHealthcheck,
  relativeWorkdir,
  cdInsteadOfWorkdir,
  multipleCmdEntrypoint,
  shellFormCmdEntrypoint,
  copyFromOwnStage,
  duplicateStageName,
  pipeWithoutPipefail,
  aptInScripts,
  maintainerDeprecated,
];
