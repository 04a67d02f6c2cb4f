import { testRule } from '../../../test/support/rule-tester.js';
import { duplicateStageName } from './df045-duplicate-stage-name.js';

testRule(duplicateStageName, {
  valid: [
    'FROM golang:1.22 AS go-build\nFROM node:20 AS web-build\nFROM alpine:3.19\n',
    { name: 'unnamed stages', dockerfile: 'FROM alpine:3.19\nFROM alpine:3.19\n' },
    { name: 'a stage built on a stage', dockerfile: 'FROM alpine:3.19 AS base\nFROM base AS final\n' },
  ],
  invalid: [
    {
      name: 'same name twice',
      dockerfile: `
      FROM debian:12 AS builder
      RUN true
      FROM golang:1.22 AS builder
      `,
      expect: [{ line: 3, message: 'line 1' }],
    },
    {
      name: 'names are case-insensitive',
      dockerfile: 'FROM debian:12 AS Build\nFROM golang:1.22 as build\n',
      expect: [{ line: 2, message: '"build"' }],
    },
    {
      name: 'three times',
      dockerfile: 'FROM a:1 AS x\nFROM b:1 AS x\nFROM c:1 AS y\nFROM d:1 AS x\n',
      expect: [{ line: 2 }, { line: 4 }],
    },
  ],
});
