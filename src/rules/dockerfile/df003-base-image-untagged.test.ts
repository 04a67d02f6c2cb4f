import { testRule } from '../../../test/support/rule-tester.js';
import { baseImageUntagged } from './df003-base-image-untagged.js';

testRule(baseImageUntagged, {
  valid: [
    'FROM ubuntu:24.04\n',
    { name: 'digest without a tag is pinned', dockerfile: `FROM alpine@sha256:${'a'.repeat(64)}\n` },
    { name: 'scratch', dockerfile: 'FROM scratch\nCOPY app /app\n' },
    {
      name: 'FROM an earlier stage',
      dockerfile: `
      FROM golang:1.22 AS build
      RUN go build -o /app
      FROM build
      `,
    },
    {
      name: 'stage names are case-insensitive',
      dockerfile: 'FROM golang:1.22 AS Build\nFROM build\n',
    },
    {
      name: 'ARG without a default: cannot tell what is pulled',
      dockerfile: 'ARG BASE\nFROM ${BASE}\n',
    },
    { name: 'ARG default with a tag', dockerfile: 'ARG BASE=node:20\nFROM ${BASE}\n' },
    { name: 'tag in an ARG', dockerfile: 'ARG V=3.19\nFROM alpine:${V}\n' },
    { name: 'registry with a port is not a tag', dockerfile: 'FROM localhost:5000/app:1.0\n' },
    { name: 'latest is DF004', dockerfile: 'FROM ubuntu:latest\n' },
  ],
  invalid: [
    { dockerfile: 'FROM ubuntu\n', expect: [{ line: 1, message: 'FROM ubuntu has no tag' }] },
    {
      name: 'resolved through a global ARG default',
      dockerfile: `
      ARG BASE=ubuntu
      FROM \${BASE} AS base
      `,
      expect: [{ line: 2, message: 'FROM ${BASE} (resolves to ubuntu)' }],
    },
    {
      name: 'registry with a port and no tag',
      dockerfile: 'FROM registry.example.com:5000/team/app\n',
      expect: [{ line: 1 }],
    },
    {
      name: 'every stage is checked, stage references are not',
      dockerfile: `
      FROM golang AS build
      FROM build AS test
      FROM --platform=linux/amd64 debian
      COPY --from=build /app /app
      `,
      expect: [{ line: 1 }, { line: 3, message: 'FROM debian' }],
    },
  ],
});
