import { testRule } from '../../../test/support/rule-tester.js';
import { npmUnpinned } from './df033-npm-unpinned.js';

testRule(npmUnpinned, {
  valid: [
    'FROM node:20\nRUN npm ci --omit=dev && npm install\n',
    {
      name: 'pinned and scoped pinned',
      dockerfile: 'FROM node:20\nRUN npm install -g typescript@5.4.5 @nestjs/cli@10.3.2 "pm2@^5.3.0"\n',
    },
    {
      name: 'option values, local paths, tarballs, git and GitHub specs',
      dockerfile: `
      FROM node:20
      RUN npm install --loglevel warn --prefix /opt/app ./local-pkg ../lib app-1.0.0.tgz \\
          git+https://github.com/user/repo.git#v1.0.0 github:user/repo#v1 user/repo
      `,
    },
    {
      name: 'yarn and pnpm lockfile installs',
      dockerfile: 'FROM node:20\nRUN yarn install --frozen-lockfile && pnpm install --frozen-lockfile\n',
    },
    { name: 'variables are not judged', dockerfile: 'FROM node:20\nRUN npm install -g $TOOL\n' },
  ],
  invalid: [
    {
      name: 'global unpinned, scoped without version, @latest',
      dockerfile: 'FROM node:20\nRUN npm install -g typescript @angular/cli pm2@latest eslint@9.1.0\n',
      expect: [
        { line: 2, message: 'npm install without pinned versions: typescript, @angular/cli, pm2@latest' },
      ],
    },
    {
      name: 'npm i alias with sudo, multi-line',
      dockerfile: `
      FROM node:20
      RUN sudo npm i --global \\
          yarn
      `,
      expect: [{ line: 2, endLine: 3, message: 'npm i without pinned versions: yarn' }],
    },
    {
      name: 'yarn global add and pnpm add in a heredoc',
      dockerfile: `
      FROM node:20
      RUN <<EOF
      yarn global add serve
      pnpm add -g tsx
      EOF
      `,
      expect: [
        { line: 2, endLine: 5, message: 'yarn global add, pnpm add without pinned versions: serve, tsx' },
      ],
    },
    {
      name: 'exec form',
      dockerfile: 'FROM node:20\nRUN ["npm", "add", "left-pad"]\n',
      expect: [{ line: 2, message: 'left-pad' }],
    },
  ],
});
