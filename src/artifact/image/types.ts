/** The parts of an OCI / Docker image config the scanners read (validated at the edge). */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  config?: {
    User?: string;
    Env?: string[];
    ExposedPorts?: Record<string, unknown>;
    Healthcheck?: { Test?: string[] };
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
  };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[];
}

export interface ImageLayer {
  /** Digest of the blob as stored (compressed). */
  digest: string;
  /** Digest of the uncompressed tar (from the config's rootfs.diff_ids). */
  diffId: string;
  mediaType: string;
  size: number;
  /** The history entry that created this layer (`RUN ...`, `COPY ...`). */
  createdBy?: string;
  /** Streams the blob; the stream fails if its bytes do not match `digest`. */
  open(): AsyncIterable<Buffer>;
}

/** An image from any source (registry, docker-archive, oci-archive, OCI layout). */
export interface ImageSource {
  name: string;
  /** Digest of the manifest, when the source has one. */
  manifestDigest?: string;
  config: ImageConfig;
  layers: ImageLayer[];
}
