import type { DockerfileModel, Stage } from '../../../analyzers/config/dockerfile/model.js';
import { parseImageRef, type ImageRef } from '../../../util/image-ref.js';
import type { RuleHit } from '../../types.js';

/*
 * The registry images the stages are built on, shared by the base-image rules (DF003-DF006).
 */

/** A stage whose FROM pulls an image from a registry, with the reference resolved and parsed. */
export interface BaseImage {
  stage: Stage;
  /** The reference after ARG substitution (`ubuntu:22.04`). */
  resolved: string;
  ref: ImageRef;
}

/**
 * The stages built on a registry image. `scratch`, earlier stages (`FROM build`) and references
 * whose variables have no default are left out: the first two pull nothing, and for the last we
 * cannot know what is pulled.
 */
export function baseImages(df: DockerfileModel): BaseImage[] {
  const out: BaseImage[] = [];
  for (const stage of df.stages) {
    const resolved = stage.resolvedImage?.trim();
    if (!resolved || stage.parentStage !== undefined) continue;
    if (resolved.toLowerCase() === 'scratch') continue;
    out.push({ stage, resolved, ref: parseImageRef(resolved) });
  }
  return out;
}

/** `FROM ${BASE}` (resolves to `ubuntu`) or `FROM ubuntu`, for messages. */
export function describeFrom(b: BaseImage): string {
  return b.stage.image === b.resolved
    ? `FROM ${b.resolved}`
    : `FROM ${b.stage.image} (resolves to ${b.resolved})`;
}

export function fromHit(b: BaseImage, message: string): RuleHit {
  return { startLine: b.stage.from.startLine, endLine: b.stage.from.endLine, message };
}

/**
 * Whether a registry image is published with a non-root default USER, so a stage built on it
 * runs unprivileged without a USER of its own. Only well-known, documented cases:
 * - distroless `:nonroot` and `:debug-nonroot` tags (optionally with an `-<arch>` suffix), which
 *   run as `nonroot` (UID 65532);
 * - Microsoft's chiseled .NET images (`mcr.microsoft.com/dotnet/...:*-chiseled*`), which end with
 *   `USER $APP_UID` (UID 1654).
 */
export function runsAsNonRootByDefault(ref: ImageRef): boolean {
  const registry = ref.registry.toLowerCase();
  const repository = ref.repository.toLowerCase();
  const tag = ref.tag?.toLowerCase() ?? '';
  if (registry === 'gcr.io' && repository.startsWith('distroless/')) {
    return /^(?:debug-)?nonroot(?:-[a-z0-9]+)?$/.test(tag);
  }
  if (registry === 'mcr.microsoft.com' && repository.startsWith('dotnet/')) {
    return /(?:^|-)chiseled(?:-|$)/.test(tag);
  }
  return false;
}
