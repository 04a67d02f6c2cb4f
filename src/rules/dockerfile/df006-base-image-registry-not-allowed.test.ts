import { describe, expect, it } from 'vitest';
import { testRule } from '../../../test/support/rule-tester.js';
import { parseImageRef } from '../../util/image-ref.js';
import { baseImageRegistryNotAllowed, registryAllowed } from './df006-base-image-registry-not-allowed.js';

const ALLOWED = { allowedRegistries: ['gcr.io', 'registry.example.com/team', 'docker.io/library'] };

testRule(baseImageRegistryNotAllowed, {
  valid: [
    { name: 'no restriction configured', dockerfile: 'FROM random.example.org/debian:12\n' },
    {
      name: 'registry host allowed',
      dockerfile: 'FROM gcr.io/distroless/static:nonroot\n',
      settings: ALLOWED,
    },
    {
      name: 'path prefix allowed',
      dockerfile: 'FROM registry.example.com/team/base/node:20\n',
      settings: ALLOWED,
    },
    { name: 'official image via docker.io/library', dockerfile: 'FROM alpine:3.19\n', settings: ALLOWED },
    {
      name: 'implicit Docker Hub allowed by docker.io',
      dockerfile: 'FROM bitnami/nginx:1.25\n',
      settings: { allowedRegistries: ['docker.io'] },
    },
    {
      name: 'Docker Hub alias host',
      dockerfile: 'FROM index.docker.io/library/alpine:3.19\n',
      settings: { allowedRegistries: ['docker.io'] },
    },
    {
      name: 'scratch and stage references',
      dockerfile: 'FROM gcr.io/x/y:1 AS a\nFROM a\nFROM scratch\n',
      settings: ALLOWED,
    },
    { name: 'unresolvable', dockerfile: 'ARG REG\nFROM ${REG}/app:1\n', settings: ALLOWED },
    {
      name: 'wildcard host',
      dockerfile: 'FROM eu.mirror.example.net/app:1\n',
      settings: { allowedRegistries: ['*.mirror.example.net'] },
    },
  ],
  invalid: [
    {
      name: 'other registry',
      dockerfile: 'FROM quay.io/prometheus/node-exporter:v1.8.0\n',
      settings: ALLOWED,
      expect: [{ line: 1, message: 'pulls from quay.io' }],
    },
    {
      name: 'prefix must match whole path components',
      dockerfile: 'FROM registry.example.com/teamfoo/app:1\n',
      settings: ALLOWED,
      expect: [{ line: 1 }],
    },
    {
      name: 'implicit Docker Hub, not an official image',
      dockerfile: 'FROM golang:1.22 AS build\nFROM bitnami/nginx:1.25\n',
      settings: ALLOWED,
      expect: [{ line: 2, message: 'docker.io (Docker Hub, implied)' }],
    },
    {
      name: 'registry from an ARG default',
      dockerfile: 'ARG REG=ghcr.io/acme\nFROM ${REG}/app:1\n',
      settings: { allowedRegistries: ['gcr.io'] },
      expect: [{ line: 2, message: 'resolves to ghcr.io/acme/app:1' }],
    },
  ],
});

describe('registryAllowed', () => {
  it.each([
    ['alpine', ['docker.io'], true],
    ['alpine', ['DOCKER.IO/'], true],
    ['alpine', ['https://registry-1.docker.io'], true],
    ['localhost:5000/app', ['localhost:5000'], true],
    ['localhost:5000/app', ['localhost'], false],
    ['gcr.io/p/i', ['gcr.io/p'], true],
    ['gcr.io/pp/i', ['gcr.io/p'], false],
    ['evilgcr.io/p/i', ['*.gcr.io'], false],
    ['eu.gcr.io/p/i', ['*.gcr.io'], true],
  ])('%s with %j -> %s', (image, allowed, expected) => {
    expect(registryAllowed(parseImageRef(image), allowed)).toBe(expected);
  });
});
