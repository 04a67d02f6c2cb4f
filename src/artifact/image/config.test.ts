import { describe, expect, it } from 'vitest';
import { BulkheadError } from '../../core/errors.js';
import { layerHistory, parseImageConfig } from './config.js';

const parse = (v: unknown) =>
  parseImageConfig(Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)), 'img: config', 'hint');
const base = { rootfs: { type: 'layers', diff_ids: [] as string[] } };

describe('parseImageConfig', () => {
  it('accepts a real-shaped config and keeps its fields', () => {
    const c = parse({
      ...base,
      config: {
        User: 'app',
        Env: ['A=1'],
        Cmd: null,
        ExposedPorts: { '80/tcp': {} },
        Healthcheck: { Test: ['NONE'] },
      },
      history: [{ created_by: 'ADD x /' }],
    });
    expect(c.config?.User).toBe('app');
    expect(c.config?.Env).toEqual(['A=1']);
  });

  it.each([
    ['not JSON', '{"rootfs":', 'not valid JSON'],
    ['an array', [], 'not a JSON object'],
    ['no rootfs', {}, 'no rootfs.diff_ids'],
    ['diff_ids not strings', { rootfs: { diff_ids: [1] } }, 'no rootfs.diff_ids'],
    ['history not a list', { ...base, history: {} }, 'history is not a list'],
    ['config.config a string', { ...base, config: 'x' }, 'config.config is not an object'],
    ['Env a string', { ...base, config: { Env: 'A=1' } }, 'config.Env is not a list of strings'],
    ['Cmd with numbers', { ...base, config: { Cmd: [1] } }, 'config.Cmd is not a list of strings'],
    ['User a number', { ...base, config: { User: 0 } }, 'config.User is not a string'],
    [
      'ExposedPorts a list',
      { ...base, config: { ExposedPorts: ['22/tcp'] } },
      'config.ExposedPorts is not an object',
    ],
  ])('rejects %s as an unreadable target', (_name, value, message) => {
    expect(() => parse(value)).toThrow(BulkheadError);
    expect(() => parse(value)).toThrow(message);
    try {
      parse(value);
    } catch (e) {
      expect((e as BulkheadError).code).toBe('TARGET_UNREADABLE');
      expect((e as BulkheadError).message).toMatch(/^img: config: /);
    }
  });
});

describe('layerHistory', () => {
  it('skips entries that made no layer', () => {
    expect(
      layerHistory({
        history: [
          { created_by: 'ADD x /' },
          { created_by: 'ENV A=1', empty_layer: true },
          { comment: 'no command' },
        ],
      }),
    ).toEqual(['ADD x /', undefined]);
  });
});
