import { testRule } from '../../../test/support/rule-tester.js';
import { npmStrictSslDisabled } from './df018-npm-strict-ssl-disabled.js';

testRule(npmStrictSslDisabled, {
  valid: [
    'FROM node:20-alpine\nRUN npm ci --omit=dev\n',
    { name: 'strict-ssl true', dockerfile: 'FROM node:20-alpine\nRUN npm config set strict-ssl true\n' },
    {
      name: 'other config keys',
      dockerfile:
        'FROM node:20-alpine\nRUN npm config set cafile /etc/ssl/corp.pem && yarn config set network-timeout 600000\n',
    },
    { name: 'reading the value', dockerfile: 'FROM node:20-alpine\nRUN npm config get strict-ssl\n' },
  ],
  invalid: [
    {
      dockerfile: 'FROM node:20-alpine\nRUN npm config set strict-ssl false\n',
      expect: [{ line: 2, message: 'npm config set strict-ssl false' }],
    },
    {
      name: 'npm set key=value with --location, then yarn, multi-line',
      dockerfile: `
      FROM node:20-alpine
      RUN npm set --location global strict-ssl=false && \\
          yarn config set strict-ssl false
      `,
      expect: [
        { line: 2, endLine: 3, message: 'npm config set strict-ssl false; yarn config set strict-ssl false' },
      ],
    },
    {
      name: 'flags on install',
      dockerfile: `
      FROM node:20-alpine
      RUN npm ci --strict-ssl=false
      RUN npm install --no-strict-ssl left-pad@1.3.0
      RUN pnpm install --strict-ssl false
      `,
      expect: [{ line: 2 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'yarn berry enableStrictSsl',
      dockerfile: 'FROM node:20-alpine\nRUN yarn config set enableStrictSsl false\n',
      expect: [{ line: 2, message: 'enableStrictSsl' }],
    },
  ],
});
