import { testRule } from '../../../test/support/rule-tester.js';
import { baseImageLatest } from './df004-base-image-latest.js';

testRule(baseImageLatest, {
  valid: [
    'FROM ubuntu:24.04\n',
    { name: 'untagged is DF003', dockerfile: 'FROM ubuntu\n' },
    { name: 'latest pinned by digest', dockerfile: `FROM ubuntu:latest@sha256:${'b'.repeat(64)}\n` },
    { name: 'a tag that merely contains latest', dockerfile: 'FROM node:latest-alpine\n' },
    { name: 'stage named latest', dockerfile: 'FROM alpine:3.19 AS latest\nFROM latest\n' },
    { name: 'unresolvable ARG', dockerfile: 'ARG TAG\nFROM alpine:${TAG}\n' },
  ],
  invalid: [
    {
      dockerfile: 'FROM ubuntu:latest\n',
      expect: [{ line: 1, message: 'FROM ubuntu:latest uses the "latest" tag' }],
    },
    {
      name: 'latest from an ARG default',
      dockerfile: 'ARG TAG=latest\nFROM node:${TAG} AS app\n',
      expect: [{ line: 2, message: 'resolves to node:latest' }],
    },
    {
      name: 'private registry, second stage',
      dockerfile: `
      FROM golang:1.22 AS build
      FROM registry.example.com:5000/base/runtime:latest
      COPY --from=build /app /app
      `,
      expect: [{ line: 2 }],
    },
  ],
});
