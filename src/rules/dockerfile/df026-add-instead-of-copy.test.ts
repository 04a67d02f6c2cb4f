import { testRule } from '../../../test/support/rule-tester.js';
import { addInsteadOfCopy } from './df026-add-instead-of-copy.js';

testRule(addInsteadOfCopy, {
  valid: [
    'FROM alpine:3.19\nCOPY app/ /app/\n',
    {
      name: 'local tarball is auto-extracted',
      dockerfile: 'FROM scratch\nADD rootfs.tar.gz /\nADD --chown=1:1 vendor.tgz /opt/\n',
    },
    {
      name: 'remote URL and git remote',
      dockerfile: `
      FROM alpine:3.19
      ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.bin /usr/local/bin/tool
      ADD git@github.com:moby/buildkit.git#v0.14.0 /src
      `,
    },
    { name: 'zstd and xz archives', dockerfile: 'FROM scratch\nADD layer.tar.zst /\nADD data.txz /data/\n' },
    { name: 'unresolved variable is not judged', dockerfile: 'FROM alpine:3.19\nADD ${ARTIFACT} /opt/\n' },
    { name: 'heredoc source', dockerfile: 'FROM alpine:3.19\nADD <<EOF /etc/motd\nhello\nEOF\n' },
  ],
  invalid: [
    {
      name: 'plain local file and directory',
      dockerfile: `
      FROM alpine:3.19
      ADD app.py /app/
      ADD . /src
      `,
      expect: [
        { line: 2, message: 'app.py' },
        { line: 3, message: 'ADD of local file .' },
      ],
    },
    {
      name: 'exec form with flags, .zip is not extracted by ADD',
      dockerfile: 'FROM alpine:3.19\nADD --chown=10001:10001 ["site.zip", "conf/", "/srv/"]\n',
      expect: [{ line: 2, message: 'site.zip, conf/' }],
    },
    {
      name: 'mixed sources report only the local non-archive ones',
      dockerfile: 'FROM alpine:3.19\nADD https://example.com/a.txt vendor.tar.gz config.yaml /opt/\n',
      expect: [{ line: 2, message: 'ADD of local file config.yaml' }],
    },
    {
      name: 'multi-line ADD spans its lines, in a build stage too',
      dockerfile: `
      FROM golang:1.22 AS build
      ADD go.mod \\
          go.sum \\
          /src/
      FROM scratch
      COPY --from=build /src /src
      `,
      expect: [{ line: 2, endLine: 4, message: 'go.mod, go.sum' }],
    },
  ],
});
