import { testImageRule } from '../../../test/support/image-rule-tester.js';
import { noHealthcheck } from './img010-no-healthcheck.js';

testImageRule(noHealthcheck, {
  valid: [
    {
      name: 'HEALTHCHECK CMD (shell form)',
      config: { Healthcheck: { Test: ['CMD-SHELL', 'curl -fsS http://localhost:8080/healthz || exit 1'] } },
    },
    { name: 'HEALTHCHECK CMD (exec form)', config: { Healthcheck: { Test: ['CMD', '/app/healthcheck'] } } },
    { name: 'a root filesystem has no config', kind: 'rootfs' },
    { name: 'a folder has no config', kind: 'fs', layers: [{ files: ['Dockerfile'] }] },
  ],
  invalid: [
    {
      name: 'no health check at all',
      config: { User: 'app' },
      expect: [{ path: 'config', severity: 'LOW', message: 'no health check is defined' }],
    },
    {
      name: 'HEALTHCHECK NONE',
      config: { Healthcheck: { Test: ['NONE'] } },
      expect: [{ path: 'config', message: 'the health check is disabled (NONE)' }],
    },
    {
      name: 'a Healthcheck without a test (only intervals)',
      config: { Healthcheck: {} },
      expect: [{ path: 'config', message: 'no health check is defined' }],
    },
    {
      name: 'an empty test',
      config: { Healthcheck: { Test: [] } },
      expect: [{ path: 'config', message: 'no health check is defined' }],
    },
  ],
});
