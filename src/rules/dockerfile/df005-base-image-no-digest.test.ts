import { testRule } from '../../../test/support/rule-tester.js';
import { baseImageNoDigest } from './df005-base-image-no-digest.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;

testRule(baseImageNoDigest, {
  valid: [
    `FROM python:3.12-slim@${DIGEST}\n`,
    { name: 'untagged is DF003', dockerfile: 'FROM python\n' },
    { name: 'latest is DF004', dockerfile: 'FROM python:latest\n' },
    { name: 'scratch', dockerfile: 'FROM scratch\n' },
    { name: 'stage reference', dockerfile: `FROM node:20@${DIGEST} AS deps\nFROM deps\n` },
    { name: 'digest from an ARG default', dockerfile: `ARG BASE=node:20@${DIGEST}\nFROM \${BASE}\n` },
    { name: 'unresolvable', dockerfile: 'ARG BASE\nFROM ${BASE}:1.0\n' },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim\n',
      expect: [{ line: 1, severity: 'INFO', message: 'python:3.12-slim@sha256:<digest>' }],
    },
    {
      name: 'each stage',
      dockerfile: `
      FROM golang:1.22 AS build
      FROM gcr.io/distroless/static:nonroot
      `,
      expect: [{ line: 1 }, { line: 2, message: 'FROM gcr.io/distroless/static:nonroot' }],
    },
    {
      name: 'tag from an ARG',
      dockerfile: 'ARG V=3.19\nFROM alpine:${V}\n',
      expect: [{ line: 2, message: 'resolves to alpine:3.19' }],
    },
  ],
});
